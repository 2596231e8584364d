"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { createBinding, deleteBinding } from "@/lib/rbac/bindings";
import { bindingInput } from "@/lib/rbac/schemas";

const tenant = z.string().min(1);

export const createBindingAction = tenantAction(z.object({ tenant }).and(bindingInput), ({ tenant: _, ...binding }, ctx) =>
  createBinding(ctx, binding),
);

export const deleteBindingAction = tenantAction(z.object({ tenant, id: z.string().min(1) }), ({ id }, ctx) =>
  deleteBinding(ctx, id),
);
