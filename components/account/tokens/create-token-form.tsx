"use client";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Field, FormError, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { unwrap } from "@/lib/actions/client";
import { tokenExpirySchema, tokenNameSchema } from "@/lib/tokens/schemas";
import type { TokenActions } from "./types";

const schemas = { name: tokenNameSchema, expiresIn: tokenExpirySchema };

export function CreateTokenForm({
  create,
  onCreated,
}: {
  create: TokenActions["create"];
  onCreated: (created: { name: string; token: string }) => void;
}) {
  const form = useForm(schemas, { name: "", expiresIn: "" });
  const mutation = useMutation({
    mutationFn: async ({ name, expiresIn }: typeof form.values) =>
      unwrap(await create({ name, expiresIn: expiresIn.trim() || undefined })),
    onSuccess: (created) => {
      form.reset();
      onCreated(created);
    },
    onError: (e) => form.fail(e),
  });

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (form.validate()) mutation.mutate(form.values);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create token" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-slate-900">Create a token</h2>
      <p className="mt-0.5 text-sm text-slate-500">
        Requests send it in the header{" "}
        <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-700">Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <div className="mt-3 grid gap-4 sm:grid-cols-[1fr_16rem_auto] sm:items-start">
        <Field label="Name" htmlFor={form.id("name")} error={form.error("name")} hint="What uses it, e.g. “CI deploys”.">
          <TextInput {...form.input("name")} autoComplete="off" />
        </Field>
        <Field
          label="Expires in"
          htmlFor={form.id("expiresIn")}
          error={form.error("expiresIn")}
          hint="e.g. 30d, 12h or P30D; empty: never."
        >
          <TextInput {...form.input("expiresIn")} autoComplete="off" spellCheck={false} placeholder="30d" />
        </Field>
        <Button type="submit" className="sm:mt-6" disabled={mutation.isPending} aria-busy={mutation.isPending}>
          {mutation.isPending ? "Creating…" : "Create token"}
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
