import { z } from "zod";

// Secret keys follow Kestra's: a letter, then letters, digits and underscores (they become the
// suffix of an environment variable name with the env backend).
export const SECRET_KEY_MAX = 255;
export const SECRET_VALUE_MAX_BYTES = 64 * 1024;

export const secretKeySchema = z
  .string({ error: "key is required" })
  .min(1, "key is required")
  .max(SECRET_KEY_MAX, `key must be at most ${SECRET_KEY_MAX} characters`)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "key must start with a letter and contain only letters, digits and _");

export const secretDescriptionSchema = z.string({ error: "description must be text" }).max(500, "description must be at most 500 characters");

export const secretValueSchema = z.string({ error: "value must be text" }).min(1, "value is required");

/** The value as the forms check it while typing: the 64 KiB limit too (the server answers 413). */
export const secretValueField = secretValueSchema.refine(
  (v) => new TextEncoder().encode(v).length <= SECRET_VALUE_MAX_BYTES,
  `value must be at most ${SECRET_VALUE_MAX_BYTES / 1024} KiB`,
);

/** The body of PUT …/secrets/{key}; a value over 64 KiB is refused with 413. */
export const secretInput = z
  .object({
    value: secretValueSchema,
    description: secretDescriptionSchema.optional(),
  })
  .strict();
export type SecretInput = z.infer<typeof secretInput>;

/** Where a listed secret comes from when it is not the namespace's own. */
export const inheritedFromSchema = z.union([
  z.object({ level: z.literal("namespace"), namespace: z.string() }),
  z.object({ level: z.literal("tenant") }),
]);

export const secretListItem = z.object({
  key: z.string(),
  description: z.string(),
  createdAt: z.string().nullable().describe("null for secrets read from environment variables"),
  updatedAt: z.string().nullable(),
  backend: z.enum(["internal", "env"]).describe("where the value is kept: the encrypted store or environment variables (read-only)"),
  inheritedFrom: inheritedFromSchema
    .optional()
    .describe('absent for the namespace\'s own secrets; {"level":"namespace","namespace":"company"} or {"level":"tenant"} for inherited ones'),
});
export const secretList = z.object({ results: z.array(secretListItem), total: z.number().int() });
