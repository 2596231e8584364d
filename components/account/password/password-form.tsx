"use client";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, FormError, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import type { ServerAction } from "@/lib/actions/result";
import { unwrap } from "@/lib/actions/client";
import { passwordSchema } from "@/lib/users/schemas";

const schemas = { current: z.string().min(1, "enter your current password"), next: passwordSchema };

/** Changes the user's own password; the session ends with it, so the browser goes to sign in. */
export function PasswordForm({ change }: { change: ServerAction<{ current: string; next: string }, { changed: boolean }> }) {
  const form = useForm(schemas, { current: "", next: "" });
  const mutation = useMutation({
    mutationFn: async (input: { current: string; next: string }) => unwrap(await change(input)),
    onSuccess: () => window.location.assign("/login?passwordChanged=1"),
    onError: (e) => form.fail(e),
  });

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (form.validate()) mutation.mutate(form.values);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4" data-testid="password-form">
      <Field label="Current password" htmlFor={form.id("current")} error={form.error("current")}>
        <TextInput {...form.input("current")} type="password" autoComplete="current-password" />
      </Field>
      <Field label="New password" htmlFor={form.id("next")} error={form.error("next")}>
        <TextInput {...form.input("next")} type="password" autoComplete="new-password" />
      </Field>
      <FormError message={form.message} />
      <Button type="submit" disabled={mutation.isPending} aria-busy={mutation.isPending}>
        {mutation.isPending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
