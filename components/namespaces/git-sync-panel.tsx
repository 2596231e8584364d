"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Action } from "@/components/flows/editor-parts";
import { Button } from "@/components/ui/button";
import { errorMessage, unwrap } from "@/lib/actions/client";
import type { GitSyncView } from "@/lib/git/types";

const summary = (r: GitSyncView["result"]) => {
  const parts = Object.entries(r.counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state.toLowerCase()}`);
  if (r.invalid) parts.push(`${r.invalid} invalid (not synced)`);
  return parts.join(", ") || "nothing changed";
};

/**
 * Where the namespace's files and flows are synced from (repository, branch, directory), the last
 * sync's result, and "Sync now" (a new execution of the flow that synced them) for a user who may
 * start it.
 */
export function GitSyncPanel({
  tenant,
  namespace,
  syncs,
  runnable,
  sync,
}: {
  tenant: string;
  namespace: string;
  syncs: GitSyncView[];
  /** the kinds whose syncing flow the user may start (EXECUTION:CREATE in its namespace) */
  runnable: ("files" | "flows")[];
  sync: Action<{ tenant: string; namespace: string; kind: "files" | "flows" }, { executionId: string; namespace: string; flowId: string }>;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(kind: "files" | "flows") {
    setBusy(kind);
    setError(null);
    try {
      const started = unwrap(await sync({ tenant, namespace, kind }));
      router.push(`/ui/${tenant}/executions/${encodeURIComponent(started.namespace)}/${encodeURIComponent(started.flowId)}/${encodeURIComponent(started.executionId)}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-label="Synced from Git" className="mb-4 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
      <h2 className="mb-2 font-semibold text-slate-700">Synced from Git</h2>
      <ul className="space-y-2">
        {syncs.map((s) => (
          <li key={s.kind} data-testid={`git-sync-${s.kind}`} className="flex flex-wrap items-center justify-between gap-3">
            <div className="min-w-0">
              <span className="font-medium text-slate-700">{s.kind === "files" ? "Files" : "Flows"}</span> from{" "}
              <span className="font-mono break-all">{s.url}</span>, branch <span className="font-mono">{s.branch}</span>, directory{" "}
              <span className="font-mono">{s.gitDirectory || "/"}</span>
              <div className="text-slate-500">
                Last sync{" "}
                <Link className="text-indigo-600 hover:underline" href={`/ui/${tenant}/executions/${encodeURIComponent(s.flowNamespace)}/${encodeURIComponent(s.flowId)}/${encodeURIComponent(s.executionId)}`}>
                  {new Date(s.updated).toISOString().replace("T", " ").slice(0, 19)} UTC
                </Link>{" "}
                by flow <span className="font-mono">{s.flowNamespace}.{s.flowId}</span>: {summary(s.result)}
              </div>
            </div>
            {runnable.includes(s.kind) && (
              <Button variant="secondary" type="button" onClick={() => run(s.kind)} disabled={busy !== null}>
                {busy === s.kind ? "Starting…" : "Sync now"}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="mt-2 text-red-600">{error}</p>}
    </section>
  );
}
