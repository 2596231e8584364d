"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { LabelChip } from "@/components/flows/labels";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { Pager } from "@/components/ui/pager";
import { TableSkeleton } from "@/components/ui/table";
import { errorMessage, unwrap } from "@/lib/actions/client";
import type { ServerAction } from "@/lib/actions/result";
import {
  EXECUTIONS_PAGE_SIZE,
  type ExecutionListFilters,
  type ExecutionListSort,
  type ExecutionSortField,
  hasActiveFilters,
  nextExecutionSort,
  readExecutionFilters,
  writeExecutionFilters,
} from "@/lib/executions/filters";
import { TERMINAL_STATES } from "@/lib/executions/types";
import type { FlatNamespace } from "@/lib/namespaces/tree";
import { executionKeys } from "@/lib/query-keys";
import { formatDateTime, formatDuration } from "@/lib/ui/format";
import { type ExecutionPage, type ExecutionSummary, executionHref, fetchExecutionPage, flowHref } from "./api";
import { ExecutionFilterBar } from "./execution-filters";
import { StateBadge } from "./state-badge";

type BulkResult = { done: string[]; refused: { id: string; status: number; message: string }[] };
type Bulk = ServerAction<{ tenant: string; ids: string[] }, BulkResult>;
export type BulkActions = { kill: Bulk; restart: Bulk; remove: Bulk };
type BulkKind = "kill" | "restart" | "remove";

const BULK: Record<BulkKind, { verb: string; done: string; conflict: string; tone: "danger" | "primary" }> = {
  kill: { verb: "Kill", done: "killed", conflict: "already ended", tone: "danger" },
  restart: { verb: "Restart", done: "restarted", conflict: "not FAILED or KILLED", tone: "primary" },
  remove: { verb: "Delete", done: "deleted", conflict: "still running", tone: "danger" },
};

/** "3 killed, 1 not allowed, 2 already ended" */
function summary(kind: BulkKind, r: BulkResult): NoticeMessage {
  const count = (status: number) => r.refused.filter((x) => x.status === status).length;
  const parts = [`${r.done.length} ${BULK[kind].done}`];
  if (count(403)) parts.push(`${count(403)} not allowed`);
  if (count(404)) parts.push(`${count(404)} not found`);
  if (count(409)) parts.push(`${count(409)} ${BULK[kind].conflict}`);
  const other = r.refused.length - count(403) - count(404) - count(409);
  if (other) parts.push(`${other} refused`);
  return { tone: r.refused.length ? "warning" : "success", text: parts.join(", ") };
}

const sameFilters = (a: ExecutionListFilters, b: ExecutionListFilters) => JSON.stringify(a) === JSON.stringify(b);
const isLive = (page: ExecutionPage | undefined) => !!page?.results.some((e) => !TERMINAL_STATES.has(e.state.current));

/**
 * The executions list: filters in the URL, the server's first page as initial data, then the
 * search API through TanStack Query, polled every 2 s while a shown execution has not ended and
 * every 10 s otherwise (an execution started elsewhere appears), never while the tab is hidden.
 * `fixed` pins it to one flow (the flow page's tab): its flow and namespace filters are hidden.
 */
