import { z } from "zod";
import { tenantIdSchema } from "../tenants/schemas";
import { workerGroupKey } from "./keys";

// Worker groups (SPEC §7), client-safe: the API, the CLI and the admin page validate with these.

export { workerGroupKey };

const description = z.string().max(2000, "description must be at most 2000 characters");
// an empty list: every tenant
const allowedTenants = z.array(tenantIdSchema).max(1000, "at most 1000 tenants").transform((ids) => [...new Set(ids)].sort());

export const workerGroupInput = z.object({ key: workerGroupKey, description: description.optional(), allowedTenants: allowedTenants.optional() }).strict();
export const workerGroupUpdate = z.object({ description: description.optional(), allowedTenants: allowedTenants.optional() }).strict();
export type WorkerGroupInput = z.input<typeof workerGroupInput>;
export type WorkerGroupUpdate = z.input<typeof workerGroupUpdate>;

export const FALLBACKS = ["WAIT", "FAIL", "CANCEL"] as const;
export type Fallback = (typeof FALLBACKS)[number];
export const asFallback = (v: unknown): Fallback => (FALLBACKS as readonly unknown[]).includes(v) ? (v as Fallback) : "WAIT";
