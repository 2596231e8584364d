"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { flowKeys } from "@/lib/query-keys";
import { type RevisionList, fetchRevision } from "./api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { DiffView } from "./editor-parts";
import { When } from "./when";

/** One revision's text, fetched alone (the list holds no sources). */
function useRevisionSource(tenant: string, namespace: string, id: string, revision: number | undefined) {
  return useQuery({
    queryKey: flowKeys.revision(tenant, namespace, id, revision ?? 0),
    queryFn: ({ signal }) => fetchRevision(tenant, namespace, id, revision!, signal),
    enabled: revision !== undefined,
    staleTime: Infinity,
  });
}

/**
 * The revisions of a flow, a page at a time: pick two to compare side by side (their texts are
 * fetched one by one); restore an old one as a new revision. The two most recent are compared
 * until the user picks others.
 */
export function FlowRevisions({
  tenant,
  namespace,
  id,
  list,
  onPage,
  current,
  canRestore,
  onRestore,
}: {
  tenant: string;
  namespace: string;
  id: string;
  list: RevisionList;
  onPage: (page: number) => void;
  current: number;
  canRestore: boolean;
  onRestore: (revision: number) => Promise<string | null>;
}) {
  const revisions = list.results;
  const pages = Math.max(1, Math.ceil(list.total / list.size));
  const [picked, setPicked] = useState<number[] | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // revisions are numbered 1..current without gaps, so the default pair is known on every page;
  // picks stay across pages: any two revisions can be compared
  const selection = picked ?? (current > 1 ? [current - 1, current] : []);
  const [older, newer] = [...selection].sort((a, b) => a - b);
  const olderText = useRevisionSource(tenant, namespace, id, older);
  const newerText = useRevisionSource(tenant, namespace, id, newer);

  function toggle(n: number) {
    const now = picked ?? selection;
    if (now.includes(n)) setPicked(now.filter((x) => x !== n));
    // a third pick replaces the earliest of the two
    else setPicked([...now, n].slice(-2));
  }

  async function restore() {
    if (restoring === null) return;
    setBusy(true);
    setError(null);
    const failure = await onRestore(restoring);
    setBusy(false);
    if (failure) setError(failure);
    else {
      setRestoring(null);
      setPicked(null);
    }
  }

  return (
    <div className="space-y-5" data-testid="flow-revisions">
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="w-16 px-4 py-2.5">
                <span className="sr-only">Compare</span>
              </th>
              <th scope="col" className="px-4 py-2.5">Revision</th>
              <th scope="col" className="px-4 py-2.5">Author</th>
              <th scope="col" className="px-4 py-2.5">Date</th>
              <th scope="col" className="px-4 py-2.5 text-right">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {revisions.map((r) => (
              <tr key={r.revision} className={selection.includes(r.revision) ? "bg-indigo-50/40" : ""}>
                <td className="px-4 py-2">
                  <input
                    type="checkbox"
                    checked={selection.includes(r.revision)}
                    onChange={() => toggle(r.revision)}
                    aria-label={`Compare revision ${r.revision}`}
                    className="h-4 w-4 rounded border-slate-300 accent-indigo-600"
                  />
                </td>
                <td className="px-4 py-2">
                  <span className="font-mono font-medium text-slate-900">{r.revision}</span>
                  {r.revision === current && (
                    <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-inset ring-emerald-200">
                      current
                    </span>
                  )}
                </td>
                <td className="px-4 py-2 text-slate-600">{r.author ?? <span className="text-slate-500">unknown</span>}</td>
                <td className="px-4 py-2 text-slate-500">
                  <When date={r.created} />
                </td>
                <td className="px-4 py-2 text-right">
                  {canRestore && r.revision !== current && (
                    <Button variant="secondary" type="button" onClick={() => setRestoring(r.revision)}>
                      Restore as new revision
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Revision pages" className="flex items-center justify-between text-sm text-slate-500">
          <span>
            {list.total} revisions · page {list.page} of {pages}
          </span>
          <span className="flex gap-2">
            <Button variant="secondary" type="button" disabled={list.page <= 1} onClick={() => onPage(list.page - 1)}>
              Newer
            </Button>
            <Button variant="secondary" type="button" disabled={list.page >= pages} onClick={() => onPage(list.page + 1)}>
              Older
            </Button>
          </span>
        </nav>
      )}

      {older !== undefined && newer !== undefined ? (
        <section>
          <h2 className="mb-2 flex items-center gap-3 text-sm font-semibold text-slate-900" data-testid="diff-title">
            <span>
              Revision {older} → revision {newer}
            </span>
            <span className="text-xs font-normal text-slate-500">older on the left, newer on the right</span>
          </h2>
          {olderText.error || newerText.error ? (
            <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
              {(olderText.error ?? newerText.error)!.message}
            </p>
          ) : !olderText.data || !newerText.data ? (
            <p className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-500">Loading the two revisions…</p>
          ) : olderText.data.source === newerText.data.source ? (
            <p className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-500">These revisions have the same text.</p>
          ) : (
            <DiffView
              a={olderText.data.source}
              b={newerText.data.source}
              labelA={`Revision ${older} (older)`}
              labelB={`Revision ${newer} (newer)`}
            />
          )}
        </section>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">
          {list.total < 2 ? "There is only one revision so far: save a change to compare." : "Pick two revisions to compare them."}
        </p>
      )}

      <ConfirmDialog
        open={restoring !== null}
        title={`Restore revision ${restoring}?`}
        confirmLabel="Restore as new revision"
        tone="primary"
        pending={busy}
        error={error}
        onConfirm={restore}
        onCancel={() => {
          setRestoring(null);
          setError(null);
        }}
      >
        Its text becomes revision {current + 1}. History is kept: revision {current} and every older one stay as they are.
      </ConfirmDialog>
    </div>
  );
}
