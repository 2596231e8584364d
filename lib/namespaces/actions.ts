"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { createNamespace, updateNamespace } from "./namespaces";

// name and description are checked by the domain (namespaceInput), with messages per field
export const createNamespaceAction = tenantAction(
  "createNamespaceAction",
  z.object({ tenant: z.string().min(1), name: z.string(), description: z.string().optional() }),
  (input, ctx) => createNamespace(ctx, { name: input.name, description: input.description }),
);

export const updateNamespaceAction = tenantAction(
  "updateNamespaceAction",
  z.object({ tenant: z.string().min(1), name: z.string().min(1), description: z.string(), version: z.number().int().min(0) }),
  (input, ctx) => updateNamespace(ctx, input.name, { description: input.description }, input.version),
);

// the settings the namespace page edits; each field is validated by the domain's schema
const settingsChange = z.object({
  variables: z.unknown().optional(),
  pluginDefaults: z.unknown().optional(),
  allowedNamespaces: z.unknown().optional(),
  concurrencyLimit: z.unknown().optional(),
  storage: z.unknown().optional(),
  secrets: z.unknown().optional(),
  workerGroup: z.unknown().optional(),
});

export const updateNamespaceSettingsAction = tenantAction(
  "updateNamespaceSettingsAction",
  z.object({ tenant: z.string().min(1), name: z.string().min(1), version: z.number().int().min(0), changes: settingsChange }),
  (input, ctx) => updateNamespace(ctx, input.name, input.changes as Parameters<typeof updateNamespace>[2], input.version),
);
