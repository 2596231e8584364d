"use client";
import { useMutation } from "@tanstack/react-query";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { unwrap } from "@/lib/actions/client";
import { secretDescriptionSchema, secretKeySchema, secretValueField } from "@/lib/secrets/schemas";
import type { SecretActions } from "./types";

const schemas = { key: secretKeySchema, value: secretValueField, description: secretDescriptionSchema };

/**
 * "New secret" (key, value, description) or "Replace" (a new value for a key). The value field is
 * a password input that starts empty every time: a stored value is never sent to the browser.
 */
export function SecretDialog({
  mode,
  tenant,
  namespace,
  current,
  actions,
  onSaved,
  onClose,
}: {
  mode: "create" | "replace";
  tenant: string;
  namespace: string | null;
  current?: { key: string; description: string };
  actions: SecretActions;
  onSaved: (key: string, mode: "create" | "replace") => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { key: current?.key ?? "", value: "", description: current?.description ?? "" });
  const save = useMutation({
    mutationFn: async (v: typeof form.values) =>
      unwrap(await (mode === "create" ? actions.create : actions.replace)({ tenant, namespace, key: v.key, value: v.value, description: v.description })),
    onSuccess: (saved) => onSaved(saved.key, mode),
    onError: (e) => form.fail(e, { 409: "key", 413: "value" }),
  });

  function onSubmit() {
    if (form.validate()) save.mutate(form.values);
  }

  const where = namespace === null ? "the whole tenant" : namespace;
  return (
    <FormDialog
      title={mode === "create" ? "New secret" : `Replace ${current?.key}`}
      description={
        mode === "create"
          ? `Stored encrypted for ${where}; after saving, nobody can read the value back here or through the API.`
          : "Enter the new value. The current one is never shown."
      }
      testId="secret-dialog"
      submitLabel={mode === "create" ? "Save secret" : "Replace value"}
      pendingLabel="Saving…"
      pending={save.isPending}
      error={form.message}
      onSubmit={onSubmit}
      onClose={onClose}
      formLabel={mode === "create" ? "New secret" : "Replace secret"}
    >
      {mode === "create" ? (
        <Field label="Key" htmlFor={form.id("key")} error={form.error("key")} hint="A letter, then letters, digits and _ (e.g. DB_PASSWORD).">
          <TextInput {...form.input("key")} autoComplete="off" spellCheck={false} className="font-mono" data-autofocus />
        </Field>
      ) : (
        <p className="text-sm text-slate-600">
          Key <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">{current?.key}</code>
        </p>
      )}
      <Field label="Value" htmlFor={form.id("value")} error={form.error("value")} hint="Up to 64 KiB. Hidden while you type.">
        <TextInput {...form.input("value")} type="password" autoComplete="new-password" spellCheck={false} {...(mode === "replace" && { "data-autofocus": true })} />
      </Field>
      <Field label="Description" htmlFor={form.id("description")} error={form.error("description")} hint="Optional: what it is for.">
        <TextInput {...form.input("description")} autoComplete="off" />
      </Field>
    </FormDialog>
  );
}
