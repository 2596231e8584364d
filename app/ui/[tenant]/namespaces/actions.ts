"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { createNamespace } from "@/lib/namespaces/namespaces";

// name and description are checked by the domain (namespaceInput), with messages per field
export const createNamespaceAction = tenantAction(
  z.object({ tenant: z.string().min(1), name: z.string(), description: z.string().optional() }),
  (input, ctx) => createNamespace(ctx, { name: input.name, description: input.description }),
);
