"use server";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { unauthorized } from "@/lib/errors";
import { tokenInput } from "@/lib/tokens/schemas";
import { createToken, revokeToken } from "@/lib/tokens/tokens";

// A user's own tokens: created for the signed-in user only; revokeToken refuses others' tokens.
export const createTokenAction = action(tokenInput, (input, actor) => {
  if (!actor.userId) throw unauthorized();
  return createToken(actor, actor.userId, input);
});

export const revokeTokenAction = action(z.object({ id: z.string().min(1).max(100) }), ({ id }, actor) => revokeToken(actor, id));