export function ExecutionsList({
  tenant,
  initial,
  namespaces,
  fixed,
  can,
  actions,
  empty,
}: {
  tenant: string;
  initial: { filters: ExecutionListFilters; data: ExecutionPage };
  namespaces: FlatNamespace[];
  fixed?: { namespace: string; flowId: string };
  /** whether the caller may kill (UPDATE), restart (CREATE) or delete somewhere: each execution's namespace decides */
  can: { kill: boolean; restart: boolean; remove: boolean };
  actions: BulkActions;
  /** what the empty list suggests (run a flow) */
  empty: React.ReactNode;
}) {
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const filters = useMemo(() => {
    const f = readExecutionFilters(searchParams);
    return fixed ? { ...f, ...fixed } : f;
  }, [searchParams, fixed]);

  const query = useQuery({
    queryKey: executionKeys.list(tenant, filters),
    queryFn: ({ signal }) => fetchExecutionPage(tenant, filters, signal),
    initialData: sameFilters(filters, initial.filters) ? initial.data : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (isLive(q.state.data) ? 2000 : 10_000),
    refetchIntervalInBackground: false,
  });

  function go(next: ExecutionListFilters) {
    const params = writeExecutionFilters(fixed ? { ...next, namespace: "", flowId: "" } : next, new URLSearchParams(window.location.search));
    const qs = params.toString();
    window.history.pushState(null, "", qs ? `?${qs}` : window.location.pathname);
  }
  const update = (change: Partial<ExecutionListFilters>) => go({ ...filters, page: 1, ...change });
  const clear = () => go({ ...filters, q: "", namespace: "", flowId: "", states: [], labels: [], range: "", from: "", to: "", page: 1 });

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<BulkKind | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);

  const data = query.data;
  const rows = data?.results ?? [];
  const shownIds = rows.map((r) => r.id);
  const chosen = shownIds.filter((id) => selected.has(id));
  const allChosen = shownIds.length > 0 && chosen.length === shownIds.length;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / EXECUTIONS_PAGE_SIZE));
  const filtered = hasActiveFilters(fixed ? { ...filters, namespace: "", flowId: "" } : filters);
  const anyBulk = can.kill || can.restart || can.remove;

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function runBulk(kind: BulkKind) {
    setBusy(true);
    setError(null);
    const action = actions[kind];
    try {
      const result = unwrap(await action({ tenant, ids: chosen }));
      setNotice(summary(kind, result));
      setSelected(new Set());
      setConfirm(null);
    } catch (e) {
      setError(errorMessage(e, { 403: `You may not ${BULK[kind].verb.toLowerCase()} these executions.` }));
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: executionKeys.all(tenant) });
    }
  }

  // the pager's links keep every other parameter of the URL (a page's tab, the filters)
  const base = writeExecutionFilters(fixed ? { ...filters, namespace: "", flowId: "", page: 1 } : { ...filters, page: 1 }, new URLSearchParams(searchParams.toString()));
  const pagerQuery = Object.fromEntries([...new Set(base.keys())].map((k) => [k, base.getAll(k)]));

  return (
    <div className="space-y-4">
      <ExecutionFilterBar filters={filters} namespaces={namespaces} fixed={!!fixed} onChange={update} onClear={filtered ? clear : undefined} />

      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} testId="bulk-result" />}

      {anyBulk && rows.length > 0 && (
        <div className="flex flex-wrap items-center gap-2" data-testid="bulk-bar">
          <span className="text-sm text-slate-600">{chosen.length ? `${chosen.length} selected` : "Select executions to act on several at once"}</span>
          {(["kill", "restart", "remove"] as const).map((kind) => {
            const allowed = kind === "kill" ? can.kill : kind === "restart" ? can.restart : can.remove;
            const reason = !allowed
              ? `You may not ${BULK[kind].verb.toLowerCase()} executions: it needs EXECUTION:${kind === "kill" ? "UPDATE" : kind === "restart" ? "CREATE" : "DELETE"}`
              : chosen.length === 0
                ? "Select executions first"
                : undefined;
            return (
              <Button key={kind} type="button" variant="secondary" disabled={!!reason} title={reason} onClick={() => setConfirm(kind)}>
                {BULK[kind].verb}
              </Button>
            );
          })}
        </div>
      )}

      {query.isError && !data ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          The executions could not be loaded: {query.error.message}.{" "}
          <button type="button" className="font-medium underline" onClick={() => query.refetch()}>
            Try again
          </button>
        </div>
      ) : !data ? (
        <ExecutionsTableSkeleton />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No executions match these filters"
            action={
              <Button variant="secondary" type="button" onClick={clear}>
                Clear filters
              </Button>
            }
          >
            Try another state, a wider time range or fewer labels.
          </EmptyState>
        ) : (
          <EmptyState title={fixed ? "This flow has not run yet" : "No executions yet"} action={empty}>
            An execution is one run of a flow. Run a flow with its Execute button: its executions appear here, and their states change live.
          </EmptyState>
        )
      ) : (
        <>
          <ExecutionsTable
            tenant={tenant}
            rows={rows}
            sort={filters.sort}
            onSort={(sort) => go({ ...filters, sort, page: 1 })}
            onLabel={(l) => !filters.labels.includes(l) && update({ labels: [...filters.labels, l] })}
            hideFlow={!!fixed}
            selectable={anyBulk}
            selected={selected}
            onToggle={toggle}
            allChosen={allChosen}
            onToggleAll={() => setSelected(allChosen ? new Set() : new Set(shownIds))}
            busy={query.isFetching && query.isPlaceholderData}
          />
          <Pager page={filters.page} pages={pages} total={total} query={pagerQuery} />
        </>
      )}

      {confirm && (
        <ConfirmDialog
          title={`${BULK[confirm].verb} ${chosen.length} execution${chosen.length === 1 ? "" : "s"}?`}
          confirmLabel={BULK[confirm].verb}
          tone={BULK[confirm].tone}
          pending={busy}
          error={error}
          onConfirm={() => runBulk(confirm)}
          onCancel={() => {
            setConfirm(null);
            setError(null);
          }}
        >
          {confirm === "kill" && "Running tasks are cancelled and the executions end KILLED. "}
          {confirm === "restart" && "FAILED and KILLED executions start again from their failed tasks. "}
          {confirm === "remove" && "Ended executions are deleted with their task runs and logs; this cannot be undone. "}
          Each execution is checked on its own: those you may not act on are left as they are and counted in the result.
        </ConfirmDialog>
      )}
    </div>
  );
}

