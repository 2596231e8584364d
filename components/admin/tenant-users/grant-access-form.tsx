"use client";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Field, FormError, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { unwrap } from "@/lib/actions/client";
import { usernameSchema } from "@/lib/users/schemas";
import type { TenantUserActions } from "./types";

const schemas = { username: usernameSchema };

/** Gives an existing instance user access to this tenant. */
export function GrantAccessForm({
  tenant,
  grant,
  onGranted,
}: {
  tenant: string;
  grant: TenantUserActions["grant"];
  onGranted: (result: { username: string; created: boolean }) => void;
}) {
  const form = useForm(schemas, { username: "" });
  const mutation = useMutation({
    mutationFn: async (username: string) => unwrap(await grant({ tenant, username })),
    onSuccess: (result) => {
      form.reset();
      onGranted(result);
    },
    onError: (e) => form.fail(e, { 404: "username" }),
  });

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (form.validate()) mutation.mutate(form.values.username.trim());
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mb-6 rounded-lg border border-slate-200 bg-white p-4" aria-label="Grant access">
      <h2 className="text-sm font-semibold text-slate-900">Grant access</h2>
      <p className="mt-0.5 text-sm text-slate-500">
        Access lets a user open this tenant; what they may do in it comes from their roles.
      </p>
      <div className="mt-3 flex flex-wrap items-start gap-3">
        <div className="min-w-64 flex-1">
          <Field label="Username" htmlFor={form.id("username")} error={form.error("username")}>
            <TextInput {...form.input("username")} autoComplete="off" spellCheck={false} placeholder="alice@example.com" />
          </Field>
        </div>
        <Button type="submit" className="mt-6" disabled={mutation.isPending} aria-busy={mutation.isPending}>
          {mutation.isPending ? "Granting…" : "Grant access"}
        </Button>
      </div>
      {form.message && (
        <div className="mt-3">
          <FormError message={form.message} />
        </div>
      )}
    </form>
  );
}
