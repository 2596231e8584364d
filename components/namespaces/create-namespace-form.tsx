"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Action } from "@/components/flows/editor-parts";
import { Button } from "@/components/ui/button";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { failureOf, formErrors, unwrap } from "@/lib/actions/client";

type Created = { name: string };

/** Creates a namespace (or makes an implicit one explicit), then shows the updated tree. */
export function CreateNamespaceForm({
  tenant,
  create,
  defaultName = "",
}: {
  tenant: string;
  create: Action<{ tenant: string; name: string; description?: string }, Created>;
  defaultName?: string;
}) {
  const router = useRouter();
  const [name, setName] = useState(defaultName);
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; description?: string; form?: string }>({});
  const [created, setCreated] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setCreated(null);
    try {
      const data = unwrap(await create({ tenant, name: name.trim(), description: description.trim() || undefined }));
      setCreated(data.name);
      setName("");
      setDescription("");
      router.refresh();
    } catch (e) {
      const { fields, message } = formErrors(e, ["name", "description"] as const);
      // a namespace the user may not even read answers 404
      const unreadable = failureOf(e).status === 404;
      setErrors({ ...fields, form: unreadable ? `You may not create ${name.trim()}: that needs NAMESPACE:CREATE on it or on a parent.` : (message ?? undefined) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Create namespace" noValidate>
      <Field label="Name" htmlFor="ns-name" error={errors.name} hint="Lowercase, dots make a hierarchy: company.team.project">
        <TextInput
          id="ns-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="company.team"
          required
          aria-invalid={!!errors.name}
          className="font-mono"
        />
      </Field>
      <Field label="Description" htmlFor="ns-description" error={errors.description}>
        <TextArea id="ns-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} aria-invalid={!!errors.description} />
      </Field>
      {errors.form && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.form}
        </p>
      )}
      {created && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Created <span className="font-mono">{created}</span>.
        </p>
      )}
      <Button type="submit" disabled={busy || !name.trim()} className="w-full">
        {busy ? "Creating…" : "Create namespace"}
      </Button>
    </form>
  );
}
