"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { useForm } from "@/components/ui/use-form";
import { errorMessage, failureOf, unwrap } from "@/lib/actions/client";
import { TENANT_DELETED, tenantIdSchema, tenantInput } from "@/lib/tenants/schemas";
import type { TenantRow } from "@/lib/tenants/types";
import type { TenantActions } from "./types";

const schemas = { id: tenantIdSchema, name: tenantInput.shape.name, description: tenantInput.shape.description };

/**
 * Creates a tenant. An id that is a deleted tenant's (told to superadmins only) offers to restore
 * that tenant, with its data, instead.
 */
export function CreateTenantDialog({
  create,
  restore,
  onCreated,
  onRestored,
  onClose,
}: {
  create: TenantActions["create"];
  restore: TenantActions["restore"];
  onCreated: (tenant: TenantRow) => void;
  onRestored: (tenant: TenantRow) => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { id: "", name: "", description: "" });
  // the deleted tenant's id the server named (the field may have changed since)
  const [deletedId, setDeletedId] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: async (input: { id: string; name: string; description: string }) => unwrap(await create(input)),
    onSuccess: onCreated,
    onError: (e, input) => {
      if (failureOf(e).code === TENANT_DELETED) setDeletedId(input.id);
      else form.fail(e, { 409: "id" });
    },
  });
  const restoring = useMutation({
    mutationFn: async (id: string) => unwrap(await restore({ id })),
    onSuccess: onRestored,
  });

  function onSubmit() {
    setDeletedId(null);
    restoring.reset();
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
      {deletedId && (
        <Notice
          tone="warning"
          testId="deleted-tenant-notice"
          title="A deleted tenant has this id: Restore it?"
          actions={
            <Button type="button" variant="secondary" onClick={() => restoring.mutate(deletedId)} disabled={restoring.isPending} aria-busy={restoring.isPending}>
              {restoring.isPending ? "Restoring…" : `Restore ${deletedId}`}
            </Button>
          }
        >
          Restoring brings it back with its name, flows, users and other data as they were; the name and description above are not used. Or choose another id.
          {restoring.isError && <p className="mt-1 font-medium">{errorMessage(restoring.error)}</p>}
        </Notice>
      )}
    </FormDialog>
  );
}
