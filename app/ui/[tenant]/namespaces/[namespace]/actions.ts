"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { updateNamespace } from "@/lib/namespaces/namespaces";

export const updateNamespaceAction = tenantAction(
  z.object({ tenant: z.string().min(1), name: z.string().min(1), description: z.string(), version: z.number().int().min(0) }),
  (input, ctx) => updateNamespace(ctx, input.name, { description: input.description }, input.version),
);
