"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { formatDuration } from "@/lib/ui/format";
import { StateBadge, stateTone } from "./state-badge";
import type { State, TaskRunView } from "./execution-types";

// The task runs on a timeline: one row per task run, nested under their flowable parents (which
// open and close), each bar placed by its start and end within the execution and coloured by
// state, its attempts drawn as segments. Rows are virtualised and further pages of task runs are
// asked for as the list nears its end, so 10,000 task runs stay responsive.

const ROW = 34;

type Row = { run: TaskRunView; depth: number; hasChildren: boolean };

/** The task runs in tree order (a parent, then its children), without the children of closed parents. */
export function treeRows(runs: TaskRunView[], closed: ReadonlySet<string>): Row[] {
  const ids = new Set(runs.map((r) => r.id));
  const children = new Map<string | null, TaskRunView[]>();
  for (const r of runs) {
    const parent = r.parentTaskRunId && ids.has(r.parentTaskRunId) ? r.parentTaskRunId : null;
    const list = children.get(parent);
    if (list) list.push(r);
    else children.set(parent, [r]);
  }
  const rows: Row[] = [];
  const stack: { run: TaskRunView; depth: number }[] = (children.get(null) ?? []).map((run) => ({ run, depth: 0 })).reverse();
  while (stack.length) {
    const { run, depth } = stack.pop()!;
    const kids = children.get(run.id) ?? [];
    rows.push({ run, depth, hasChildren: kids.length > 0 });
    if (!closed.has(run.id)) for (let i = kids.length - 1; i >= 0; i--) stack.push({ run: kids[i], depth: depth + 1 });
  }
  return rows;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

export function Gantt({
  runs,
  total,
  start,
  end,
  now,
  selected,
  onSelect,
  onNeedMore,
}: {
  runs: TaskRunView[];
  total: number;
  /** the execution's start and end (null while it runs: the timeline ends now) */
  start: string;
  end: string | null;
  now: number;
  selected: string | null;
  onSelect: (id: string) => void;
  onNeedMore: () => void;
}) {
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => treeRows(runs, closed), [runs, closed]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (runs.length < total && lastIndex >= rows.length - 30) onNeedMore();
  }, [lastIndex, rows.length, runs.length, total, onNeedMore]);

  const t0 = ms(start);
  const t1 = end ? ms(end) : now;
  const span = Math.max(t1 - t0, 1);
  const pos = (from: number, to: number) => {
    const left = Math.min(Math.max(((from - t0) / span) * 100, 0), 100);
    const width = Math.max(Math.min(((to - from) / span) * 100, 100 - left), 0.4);
    return { left: `${left}%`, width: `${width}%` };
  };
  const toggle = (id: string) =>
    setClosed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (runs.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-500">No task run yet: the timeline fills in as the execution runs.</p>;
  }
  return (
    <div className="rounded-lg border border-slate-200 bg-white" data-testid="gantt">
      <div className="flex border-b border-slate-200 px-3 py-1.5 text-xs font-medium text-slate-600">
        <div className="w-[45%] shrink-0 sm:w-72">Task run</div>
        <div className="flex flex-1 justify-between">
          <span>0 s</span>
          <span>{formatDuration(span)}</span>
        </div>
      </div>
      <div ref={scroller} className="overflow-auto" style={{ height: Math.min(rows.length * ROW + 2, 520) }}>
        <ul role="list" aria-label={`Task runs (${runs.length} of ${total} loaded)`} className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const { run, depth, hasChildren } = rows[item.index];
            const s = ms(run.state.startDate);
            const e = run.state.endDate ? ms(run.state.endDate) : now;
            const isSelected = run.id === selected;
            const label = `${run.taskId}${run.value !== null ? ` [${run.value}]` : ""}`;
            return (
              <li
                key={run.id}
                data-testid="gantt-row"
                data-task-id={run.taskId}
                data-state={run.state.current}
                className={`absolute inset-x-0 flex items-center border-b border-slate-100 px-3 ${isSelected ? "bg-indigo-50" : "hover:bg-slate-50"}`}
                style={{ top: item.start, height: ROW }}
              >
                <div className="flex w-[45%] shrink-0 items-center gap-1 overflow-hidden sm:w-72" style={{ paddingLeft: depth * 14 }}>
                  {hasChildren ? (
                    <button
                      type="button"
                      aria-expanded={!closed.has(run.id)}
                      aria-label={`${closed.has(run.id) ? "Expand" : "Collapse"} ${label}`}
                      onClick={() => toggle(run.id)}
                      className="w-4 shrink-0 text-slate-500 hover:text-slate-900"
                    >
                      {closed.has(run.id) ? "▸" : "▾"}
                    </button>
                  ) : (
                    <span className="w-4 shrink-0" />
                  )}
                  <button
                    type="button"
                    aria-pressed={isSelected}
                    onClick={() => onSelect(run.id)}
                    className="min-w-0 truncate text-left text-sm text-slate-800 hover:text-indigo-700"
                    title={`${label}: ${run.state.current}`}
                  >
                    <span className="font-medium">{run.taskId}</span>
                    {run.value !== null && <span className="ml-1 text-xs text-slate-600">{run.value}</span>}
                    {run.iteration !== null && <span className="ml-1 text-xs text-slate-500">#{run.iteration}</span>}
                  </button>
                </div>
                <div aria-hidden onClick={() => onSelect(run.id)} className="relative h-4 flex-1 cursor-pointer rounded bg-slate-50">
                  {Number.isFinite(s) && (
                    <>
                      <span className={`absolute inset-y-0 rounded opacity-25 ${stateTone(run.state.current as State).bar}`} style={pos(s, e)} />
                      {run.attempts.length > 0 ? (
                        run.attempts.map((a) => {
                          const as = ms(a.state.startDate);
                          const ae = a.state.endDate ? ms(a.state.endDate) : now;
                          return Number.isFinite(as) ? (
                            <span
                              key={a.number}
                              data-testid="gantt-attempt"
                              className={`absolute inset-y-0.5 rounded-sm border-r border-white ${stateTone(a.state.current as State).bar} ${a.state.endDate ? "" : "animate-pulse"}`}
                              style={pos(as, ae)}
                            />
                          ) : null;
                        })
                      ) : (
                        <span className={`absolute inset-y-0.5 rounded-sm ${stateTone(run.state.current as State).bar}`} style={pos(s, e)} />
                      )}
                    </>
                  )}
                </div>
                <span className="hidden w-24 shrink-0 pl-2 text-right text-xs text-slate-600 tabular-nums sm:block">
                  {Number.isFinite(s) ? formatDuration(e - s) : "—"}
                </span>
                <span className="sr-only">
                  <StateBadge state={run.state.current as State} />
                </span>
              </li>
            );
          })}
        </ul>
      </div>
      {runs.length < total && (
        <p className="border-t border-slate-100 px-3 py-1.5 text-xs text-slate-600" aria-live="polite">
          {runs.length} of {total} task runs loaded; more load as you scroll.
        </p>
      )}
    </div>
  );
}