function SortHeader({ field, label, sort, onSort }: { field: ExecutionSortField; label: string; sort: ExecutionListSort; onSort: (s: ExecutionListSort) => void }) {
  const active = sort.replace(/^-/, "") === field;
  const desc = sort.startsWith("-");
  return (
    <th scope="col" aria-sort={active ? (desc ? "descending" : "ascending") : "none"} className="px-3 py-2.5">
      <button
        type="button"
        onClick={() => onSort(nextExecutionSort(sort, field))}
        className={`group inline-flex items-center gap-1 uppercase tracking-wide ${active ? "text-indigo-700" : "hover:text-slate-700"}`}
      >
        {label}
        <span aria-hidden className={`text-[10px] ${active ? "" : "opacity-0 group-hover:opacity-60"}`}>
          {active && !desc ? "▲" : "▼"}
        </span>
      </button>
    </th>
  );
}

function ExecutionsTable({
  tenant,
  rows,
  sort,
  onSort,
  onLabel,
  hideFlow,
  selectable,
  selected,
  onToggle,
  allChosen,
  onToggleAll,
  busy,
}: {
  tenant: string;
  rows: ExecutionSummary[];
  sort: ExecutionListSort;
  onSort: (s: ExecutionListSort) => void;
  onLabel: (label: string) => void;
  hideFlow: boolean;
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string) => void;
  allChosen: boolean;
  onToggleAll: () => void;
  busy: boolean;
}) {
  const plain = "px-3 py-2.5 uppercase tracking-wide";
  return (
    <div className={`relative overflow-x-auto rounded-lg border border-slate-200 bg-white transition-opacity ${busy ? "opacity-60" : ""}`} aria-busy={busy}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="executions-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-500">
          <tr>
            {selectable && (
              <th scope="col" className="w-8 px-3 py-2.5">
                <input type="checkbox" checked={allChosen} onChange={onToggleAll} aria-label="Select all executions on this page" className="h-4 w-4 rounded border-slate-300" />
              </th>
            )}
            <th scope="col" className={plain}>Id</th>
            <SortHeader field="state" label="State" sort={sort} onSort={onSort} />
            {!hideFlow && <SortHeader field="flowId" label="Flow" sort={sort} onSort={onSort} />}
            {!hideFlow && <SortHeader field="namespace" label="Namespace" sort={sort} onSort={onSort} />}
            <SortHeader field="startDate" label="Start" sort={sort} onSort={onSort} />
            <th scope="col" className={plain}>Duration</th>
            <th scope="col" className={plain}>Labels</th>
            <th scope="col" className={plain}>Trigger</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((e) => (
            <tr key={e.id} className="hover:bg-slate-50/70" data-testid="execution-row" data-state={e.state.current}>
              {selectable && (
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    checked={selected.has(e.id)}
                    onChange={() => onToggle(e.id)}
                    aria-label={`Select execution ${e.id}`}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                </td>
              )}
              <td className="whitespace-nowrap px-3 py-2">
                <Link href={executionHref(tenant, e)} className="font-mono text-xs font-medium text-indigo-700 hover:underline" title={e.id}>
                  {e.id.slice(0, 8)}
                </Link>
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <StateBadge state={e.state.current} />
              </td>
              {!hideFlow && (
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={flowHref(tenant, e.namespace, e.flowId)} className="font-mono text-[13px] text-slate-900 hover:text-indigo-600">
                    {e.flowId}
                  </Link>
                </td>
              )}
              {!hideFlow && <td className="whitespace-nowrap px-3 py-2 font-mono text-xs text-slate-500">{e.namespace}</td>}
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">{formatDateTime(e.state.startDate)}</td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums text-slate-600">{formatDuration(e.state.duration)}</td>
              <td className="px-3 py-2">
                <div className="flex max-w-xs flex-wrap gap-1">
                  {e.labels.map((l) => (
                    <LabelChip key={l.key} name={l.key} value={l.value} onClick={() => onLabel(`${l.key}:${l.value}`)} />
                  ))}
                </div>
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500">{e.trigger ? (e.trigger.id ? `${e.trigger.kind} · ${e.trigger.id}` : e.trigger.kind) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Placeholder rows while the first page loads. */
export function ExecutionsTableSkeleton({ rows = 6 }: { rows?: number }) {
  return <TableSkeleton label="Loading executions" testId="executions-loading" cells={EXECUTIONS_CELLS} rows={rows} />;
}

const EXECUTIONS_CELLS = [
  "h-3 w-16 rounded bg-slate-200",
  "h-4 w-20 rounded-md bg-slate-100",
  "h-3 w-32 rounded bg-slate-200",
  "h-3 w-24 rounded bg-slate-100",
  "h-3 w-28 rounded bg-slate-100",
  "h-3 flex-1 rounded bg-slate-100",
];
