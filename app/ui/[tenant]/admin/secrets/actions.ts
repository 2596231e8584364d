"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { deleteSecret, putSecret } from "@/lib/secrets/secrets";

// Secrets of the tenant (namespace null) or of a namespace, from the secrets page and the
// namespace page's Secrets tab. The value is checked and sealed by putSecret; nothing answers it.
const level = { tenant: z.string().min(1), namespace: z.string().min(1).nullable(), key: z.string() };
const write = z.object({ ...level, value: z.string(), description: z.string().optional() });

export const createSecretAction = tenantAction(write, async ({ namespace, key, value, description }, ctx) =>
  (await putSecret(ctx, namespace, key, { value, description }, "create")).secret,
);

export const replaceSecretAction = tenantAction(write, async ({ namespace, key, value, description }, ctx) =>
  (await putSecret(ctx, namespace, key, { value, description }, "replace")).secret,
);

export const deleteSecretAction = tenantAction(z.object(level), ({ namespace, key }, ctx) => deleteSecret(ctx, namespace, key));
