"use server";
import { z } from "zod";
import { action } from "../actions/safe-action";
import { adminResetPassword, endUserSessions } from "./admin";
import { passwordSchema, usernameSchema } from "./schemas";
import { changeOwnPassword, createUser, setCanCreateTenant, setDisabled, setSuperadmin } from "./users";

// Instance administration of users: thin calls into lib/users, which allows them to superadmins only.
const newUser = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(200, "display name must be at most 200 characters"),
  password: passwordSchema,
});
const flagChange = z.object({ username: z.string().min(1).max(200), value: z.boolean() });

export const createUserAction = action("createUserAction", newUser, (input, actor) => createUser(actor, input));

export const setSuperadminAction = action("setSuperadminAction", flagChange, ({ username, value }, actor) =>
  setSuperadmin(actor, username, value),
);

export const setCanCreateTenantAction = action("setCanCreateTenantAction", flagChange, ({ username, value }, actor) =>
  setCanCreateTenant(actor, username, value),
);

/** Disabling ends the user's sessions and API tokens at once. */
export const setDisabledAction = action("setDisabledAction", flagChange, ({ username, value }, actor) =>
  setDisabled(actor, username, value),
);

/** The signed-in user's own password; every session of theirs ends with the change. */
export const changePasswordAction = action(
  "changePasswordAction",
  z.object({ current: z.string().min(1, "enter your current password").max(200), next: passwordSchema }),
  async ({ current, next }, actor) => {
    await changeOwnPassword(actor, current, next);
    return { changed: true };
  },
);

const userRef = z.object({ username: z.string().min(1).max(200) });

/** A superadmin resets another user's password: a generated one, answered once; the user's sessions end. */
export const resetPasswordAction = action("resetPasswordAction", userRef, ({ username }, actor) => adminResetPassword(actor, username));

/** A superadmin ends every session of a user (API tokens stay valid). */
export const endSessionsAction = action("endSessionsAction", userRef, ({ username }, actor) => endUserSessions(actor, username));
