"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { deleteSecret, putSecret } from "./secrets";

// Secrets of the tenant (namespace null: SECRET checked tenant-wide) or of a namespace, from the
// secrets page and the namespace page's Secrets tab. The value is checked and sealed by putSecret;
// nothing answers it.
const level = { tenant: z.string().min(1), namespace: z.string().min(1).nullable(), key: z.string() };
const write = z.object({ ...level, value: z.string(), description: z.string().optional() });

export const createSecretAction = tenantAction("createSecretAction", write, async ({ namespace, key, value, description }, ctx) =>
  (await putSecret(ctx, namespace, key, { value, description }, "create")).secret,
);

export const replaceSecretAction = tenantAction("replaceSecretAction", write, async ({ namespace, key, value, description }, ctx) =>
  (await putSecret(ctx, namespace, key, { value, description }, "replace")).secret,
);

export const deleteSecretAction = tenantAction("deleteSecretAction", z.object(level), ({ namespace, key }, ctx) =>
  deleteSecret(ctx, namespace, key),
);
