"use client";
import Link from "next/link";
import { useState } from "react";
import { DangerButton } from "@/components/ui/danger-button";
import { Notice } from "@/components/ui/notice";
import { RefreshFailed } from "@/components/rbac/refresh-failed";
import { useAction } from "@/lib/actions/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { KV_PAGE_SIZE, type KvPage, type KvSummary } from "@/lib/kv/types";
import { KV_TYPE_LABELS, type KvType } from "@/lib/kv/values";
import { kvKeys } from "@/lib/query-keys";
import { formatDateTime } from "@/lib/ui/format";
import { type KvActions, KvDialog } from "./kv-dialog";
import { useKvEntry, useKvList } from "./queries";
import { errorMessage } from "@/lib/actions/client";

type Can = { create: boolean; update: boolean; delete: boolean };
type Editing = { mode: "create" } | { mode: "override"; key: string; type: KvType; from: string } | { mode: "edit"; key: string };

const COLUMNS = [{ label: "Key" }, { label: "Type" }, { label: "Value" }, { label: "Expires" }, { label: "Updated" }, { label: "Actions", srOnly: true }];

/** A namespace's KV store: its own entries and those it inherits, with type-aware editing. */
export function KvStore({ tenant, namespace, initial, can, actions }: { tenant: string; namespace: string; initial: KvPage; can: Can; actions: KvActions }) {
  const [page, setPage] = useState(1);
  const list = useKvList(tenant, namespace, page, initial);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<KvSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const data = list.data ?? initial;
  const pages = Math.max(1, Math.ceil(data.total / KV_PAGE_SIZE));
  const own = data.results.filter((e) => !e.inheritedFrom).length;

  const remove = useAction(actions.remove, {
    invalidate: [kvKeys.all(tenant, namespace)],
    onSuccess: () => {
      setNotice(`Deleted ${deleting?.key}.`);
      setDeleting(null);
    },
  });
  const open = (e: Editing) => {
    setNotice(null);
    setEditing(e);
  };
  const nsHref = (ns: string) => `/ui/${tenant}/namespaces/${encodeURIComponent(ns)}?tab=kv`;

  return (
    <section aria-label="Key-value store" data-testid="kv-store">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <p className="max-w-2xl text-sm text-slate-500">
          Typed values that the flows of <span className="font-mono text-slate-700">{namespace}</span> and of its descendants read. Entries of
          ancestors show through, unless this namespace defines the same key.
        </p>
        {can.create && (
          <Button type="button" onClick={() => open({ mode: "create" })}>
            New entry
          </Button>
        )}
      </div>
      <RefreshFailed failed={list.isError} />
      {notice && <Notice tone="success" title={notice} onDismiss={() => setNotice(null)} className="mb-4" />}
      {data.total === 0 ? (
        <EmptyState
          title="No entries yet"
          action={
            can.create && (
              <Button type="button" onClick={() => open({ mode: "create" })}>
                New entry
              </Button>
            )
          }
        >
          Keep a value here, such as a string, a number, a date or some JSON, optionally with a time to live after which it is gone.
        </EmptyState>
      ) : (
        <>
          <Table testId="kv-table" label={`KV entries of ${namespace}`}>
            <THead columns={COLUMNS} />
            <tbody className={tbodyClass}>
              {data.results.map((e) => (
                <tr key={`${e.namespace}/${e.key}`} data-testid="kv-row" data-key={e.key} className={e.inheritedFrom ? "bg-slate-50/60" : undefined}>
                  <td className={`${tdClass} max-w-72`}>
                    <div className="flex flex-wrap items-center gap-2">
                      <span className={`break-all font-mono ${e.inheritedFrom ? "text-slate-500" : "font-medium text-slate-900"}`}>{e.key}</span>
                      {e.inheritedFrom && (
                        <Link href={nsHref(e.inheritedFrom)} title={`Inherited from ${e.inheritedFrom}`} className="hover:opacity-80">
                          <Badge>from {e.inheritedFrom}</Badge>
                        </Link>
                      )}
                    </div>
                  </td>
                  <td className={tdClass}>
                    <Badge tone="indigo">{KV_TYPE_LABELS[e.type]}</Badge>
                  </td>
                  <td className={`${tdClass} max-w-md`}>
                    <code className="block truncate font-mono text-xs text-slate-600" title={e.preview}>
                      {e.preview}
                    </code>
                  </td>
                  <td className={`${tdClass} whitespace-nowrap text-slate-500`}>{e.expiresAt ? formatDateTime(e.expiresAt) : "Never"}</td>
                  <td className={`${tdClass} whitespace-nowrap text-slate-500`}>{formatDateTime(e.updated)}</td>
                  <td className={`${tdClass} text-right whitespace-nowrap`}>
                    {e.inheritedFrom ? (
                      can.create && (
                        <Button type="button" variant="ghost" aria-label={`Override ${e.key}`} onClick={() => open({ mode: "override", key: e.key, type: e.type, from: e.inheritedFrom! })}>
                          Override
                        </Button>
                      )
                    ) : (
                      <span className="inline-flex gap-1">
                        {can.update && (
                          <Button type="button" variant="secondary" aria-label={`Edit ${e.key}`} onClick={() => open({ mode: "edit", key: e.key })}>
                            Edit
                          </Button>
                        )}
                        {can.delete && (
                          <DangerButton aria-label={`Delete ${e.key}`} onClick={() => (setNotice(null), setDeleting(e))}>
                            Delete
                          </DangerButton>
                        )}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="mt-3 flex items-center justify-between text-sm text-slate-500">
            <span>
              {own} of this namespace{data.results.length > own ? `, ${data.results.length - own} inherited` : ""}
              {pages > 1 ? ` · page ${page} of ${pages}` : ""}
            </span>
            {pages > 1 && (
              <span className="flex gap-2">
                <Button type="button" variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  Previous
                </Button>
                <Button type="button" variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                  Next
                </Button>
              </span>
            )}
          </div>
        </>
      )}

      {editing?.mode === "edit" ? (
        <EditEntry
          tenant={tenant}
          namespace={namespace}
          entryKey={editing.key}
          actions={actions}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(`Saved ${saved.key} (version ${saved.version}).`);
          }}
        />
      ) : editing ? (
        <KvDialog
          tenant={tenant}
          namespace={namespace}
          preset={editing.mode === "override" ? editing : undefined}
          actions={actions}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(`Created ${saved.key}.`);
          }}
        />
      ) : null}

      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.key}?`}
          confirmLabel="Delete entry"
          pendingLabel="Deleting…"
          pending={remove.pending}
          error={remove.error && errorMessage(remove.error, { 412: "Someone else changed this entry meanwhile; close this and look at it again." })}
          onCancel={() => {
            setDeleting(null);
            remove.reset();
          }}
          onConfirm={() => remove.run({ tenant, namespace, key: deleting.key, version: deleting.version })}
        >
          <p>
            The {KV_TYPE_LABELS[deleting.type].toLowerCase()} value of <span className="font-mono">{deleting.key}</span> in {namespace} is removed for good;
            flows reading it get the nearest ancestor&apos;s value, or none.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Loads the whole entry (the list holds previews only), then edits it. */
function EditEntry({
  tenant,
  namespace,
  entryKey,
  actions,
  onClose,
  onSaved,
}: {
  tenant: string;
  namespace: string;
  entryKey: string;
  actions: KvActions;
  onClose: () => void;
  onSaved: (e: { key: string; version: number }) => void;
}) {
  const entry = useKvEntry(tenant, namespace, entryKey);
  // wait for a fresh read (not a cached one), then keep the form mounted while a conflict refetches
  if (entry.data && entry.isFetchedAfterMount) {
    return <KvDialog tenant={tenant} namespace={namespace} entry={entry.data} actions={actions} onClose={onClose} onSaved={onSaved} />;
  }
  return (
    <Dialog title={`Edit ${entryKey}`} onClose={onClose}>
      {entry.isError ? (
        <p role="alert" className="text-sm text-red-700">
          This entry could not be loaded; it may have been deleted or have expired.
        </p>
      ) : (
        <p className="text-sm text-slate-500" aria-busy="true">
          Loading…
        </p>
      )}
      <DialogActions>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </DialogActions>
    </Dialog>
  );
}
