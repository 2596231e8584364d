"use client";
import { useMutation } from "@tanstack/react-query";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { unwrap } from "@/lib/actions/client";
import { tenantAdminInput } from "@/lib/tenants/schemas";
import type { TenantRow } from "@/lib/tenants/types";
import type { TenantActions } from "./types";

const schemas = { username: tenantAdminInput.shape.username };

/** A superadmin makes a user a tenant's Admin: how a tenant left without one is recovered. */
export function AddAdminDialog({
  tenant,
  addAdmin,
  onAdded,
  onClose,
}: {
  tenant: TenantRow;
  addAdmin: TenantActions["addAdmin"];
  onAdded: (username: string) => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { username: "" });
  const mutation = useMutation({
    mutationFn: async (input: { username: string }) => unwrap(await addAdmin({ id: tenant.id, ...input })),
    onSuccess: (r) => onAdded(r.username),
    onError: (e) => form.fail(e),
  });

  function onSubmit() {
    if (form.validate()) mutation.mutate(form.values);
  }

  return (
    <FormDialog
      title={`Add an Admin to ${tenant.id}`}
      description="The user gets access to the tenant and its Admin role tenant-wide. Use it when nobody can administer the tenant any more."
      testId="add-admin-dialog"
      submitLabel="Add Admin"
      pendingLabel="Adding…"
      pending={mutation.isPending}
      error={form.message}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Field label="Username" htmlFor={form.id("username")} error={form.error("username")}>
        <TextInput {...form.input("username")} autoComplete="off" data-autofocus />
      </Field>
    </FormDialog>
  );
}
