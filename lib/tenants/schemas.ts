import { z } from "zod";
import { secretConfig, storageConfig } from "../backends/config";
import { workerGroupKey } from "../workers/keys";
import { concurrencyLimit } from "../namespaces/schemas";

/** Words the routes use; a tenant with such an id would shadow them. */
export const RESERVED_TENANT_IDS = [
  "api",
  "ui",
  "admin",
  "login",
  "logout",
  "tenants",
  "flows",
  "namespaces",
  "executions",
  "logs",
  "secrets",
  "kv",
  "files",
  "users",
  "groups",
  "roles",
  "bindings",
  "auditlogs",
  "settings",
  "me",
  "search",
  "openapi.json",
  "health",
  "plugins",
  "auth",
  "tokens",
  "account",
  "_next",
] as const;

export const tenantIdSchema = z
  .string({ error: "id is required" })
  .min(1, "id is required")
  .max(64, "id must be at most 64 characters")
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    "id must start with a lowercase letter or digit and contain only lowercase letters, digits, _ and -",
  )
  .refine((id) => !(RESERVED_TENANT_IDS as readonly string[]).includes(id), {
    message: "this id is reserved by Tenantflow's routes; choose another",
  });

const nameSchema = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(200, "name must be at most 200 characters");
const descriptionSchema = z.string().max(2000, "description must be at most 2000 characters");

// dedicated backends; null (or absent at creation) means the instance default
// and the default worker group of its tasks (SPEC §7; null: the instance's default group)
const backends = { storage: storageConfig.nullable().optional(), secrets: secretConfig.nullable().optional(), workerGroup: workerGroupKey.nullable().optional() };

export const tenantInput = z.object({
  id: tenantIdSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
  ...backends,
});
// set by superadmins: the tenant's concurrency limit (null: none) and its weight in the turns
// between tenants (weighted round-robin)
const engineSettings = {
  concurrencyLimit: concurrencyLimit.nullable().optional(),
  weight: z
    .number({ error: "weight must be a whole number from 1 to 100" })
    .int("weight must be a whole number")
    .min(1, "weight must be at least 1")
    .max(100, "weight must be at most 100")
    .optional(),
};

export const tenantUpdate = z.object({
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
  ...backends,
  ...engineSettings,
});
export type TenantInput = z.input<typeof tenantInput>;
export type TenantUpdate = z.input<typeof tenantUpdate>;

/** A superadmin's recovery of a tenant's Admin: the user to make its tenant-wide Admin. */
export const tenantAdminInput = z.object({
  username: z.string({ error: "username is required" }).trim().min(1, "username is required").max(200, "username must be at most 200 characters"),
});
export type TenantAdminInput = z.input<typeof tenantAdminInput>;

/** The error code of a create whose id is a deleted tenant's (told to superadmins, who may restore it). */
export const TENANT_DELETED = "TENANT_DELETED";
