import { z } from "zod";
import { grantsSchema } from "../authz/permissions";
import { namespaceSchema } from "../namespaces/schemas";
import { usernameSchema } from "../users/schemas";

const name = (what: string) =>
  z
    .string({ error: `${what} name is required` })
    .trim()
    .min(1, `${what} name is required`)
    .max(100, `${what} name must be at most 100 characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, `${what} name may contain letters, digits, spaces, . _ and - only`);

export const roleInput = z.object({
  name: name("role"),
  description: z.string().max(500).optional(),
  permissions: grantsSchema,
});
export const roleUpdate = roleInput.partial();

export const groupInput = z.object({
  name: name("group"),
  description: z.string().max(500).optional(),
  members: z.array(usernameSchema).max(1000).optional(),
});
export const groupUpdate = groupInput.partial();

export const bindingInput = z
  .object({
    user: usernameSchema.optional(),
    group: z.string().min(1).max(100).optional(),
    role: z.string({ error: "role is required" }).min(1, "role is required").max(100),
    namespace: namespaceSchema.nullish(),
  })
  .refine((b) => (b.user === undefined) !== (b.group === undefined), {
    message: "a binding names exactly one of user or group",
    path: ["user"],
  });

export type RoleInput = z.input<typeof roleInput>;
export type GroupInput = z.input<typeof groupInput>;
export type BindingInput = z.input<typeof bindingInput>;
