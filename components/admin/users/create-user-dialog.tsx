"use client";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { unwrap } from "@/lib/actions/client";
import { passwordSchema, usernameSchema } from "@/lib/users/schemas";
import type { InstanceUserRow } from "@/lib/users/types";
import type { InstanceUserActions } from "./types";

const schemas = {
  username: usernameSchema,
  displayName: z.string().trim().max(200, "display name must be at most 200 characters"),
  password: passwordSchema,
};

export function CreateUserDialog({
  create,
  onCreated,
  onClose,
}: {
  create: InstanceUserActions["create"];
  onCreated: (user: InstanceUserRow) => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { username: "", displayName: "", password: "" });
  const mutation = useMutation({
    mutationFn: async (input: typeof form.values) => unwrap(await create(input)),
    onSuccess: onCreated,
    onError: (e) => form.fail(e, { 409: "username" }),
  });

  function onSubmit() {
    if (form.validate()) mutation.mutate(form.values);
  }

  return (
    <FormDialog
      title="Create user"
      description="Users are global to the instance; grant them access to tenants from each tenant's Users page."
      testId="create-user-dialog"
      submitLabel="Create user"
      pendingLabel="Creating…"
      pending={mutation.isPending}
      error={form.message}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Field label="Username" htmlFor={form.id("username")} error={form.error("username")} hint="An e-mail address is fine.">
        <TextInput {...form.input("username")} autoComplete="off" spellCheck={false} data-autofocus />
      </Field>
      <Field label="Display name" htmlFor={form.id("displayName")} error={form.error("displayName")} hint="Optional; the username is shown when empty.">
        <TextInput {...form.input("displayName")} autoComplete="off" />
      </Field>
      <Field label="Password" htmlFor={form.id("password")} error={form.error("password")} hint="At least 8 characters. Share it with the user privately.">
        <TextInput {...form.input("password")} type="password" autoComplete="new-password" />
      </Field>
    </FormDialog>
  );
}
