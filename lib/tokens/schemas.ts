import { z } from "zod";
import { parseDuration } from "../duration";

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "a token needs a name")
  .max(100, "a token name must be at most 100 characters");

/** An expiry as users write it (30d, 12h, P30D); empty means the token never expires. */
export const tokenExpirySchema = z
  .string()
  .trim()
  .refine((v) => v === "" || (parseDuration(v) ?? 0) > 0, "use a duration such as 30d, 12h or P30D");

export const tokenInput = z.object({
  name: tokenNameSchema,
  expiresIn: z.string().trim().optional(),
});

export type TokenState = "active" | "expired" | "revoked";

/** Whether a token still opens the API. */
export function tokenState(t: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): TokenState {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt <= now) return "expired";
  return "active";
}
