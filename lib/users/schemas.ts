import { z } from "zod";

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "username is required")
  .max(200, "username must be at most 200 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/, "username may contain letters, digits and . _ @ + - only");

export const passwordSchema = z.string().min(8, "password must be at least 8 characters").max(200);

export const userInput = z.object({
  username: usernameSchema,
  password: passwordSchema,
  displayName: z.string().trim().max(200).optional(),
  superadmin: z.boolean().optional(),
  serviceAccount: z.boolean().optional(),
});
export type UserInput = z.input<typeof userInput>;

/** A superadmin's password reset: the new password, or none to have one generated (answered once). */
export const passwordResetInput = z.strictObject({ password: passwordSchema.optional() });
