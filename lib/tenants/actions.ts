"use server";
import { z } from "zod";
import { action, tenantAction } from "../actions/safe-action";
import { grantAccess, revokeAccess } from "./access";
import { tenantAdminInput, tenantInput, tenantUpdate } from "./schemas";
import { addTenantAdmin, createTenant, deleteTenant, restoreTenant, updateTenant } from "./tenants";

// Instance administration of tenants: thin calls into lib/tenants, whose functions check
// TENANT:CREATE, who may manage which tenant, and that multi-tenancy is on.
const tenantRef = z.object({ id: z.string().min(1).max(64) });

export const createTenantAction = action("createTenantAction", tenantInput, (input, actor) => createTenant(actor, input));

export const updateTenantAction = action("updateTenantAction", tenantUpdate.extend(tenantRef.shape), ({ id, ...changes }, actor) =>
  updateTenant(actor, id, changes),
);

export const deleteTenantAction = action("deleteTenantAction", tenantRef, ({ id }, actor) => deleteTenant(actor, id));

export const restoreTenantAction = action("restoreTenantAction", tenantRef, ({ id }, actor) => restoreTenant(actor, id));

/** A superadmin makes a user the tenant's Admin (the recovery of a tenant left without one). */
export const addTenantAdminAction = action("addTenantAdminAction", tenantAdminInput.extend(tenantRef.shape), ({ id, username }, actor) =>
  addTenantAdmin(actor, id, { username }),
);

// A tenant's users (the tenant's users page): USER:CREATE and USER:DELETE, declared in lib/actions/specs.ts.
const tenantUser = z.object({ tenant: z.string().min(1).max(64), username: z.string().trim().min(1).max(200) });

export const grantAccessAction = tenantAction("grantAccessAction", tenantUser, ({ username }, ctx) => grantAccess(ctx, username));

export const revokeAccessAction = tenantAction("revokeAccessAction", tenantUser, ({ username }, ctx) => revokeAccess(ctx, username));
