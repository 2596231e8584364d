"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { createGroup, deleteGroup, updateGroup } from "@/lib/rbac/groups";
import { groupInput, groupUpdate } from "@/lib/rbac/schemas";

const tenant = z.string().min(1);
const id = z.string().min(1);

export const createGroupAction = tenantAction(groupInput.extend({ tenant }), ({ tenant: _, ...group }, ctx) =>
  createGroup(ctx, group),
);

export const updateGroupAction = tenantAction(groupUpdate.extend({ tenant, id }), ({ tenant: _, id, ...patch }, ctx) =>
  updateGroup(ctx, id, patch),
);

export const deleteGroupAction = tenantAction(z.object({ tenant, id }), ({ id }, ctx) => deleteGroup(ctx, id));
