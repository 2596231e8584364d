"use server";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { passwordSchema, usernameSchema } from "@/lib/users/schemas";
import { createUser, setCanCreateTenant, setDisabled, setSuperadmin } from "@/lib/users/users";

// Thin calls into lib/users, which allows them to superadmins only.
const newUser = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(200, "display name must be at most 200 characters"),
  password: passwordSchema,
});
const flagChange = z.object({ username: z.string().min(1).max(200), value: z.boolean() });

export const createUserAction = action(newUser, (input, actor) => createUser(actor, input));

export const setSuperadminAction = action(flagChange, ({ username, value }, actor) => setSuperadmin(actor, username, value));

export const setCanCreateTenantAction = action(flagChange, ({ username, value }, actor) =>
  setCanCreateTenant(actor, username, value),
);

/** Disabling ends the user's sessions and API tokens at once. */
export const setDisabledAction = action(flagChange, ({ username, value }, actor) => setDisabled(actor, username, value));
