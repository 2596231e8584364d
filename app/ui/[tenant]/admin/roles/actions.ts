"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { createRole, deleteRole, updateRole } from "@/lib/rbac/roles";
import { roleInput, roleUpdate } from "@/lib/rbac/schemas";

const tenant = z.string().min(1);
const id = z.string().min(1);

export const createRoleAction = tenantAction(roleInput.extend({ tenant }), ({ tenant: _, ...role }, ctx) =>
  createRole(ctx, role),
);

/** `version` is the one the form was loaded with: a save over someone else's answers 412. */
export const updateRoleAction = tenantAction(
  roleUpdate.extend({ tenant, id, version: z.number().int().min(1) }),
  ({ tenant: _, id, version, ...patch }, ctx) => updateRole(ctx, id, patch, version),
);

export const deleteRoleAction = tenantAction(z.object({ tenant, id }), ({ id }, ctx) => deleteRole(ctx, id));
