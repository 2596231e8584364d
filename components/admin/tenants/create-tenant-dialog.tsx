"use client";
import { useMutation } from "@tanstack/react-query";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { unwrap } from "@/lib/actions/client";
import { tenantIdSchema, tenantInput } from "@/lib/tenants/schemas";
import type { TenantRow } from "@/lib/tenants/types";
import type { TenantActions } from "./types";

const schemas = { id: tenantIdSchema, name: tenantInput.shape.name, description: tenantInput.shape.description };

export function CreateTenantDialog({
  create,
  onCreated,
  onClose,
}: {
  create: TenantActions["create"];
  onCreated: (tenant: TenantRow) => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { id: "", name: "", description: "" });
  const mutation = useMutation({
    mutationFn: async (input: { id: string; name: string; description: string }) => unwrap(await create(input)),
    onSuccess: onCreated,
    onError: (e) => form.fail(e, { 409: "id" }),
  });

  function onSubmit() {
    if (form.validate()) mutation.mutate(form.values);
  }

  return (
    <FormDialog
      title="Create tenant"
      description="A tenant isolates its namespaces, flows, secrets and users from every other tenant. You become its Admin."
      testId="create-tenant-dialog"
      submitLabel="Create tenant"
      pendingLabel="Creating…"
      pending={mutation.isPending}
      error={form.message}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Field
        label="ID"
        htmlFor={form.id("id")}
        error={form.error("id")}
        hint="Used in URLs (/ui/<id>/flows); lowercase letters, digits, _ and -; cannot be changed later."
      >
        <TextInput {...form.input("id")} autoComplete="off" spellCheck={false} placeholder="production" className="font-mono" data-autofocus />
      </Field>
      <Field label="Name" htmlFor={form.id("name")} error={form.error("name")}>
        <TextInput {...form.input("name")} autoComplete="off" placeholder="Production" />
      </Field>
      <Field label="Description" htmlFor={form.id("description")} error={form.error("description")} hint="Optional.">
        <TextArea {...form.input("description")} rows={3} />
      </Field>
    </FormDialog>
  );
}
