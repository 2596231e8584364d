"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { createBinding, deleteBinding } from "./bindings";
import { createGroup, deleteGroup, updateGroup } from "./groups";
import { createRole, deleteRole, updateRole } from "./roles";
import { bindingInput, groupInput, groupUpdate, roleInput, roleUpdate } from "./schemas";

// The tenant's roles, groups and bindings; each action's permission is declared in lib/actions/specs.ts.
const tenant = z.string().min(1);
const id = z.string().min(1);

export const createRoleAction = tenantAction("createRoleAction", roleInput.extend({ tenant }), ({ tenant: _, ...role }, ctx) =>
  createRole(ctx, role),
);

/** `version` is the one the form was loaded with: a save over someone else's answers 412. */
export const updateRoleAction = tenantAction(
  "updateRoleAction",
  roleUpdate.extend({ tenant, id, version: z.number().int().min(1) }),
  ({ tenant: _, id, version, ...patch }, ctx) => updateRole(ctx, id, patch, version),
);

export const deleteRoleAction = tenantAction("deleteRoleAction", z.object({ tenant, id }), ({ id }, ctx) => deleteRole(ctx, id));

export const createGroupAction = tenantAction("createGroupAction", groupInput.extend({ tenant }), ({ tenant: _, ...group }, ctx) =>
  createGroup(ctx, group),
);

export const updateGroupAction = tenantAction("updateGroupAction", groupUpdate.extend({ tenant, id }), ({ tenant: _, id, ...patch }, ctx) =>
  updateGroup(ctx, id, patch),
);

export const deleteGroupAction = tenantAction("deleteGroupAction", z.object({ tenant, id }), ({ id }, ctx) => deleteGroup(ctx, id));

// a binding's namespace (if any) is checked by createBinding and deleteBinding, from the data
export const createBindingAction = tenantAction(
  "createBindingAction",
  z.object({ tenant }).and(bindingInput),
  ({ tenant: _, ...binding }, ctx) => createBinding(ctx, binding),
);

export const deleteBindingAction = tenantAction("deleteBindingAction", z.object({ tenant, id }), ({ id }, ctx) => deleteBinding(ctx, id));
