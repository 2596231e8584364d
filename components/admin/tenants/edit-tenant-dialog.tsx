"use client";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, FormError, TextArea, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { unwrap } from "@/lib/actions/client";
import { tenantInput } from "@/lib/tenants/schemas";
import type { TenantActions, TenantRow } from "./types";

const schemas = { name: tenantInput.shape.name, description: tenantInput.shape.description };

export function EditTenantDialog({
  tenant,
  update,
  onSaved,
  onClose,
}: {
  tenant: TenantRow;
  update: TenantActions["update"];
  onSaved: (tenant: TenantRow) => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { name: tenant.name, description: tenant.description });
  const mutation = useMutation({
    mutationFn: async (input: { name: string; description: string }) => unwrap(await update({ id: tenant.id, ...input })),
    onSuccess: onSaved,
    onError: (e) => form.fail(e),
  });

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (form.validate()) mutation.mutate(form.values);
  }

  return (
    <Dialog title={`Edit tenant ${tenant.id}`} onClose={() => !mutation.isPending && onClose()} testId="edit-tenant-dialog">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <Field label="Name" htmlFor={form.id("name")} error={form.error("name")}>
          <TextInput {...form.input("name")} autoComplete="off" data-autofocus />
        </Field>
        <Field label="Description" htmlFor={form.id("description")} error={form.error("description")}>
          <TextArea {...form.input("description")} rows={3} />
        </Field>
        <FormError message={form.message} />
        <DialogActions>
          <Button type="button" variant="secondary" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" disabled={mutation.isPending} aria-busy={mutation.isPending}>
            {mutation.isPending ? "Saving…" : "Save changes"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
