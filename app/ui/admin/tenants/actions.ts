"use server";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { tenantAdminInput, tenantInput, tenantUpdate } from "@/lib/tenants/schemas";
import { addTenantAdmin, createTenant, deleteTenant, restoreTenant, updateTenant } from "@/lib/tenants/tenants";

// Thin calls into lib/tenants: the domain functions check TENANT:CREATE, who may manage which
// tenant, and that multi-tenancy is on.
const tenantRef = z.object({ id: z.string().min(1).max(64) });

export const createTenantAction = action(tenantInput, (input, actor) => createTenant(actor, input));

export const updateTenantAction = action(tenantUpdate.extend(tenantRef.shape), ({ id, ...changes }, actor) =>
  updateTenant(actor, id, changes),
);

export const deleteTenantAction = action(tenantRef, ({ id }, actor) => deleteTenant(actor, id));

export const restoreTenantAction = action(tenantRef, ({ id }, actor) => restoreTenant(actor, id));

/** A superadmin makes a user the tenant's Admin (the recovery of a tenant left without one). */
export const addTenantAdminAction = action(tenantAdminInput.extend(tenantRef.shape), ({ id, username }, actor) =>
  addTenantAdmin(actor, id, { username }),
);
