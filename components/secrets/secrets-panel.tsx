"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { errorMessage, unwrap } from "@/lib/actions/client";
import { secretKeys } from "@/lib/query-keys";
import { formatDateTime } from "@/lib/ui/format";
import { useSecrets } from "./queries";
import { SecretDialog } from "./secret-dialog";
import type { Abilities } from "@/lib/rbac/abilities";
import type { SecretBackendInfo, SecretItem, SecretList } from "@/lib/secrets/types";
import type { SecretActions } from "./types";

function Source({ row }: { row: SecretItem }) {
  if (!row.inheritedFrom) return <Badge tone="indigo">this namespace</Badge>;
  return row.inheritedFrom.level === "tenant" ? (
    <Badge tone="slate">inherited from the tenant</Badge>
  ) : (
    <Badge tone="slate">
      inherited from <span className="ml-1 font-mono">{row.inheritedFrom.namespace}</span>
    </Badge>
  );
}

const BACKEND = { internal: "encrypted store", env: "environment" } as const;

/**
 * The secrets of the tenant (namespace null) or a namespace's effective ones: keys, descriptions,
 * dates and where each comes from. Values are written here and never shown.
 */
export function SecretsPanel({
  tenant,
  namespace,
  initial,
  backend,
  can,
  actions,
}: {
  tenant: string;
  namespace: string | null;
  initial: SecretList;
  backend: SecretBackendInfo;
  can: Omit<Abilities, "read">;
  actions: SecretActions;
}) {
  const queryClient = useQueryClient();
  const { data, isError } = useSecrets(tenant, namespace, initial);
  const [dialog, setDialog] = useState<{ mode: "create" } | { mode: "replace"; row: SecretItem } | null>(null);
  const [deleting, setDeleting] = useState<SecretItem | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const writable = !backend.readOnly;
  const refresh = () => queryClient.invalidateQueries({ queryKey: secretKeys.all(tenant) });

  const remove = useMutation({
    mutationFn: async (key: string) => unwrap(await actions.remove({ tenant, namespace, key })),
    onSuccess: (_r, key) => {
      setDeleting(null);
      setNotice({ tone: "success", text: `Secret ${key} deleted.` });
      void refresh();
    },
  });

  const rows = data.results;
  const own = (r: SecretItem) => !r.inheritedFrom;
  const newButton =
    can.create && writable ? (
      <Button
        onClick={() => {
          setNotice(null);
          setDialog({ mode: "create" });
        }}
      >
        New secret
      </Button>
    ) : null;

  return (
    <div data-testid="secrets-panel">
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      {isError && <Notice tone="error" title="Could not refresh the list; it may be out of date." onDismiss={() => void refresh()} testId="refresh-failed" className="mb-4" />}
      {backend.readOnly && (
        <div role="note" data-testid="secrets-read-only" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Secrets {namespace === null ? "of this tenant" : "here"} come from the server&apos;s environment variables (read-only). To add or
          change one, set <code className="rounded bg-amber-100 px-1 font-mono text-xs">{backend.prefix}KEY</code> to the base64-encoded
          value and restart the server.
        </div>
      )}
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-500">
          {namespace === null
            ? "Available to every namespace of the tenant unless a namespace defines the same key."
            : "This namespace's own secrets and the ones it inherits; the nearest definition of a key wins."}{" "}
          Values are encrypted and never shown again.
          {writable && !can.create && !can.update && (
            <span data-testid="secrets-read-only-for-you"> You can see the keys; adding or changing secrets here needs SECRET:CREATE or SECRET:UPDATE.</span>
          )}
        </p>
        {rows.length > 0 && newButton}
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No secrets yet" action={newButton}>
          {writable
            ? "Secrets hold passwords, tokens and keys that flows use without anyone seeing them."
            : "No environment variable with this prefix is set on the server."}
        </EmptyState>
      ) : (
        <Table testId="secrets-table" label="Secrets">
          <THead
            columns={[
              { label: "Key" },
              { label: "Description" },
              ...(namespace === null ? [] : [{ label: "Source" }]),
              { label: "Backend" },
              { label: "Updated" },
              { label: "Actions", srOnly: true, align: "right" as const },
            ]}
          />
          <tbody className={tbodyClass}>
            {rows.map((r) => (
              <tr key={r.key} data-secret-row={r.key}>
                <td className={`${tdClass} font-mono text-sm font-medium text-slate-900`}>{r.key}</td>
                <td className={`${tdClass} text-slate-600`}>{r.description || <span className="text-slate-500">—</span>}</td>
                {namespace !== null && (
                  <td className={tdClass}>
                    <Source row={r} />
                  </td>
                )}
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{BACKEND[r.backend]}</td>
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{formatDateTime(r.updatedAt)}</td>
                <td className={`${tdClass} whitespace-nowrap text-right`}>
                  {own(r) && writable && r.backend === "internal" && (
                    <span className="inline-flex gap-2">
                      {can.update && (
                        <Button
                          variant="secondary"
                          aria-label={`Replace the value of ${r.key}`}
                          onClick={() => {
                            setNotice(null);
                            setDialog({ mode: "replace", row: r });
                          }}
                        >
                          Replace
                        </Button>
                      )}
                      {can.delete && (
                        <Button
                          variant="secondary"
                          className="text-red-700"
                          aria-label={`Delete secret ${r.key}`}
                          onClick={() => {
                            remove.reset();
                            setDeleting(r);
                          }}
                        >
                          Delete
                        </Button>
                      )}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {dialog && (
        <SecretDialog
          mode={dialog.mode}
          tenant={tenant}
          namespace={namespace}
          current={dialog.mode === "replace" ? { key: dialog.row.key, description: dialog.row.description } : undefined}
          actions={actions}
          onClose={() => setDialog(null)}
          onSaved={(key, mode) => {
            setDialog(null);
            setNotice({ tone: "success", text: mode === "create" ? `Secret ${key} saved.` : `The value of ${key} was replaced.` });
            void refresh();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete secret ${deleting.key}?`}
          confirmLabel="Delete secret"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate(deleting.key)}
          onCancel={() => setDeleting(null)}
        >
          Flows that use {deleting.key} {namespace === null ? "in this tenant" : `in ${namespace}`} will no longer find it
          {namespace === null ? "" : " (or will use an inherited one with the same key)"}. The value cannot be recovered.
        </ConfirmDialog>
      )}
    </div>
  );
}
