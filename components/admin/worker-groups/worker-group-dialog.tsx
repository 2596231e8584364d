"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { ActionError, unwrap } from "@/lib/actions/client";
import { workerGroupInput, workerGroupKey } from "@/lib/workers/schemas";
import type { WorkerGroupRow } from "@/lib/workers/types";
import type { WorkerGroupActions } from "./worker-group-admin";

const schemas = { key: workerGroupKey, description: workerGroupInput.shape.description };

/** Creates a worker group, or edits one's description and allowed tenants (its key stays). */
export function WorkerGroupDialog({
  group,
  tenants,
  create,
  update,
  onSaved,
  onClose,
}: {
  group: WorkerGroupRow | null;
  tenants: { id: string; name: string }[];
  create: WorkerGroupActions["create"];
  update: WorkerGroupActions["update"];
  onSaved: (group: WorkerGroupRow, created: boolean) => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { key: group?.key ?? "", description: group?.description ?? "" });
  const [allowed, setAllowed] = useState<string[]>(group?.allowedTenants ?? []);
  const [tenantsError, setTenantsError] = useState<string | null>(null);
  // tenants listed on the group that the list does not show (deleted ones) stay listed
  const choices = [...tenants, ...allowed.filter((id) => !tenants.some((t) => t.id === id)).map((id) => ({ id, name: id }))];
  const mutation = useMutation({
    mutationFn: async (input: { key: string; description: string }) =>
      group
        ? unwrap(await update({ key: group.key, description: input.description, allowedTenants: allowed }))
        : unwrap(await create({ key: input.key, description: input.description, allowedTenants: allowed })),
    onSuccess: (g) => onSaved(g, !group),
    onError: (e) => {
      const details = e instanceof ActionError ? e.failure.details : [];
      setTenantsError(details.find((d) => d.path?.startsWith("allowedTenants"))?.message ?? null);
      form.fail(e, { 409: "key" });
    },
  });

  function onSubmit() {
    setTenantsError(null);
    if (group ? !form.error("description") : form.validate()) mutation.mutate(form.values);
  }

  const toggle = (id: string) => setAllowed((a) => (a.includes(id) ? a.filter((x) => x !== id) : [...a, id].sort()));

  return (
    <FormDialog
      title={group ? `Edit worker group ${group.key}` : "Create worker group"}
      description={group ? undefined : "Tasks name the group in workerGroup.key; start its workers with tenantflow worker --group KEY."}
      testId="worker-group-dialog"
      submitLabel={group ? "Save changes" : "Create worker group"}
      pendingLabel={group ? "Saving…" : "Creating…"}
      pending={mutation.isPending}
      error={form.message}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      {!group && (
        <Field label="Key" htmlFor={form.id("key")} error={form.error("key")} hint="Letters, digits, ., _ and -; cannot be changed later.">
          <TextInput {...form.input("key")} autoComplete="off" spellCheck={false} placeholder="gpu" className="font-mono" data-autofocus />
        </Field>
      )}
      <Field label="Description" htmlFor={form.id("description")} error={form.error("description")} hint="Optional.">
        <TextArea {...form.input("description")} rows={2} {...(group ? { "data-autofocus": true } : {})} />
      </Field>
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-slate-700">Allowed tenants</legend>
        <p className="mb-2 text-xs text-slate-500">
          {allowed.length === 0 ? "None chosen: its workers run every tenant's tasks." : `Only ${allowed.length === 1 ? "this tenant" : `these ${allowed.length} tenants`}; other tenants' tasks on this group fail.`}
        </p>
        {choices.length === 0 ? (
          <p className="text-sm text-slate-500">No tenants on this instance.</p>
        ) : (
          <div className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-slate-200 px-3 py-2" data-testid="allowed-tenants">
            {choices.map((t) => (
              <label key={t.id} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={allowed.includes(t.id)} onChange={() => toggle(t.id)} className="h-4 w-4 rounded border-slate-300" />
                <span className="font-mono text-xs">{t.id}</span>
                {t.name !== t.id && <span className="text-slate-500">{t.name}</span>}
              </label>
            ))}
          </div>
        )}
        {tenantsError && (
          <p role="alert" className="mt-1 text-sm text-red-600">
            {tenantsError}
          </p>
        )}
      </fieldset>
    </FormDialog>
  );
}
