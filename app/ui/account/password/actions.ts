"use server";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { passwordSchema } from "@/lib/users/schemas";
import { changeOwnPassword } from "@/lib/users/users";

// The signed-in user's own password; every session of theirs ends with the change.
export const changePasswordAction = action(
  z.object({ current: z.string().min(1, "enter your current password").max(200), next: passwordSchema }),
  async ({ current, next }, actor) => {
    await changeOwnPassword(actor, current, next);
    return { changed: true };
  },
);
