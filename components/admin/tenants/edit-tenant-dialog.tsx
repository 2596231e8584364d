"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { BackendFields, draftOf, toBackends } from "@/components/backends/backend-fields";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { useForm } from "@/components/ui/use-form";
import { ActionError, unwrap } from "@/lib/actions/client";
import { tenantInput } from "@/lib/tenants/schemas";
import type { TenantRow } from "@/lib/tenants/types";
import type { TenantActions } from "./types";

const schemas = { name: tenantInput.shape.name, description: tenantInput.shape.description };

export function EditTenantDialog({
  tenant,
  superadmin,
  update,
  onSaved,
  onClose,
}: {
  tenant: TenantRow;
  /** only a superadmin chooses a tenant's dedicated backends */
  superadmin: boolean;
  update: TenantActions["update"];
  onSaved: (tenant: TenantRow) => void;
  onClose: () => void;
}) {
  const form = useForm(schemas, { name: tenant.name, description: tenant.description });
  const [backends, setBackends] = useState(() => draftOf(tenant.storage, tenant.secrets));
  const [backendErrors, setBackendErrors] = useState<Record<string, string>>({});
  const [workerGroup, setWorkerGroup] = useState(tenant.workerGroup ?? "");
  const [engine, setEngine] = useState({ limit: tenant.concurrencyLimit === null ? "" : String(tenant.concurrencyLimit), weight: String(tenant.weight) });
  const [engineErrors, setEngineErrors] = useState<Record<string, string>>({});
  const engineSettings = () => ({ concurrencyLimit: engine.limit.trim() === "" ? null : Number(engine.limit), weight: Number(engine.weight) });
  const mutation = useMutation({
    mutationFn: async (input: { name: string; description: string }) =>
      unwrap(await update({ id: tenant.id, ...input, ...(superadmin ? { ...toBackends(backends), workerGroup: workerGroup.trim() || null, ...engineSettings() } : {}) })),
    onSuccess: onSaved,
    onError: (e) => {
      const details = e instanceof ActionError ? e.failure.details : [];
      setBackendErrors(Object.fromEntries(details.filter((d) => /^(storage|secrets)/.test(d.path ?? "") || d.path === "workerGroup").map((d) => [d.path!, d.message])));
      setEngineErrors(Object.fromEntries(details.filter((d) => /^(concurrencyLimit|weight)$/.test(d.path ?? "")).map((d) => [d.path!, d.message])));
      form.fail(e);
    },
  });

  function onSubmit() {
    if (form.validate()) mutation.mutate(form.values);
  }

  return (
    <FormDialog title={`Edit tenant ${tenant.id}`} testId="edit-tenant-dialog"
      submitLabel="Save changes"
      pendingLabel="Saving…"
      pending={mutation.isPending}
      error={form.message}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Field label="Name" htmlFor={form.id("name")} error={form.error("name")}>
        <TextInput {...form.input("name")} autoComplete="off" data-autofocus />
      </Field>
      <Field label="Description" htmlFor={form.id("description")} error={form.error("description")}>
        <TextArea {...form.input("description")} rows={3} />
      </Field>
      {superadmin && (
        <details className="rounded-lg border border-slate-200 px-3 py-2" open={tenant.concurrencyLimit !== null || tenant.weight !== 1}>
          <summary className="cursor-pointer text-sm font-medium text-slate-700">Executions</summary>
          <p className="mb-3 mt-1 text-xs text-slate-500">
            A limit on the tenant&apos;s executions running at once (the others wait QUEUED), and its weight in the engine&apos;s turns
            between tenants with work: a tenant of weight 3 gets three turns for each one of a tenant of weight 1.
          </p>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Concurrency limit" htmlFor="tenant-concurrency-limit" error={engineErrors.concurrencyLimit} hint="Empty: no limit.">
              <TextInput
                id="tenant-concurrency-limit"
                inputMode="numeric"
                placeholder="No limit"
                value={engine.limit}
                onChange={(e) => (setEngine({ ...engine, limit: e.target.value }), setEngineErrors(({ concurrencyLimit: _, ...rest }) => rest))}
              />
            </Field>
            <Field label="Weight" htmlFor="tenant-weight" error={engineErrors.weight} hint="1 to 100; 1 by default.">
              <TextInput id="tenant-weight" inputMode="numeric" value={engine.weight} onChange={(e) => (setEngine({ ...engine, weight: e.target.value }), setEngineErrors(({ weight: _, ...rest }) => rest))} />
            </Field>
          </div>
        </details>
      )}
      {superadmin && (
        <details className="rounded-lg border border-slate-200 px-3 py-2" open={tenant.storage !== null || tenant.secrets !== null || tenant.workerGroup !== null}>
          <summary className="cursor-pointer text-sm font-medium text-slate-700">Dedicated backends and worker group</summary>
          <p className="mb-3 mt-1 text-xs text-slate-500">
            Where this tenant&apos;s files are stored and its secrets are read from. A namespace may set its own; the nearest wins.
          </p>
          <BackendFields value={backends} onChange={setBackends} inheritLabel="Instance default" errors={backendErrors} />
          <div className="mt-3">
            <Field
              label="Default worker group"
              htmlFor={`${tenant.id}-worker-group`}
              error={backendErrors.workerGroup}
              hint="The group of this tenant's tasks that name none, unless a namespace sets its own. Empty: the default group."
            >
              <TextInput id={`${tenant.id}-worker-group`} value={workerGroup} onChange={(e) => setWorkerGroup(e.target.value)} placeholder="default" className="font-mono" />
            </Field>
          </div>
        </details>
      )}
    </FormDialog>
  );
}
