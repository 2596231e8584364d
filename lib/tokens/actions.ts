"use server";
import { z } from "zod";
import { action } from "../actions/safe-action";
import { unauthorized } from "../errors";
import { tokenInput } from "./schemas";
import { createToken, revokeToken } from "./tokens";

// A user's own tokens: created for the signed-in user only; revokeToken refuses others' tokens.
export const createTokenAction = action("createTokenAction", tokenInput, (input, actor) => {
  if (!actor.userId) throw unauthorized();
  return createToken(actor, actor.userId, input);
});

export const revokeTokenAction = action("revokeTokenAction", z.object({ id: z.string().min(1).max(100) }), ({ id }, actor) =>
  revokeToken(actor, id),
);
