import { z } from "zod";
import { tenantIdSchema } from "../tenants/schemas";

// Worker groups (SPEC §7), client-safe: the API, the CLI and the admin page validate with these.

/** A group's key, as a task's `workerGroup.key` names it ("" is the default group, never defined). */
export const workerGroupKey = z
  .string({ error: "key is required" })
  .min(1, "key is required")
  .max(100, "key must be at most 100 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "key must start with a letter or digit and contain only letters, digits, ., _ and -");

const description = z.string().max(2000, "description must be at most 2000 characters");
// an empty list: every tenant
const allowedTenants = z.array(tenantIdSchema).max(1000, "at most 1000 tenants").transform((ids) => [...new Set(ids)].sort());

export const workerGroupInput = z.object({ key: workerGroupKey, description: description.optional(), allowedTenants: allowedTenants.optional() }).strict();
export const workerGroupUpdate = z.object({ description: description.optional(), allowedTenants: allowedTenants.optional() }).strict();
export type WorkerGroupInput = z.input<typeof workerGroupInput>;
export type WorkerGroupUpdate = z.input<typeof workerGroupUpdate>;

/** A tenant's or a namespace's default group: a key, or null to inherit. */
export const defaultWorkerGroup = workerGroupKey.nullable().optional();

export const FALLBACKS = ["WAIT", "FAIL", "CANCEL"] as const;
export type Fallback = (typeof FALLBACKS)[number];
export const asFallback = (v: unknown): Fallback => (FALLBACKS as readonly unknown[]).includes(v) ? (v as Fallback) : "WAIT";
