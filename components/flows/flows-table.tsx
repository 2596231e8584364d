import Link from "next/link";
import { ExecuteButton } from "@/components/executions/execute-button";
import type { StartAction } from "@/components/executions/run-dialog";
import { TableSkeleton } from "@/components/ui/table";
import { type ScopeData, inScopeOf } from "@/lib/executions/filters";
import { type FlowSort, nextSort } from "@/lib/flows/filters";
import type { FlowSummary } from "./api";
import { LabelChip } from "./labels";
import { When } from "./when";

type Column = "namespace" | "id" | "updated";

function SortHeader({ column, label, sort, onSort }: { column: Column; label: string; sort: FlowSort; onSort: (s: FlowSort) => void }) {
  const active = sort.replace(/^-/, "") === column;
  const desc = sort.startsWith("-");
  return (
    <th scope="col" aria-sort={active ? (desc ? "descending" : "ascending") : "none"} className="px-4 py-2.5">
      <button
        type="button"
        onClick={() => onSort(nextSort(sort, column))}
        className={`group inline-flex items-center gap-1 uppercase tracking-wide ${active ? "text-indigo-700" : "hover:text-slate-700"}`}
      >
        {label}
        <span aria-hidden className={`text-[10px] ${active ? "" : "opacity-0 group-hover:opacity-60"}`}>
          {active && desc ? "▼" : "▲"}
        </span>
      </button>
    </th>
  );
}

export function FlowsTable({
  tenant,
  flows,
  sort,
  onSort,
  onLabel,
  busy,
  run,
}: {
  tenant: string;
  flows: FlowSummary[];
  /** the Execute button of each row: the start action and where the user may run flows (EXECUTION:CREATE) */
  run?: { action: StartAction; scope: ScopeData };
  sort: FlowSort;
  onSort: (s: FlowSort) => void;
  onLabel: (label: string) => void;
  busy?: boolean;
}) {
  return (
    <div className={`relative overflow-x-auto rounded-lg border border-slate-200 bg-white transition-opacity ${busy ? "opacity-60" : ""}`} aria-busy={busy}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="flows-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-500">
          <tr>
            <SortHeader column="namespace" label="Namespace" sort={sort} onSort={onSort} />
            <SortHeader column="id" label="Flow" sort={sort} onSort={onSort} />
            <th scope="col" className="px-4 py-2.5 uppercase tracking-wide">Description</th>
            <th scope="col" className="px-4 py-2.5 uppercase tracking-wide">Labels</th>
            <th scope="col" className="px-4 py-2.5 text-right uppercase tracking-wide">Revision</th>
            <SortHeader column="updated" label="Last change" sort={sort} onSort={onSort} />
            {run && (
              <th scope="col" className="px-4 py-2.5">
                <span className="sr-only">Run</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {flows.map((f) => {
            const href = `/ui/${tenant}/flows/${encodeURIComponent(f.namespace)}/${encodeURIComponent(f.id)}`;
            return (
              <tr key={`${f.namespace}/${f.id}`} className="hover:bg-slate-50/70" data-testid="flow-row">
                <td className="whitespace-nowrap px-4 py-2.5">
                  <Link href={`/ui/${tenant}/namespaces/${encodeURIComponent(f.namespace)}`} className="font-mono text-xs text-slate-500 hover:text-indigo-600">
                    {f.namespace}
                  </Link>
                </td>
                <td className="whitespace-nowrap px-4 py-2.5">
                  <Link href={href} className="font-mono text-[13px] font-medium text-slate-900 hover:text-indigo-600">
                    {f.id}
                  </Link>
                </td>
                <td className="max-w-xs truncate px-4 py-2.5 text-slate-600" title={f.description ?? undefined}>
                  {f.description ?? <span className="text-slate-300">—</span>}
                </td>
                <td className="px-4 py-2.5">
                  <div className="flex max-w-xs flex-wrap gap-1">
                    {Object.entries(f.labels).map(([k, v]) => (
                      <LabelChip key={k} name={k} value={v} onClick={() => onLabel(`${k}:${v}`)} />
                    ))}
                  </div>
                </td>
                <td className="px-4 py-2.5 text-right">
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-600">{f.revision}</span>
                </td>
                <td className="whitespace-nowrap px-4 py-2.5 text-slate-500">
                  <When date={f.updated} />
                </td>
                {run && (
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    <ExecuteButton
                      compact
                      tenant={tenant}
                      namespace={f.namespace}
                      flowId={f.id}
                      action={run.action}
                      refusal={inScopeOf(run.scope, f.namespace) ? null : `Running flows in ${f.namespace} needs EXECUTION:CREATE there`}
                    />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Placeholder rows while the first page loads. */
export function FlowsTableSkeleton({ rows = 6 }: { rows?: number }) {
  return <TableSkeleton label="Loading flows" testId="flows-loading" cells={FLOWS_CELLS} rows={rows} />;
}

const FLOWS_CELLS = [
  "h-3 w-28 rounded bg-slate-200",
  "h-3 w-36 rounded bg-slate-200",
  "h-3 flex-1 rounded bg-slate-100",
  "h-4 w-16 rounded-full bg-slate-100",
  "h-3 w-6 rounded bg-slate-200",
  "h-3 w-20 rounded bg-slate-100",
];
