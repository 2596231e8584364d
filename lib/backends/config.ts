import { z } from "zod";

// Dedicated backends, stored as JSON on a tenant or a namespace (null: inherit). Credentials are
// never stored: an S3 backend names the environment variables that hold them.

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, "must be an environment variable name (A-Z, 0-9, _)");

export const localStorageConfig = z
  .object({
    type: z.literal("local"),
    // a sub-directory of the dedicated root inside the instance storage root (never an arbitrary path)
    directory: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "directory must be a simple name (a-z, 0-9, ., _, -)")
      .refine((d) => !d.includes(".."), "directory must not contain ..")
      .optional(),
  })
  .strict();

export const s3StorageConfig = z
  .object({
    type: z.literal("s3"),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "bucket must be a valid S3 bucket name"),
    region: z.string().regex(/^[a-z0-9-]{1,32}$/, "region must look like us-east-1").default("us-east-1"),
    endpoint: z.url({ protocol: /^https?$/, error: "endpoint must be an http(s) URL" }).optional(),
    // never `=`: object names mark their tenant segment with it (lib/storage/s3.ts)
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]{0,200}$/, "prefix may hold letters, digits and / ! _ . * ' ( ) -")
      .refine((p) => !p.split("/").includes(".."), "prefix must not contain ..")
      .optional(),
    forcePathStyle: z.boolean().default(false),
    accessKeyIdEnv: envName.optional(),
    secretAccessKeyEnv: envName.optional(),
  })
  .strict();

export const storageConfig = z.discriminatedUnion("type", [localStorageConfig, s3StorageConfig], {
  error: 'storage type must be "local" or "s3"',
});
export type StorageConfig = z.output<typeof storageConfig>;

export const secretConfig = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("internal") }).strict(),
    // read-only: a secret KEY is read from the variable PREFIX + KEY (base64-encoded value)
    z
      .object({
        type: z.literal("env"),
        prefix: z.string().regex(/^SECRET_[A-Z0-9_]{0,60}$/, "prefix must start with SECRET_").default("SECRET_"),
      })
      .strict(),
  ],
  { error: 'secret backend type must be "internal" or "env"' },
);
export type SecretConfig = z.output<typeof secretConfig>;

export const INSTANCE_STORAGE: StorageConfig = { type: "local" };
export const INSTANCE_SECRETS: SecretConfig = { type: "internal" };

/** Parses a stored column; a value that no longer parses is treated as absent (inherit). */
export function parseStored<T>(schema: z.ZodType<T>, raw: string | null | undefined): T | null {
  if (!raw) return null;
  try {
    const r = schema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
