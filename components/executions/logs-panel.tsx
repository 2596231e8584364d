"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { formatDateTime } from "@/lib/ui/format";
import type { LogView } from "./execution-types";

// An execution's logs: every line from the start, then live while it runs, through the log
// follow stream (Server-Sent Events; after a dropped connection the browser resumes after the
// last line it got, Last-Event-ID). Filtered by minimum level and text, grouped per task run,
// virtualised: 100,000 lines stay responsive. Secrets were masked by the engine when written.

export const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
const LEVEL_TONE: Record<string, string> = {
  TRACE: "text-slate-600",
  DEBUG: "text-slate-600",
  INFO: "text-sky-800",
  WARN: "text-amber-800",
  ERROR: "text-red-700",
};

/** The execution's log lines, streamed while `open` (the stream ends by itself once the execution has). */
export function useLogStream(tenant: string, executionId: string, generation: number, ended: boolean) {
  const endedRef = useRef(ended);
  endedRef.current = ended;
  const lines = useRef<LogView[]>([]);
  const seen = useRef(new Set<number>());
  const [version, setVersion] = useState(0);
  const [streaming, setStreaming] = useState(true);
  useEffect(() => {
    const after = lines.current.at(-1)?.id;
    const url = `/api/v1/${encodeURIComponent(tenant)}/logs/${encodeURIComponent(executionId)}/follow${after !== undefined ? `?after=${after}` : ""}`;
    const source = new EventSource(url);
    let frame = 0;
    const flush = () => {
      frame = 0;
      setVersion((v) => v + 1);
    };
    setStreaming(true);
    source.addEventListener("log", (event) => {
      const line = JSON.parse((event as MessageEvent).data) as LogView;
      if (seen.current.has(line.id)) return;
      seen.current.add(line.id);
      lines.current.push(line);
      if (!frame) frame = window.setTimeout(flush, 100);
    });
    // the server closes the stream once the execution ended and every line was sent: then it is
    // closed here too (a restart or resume opens a new one); while it runs, the browser reconnects
    // by itself and resumes after the last line it got (Last-Event-ID)
    source.onerror = () => {
      if (!endedRef.current) return;
      source.close();
      setStreaming(false);
    };
    return () => {
      source.close();
      if (frame) window.clearTimeout(frame);
    };
  }, [tenant, executionId, generation]);
  return { lines: lines.current, version, streaming: streaming && !ended };
}

type Item = { kind: "group"; key: string; taskId: string; count: number } | { kind: "line"; line: LogView };

export function LogsPanel({
  tenant,
  executionId,
  lines,
  version,
  streaming,
  taskRunId,
  labelOf,
  compact = false,
}: {
  tenant: string;
  executionId: string;
  lines: LogView[];
  version: number;
  streaming: boolean;
  /** only this task run's lines (a task run's details) */
  taskRunId?: string;
  /** a task run's name for its group (its task id and loop value) */
  labelOf?: (taskRunId: string) => string | undefined;
  compact?: boolean;
}) {
  const [minLevel, setMinLevel] = useState<string>("TRACE");
  const [query, setQuery] = useState("");
  const [grouped, setGrouped] = useState(!taskRunId);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const [follow, setFollow] = useState(true);
  const items = useMemo(() => {
    const min = LEVELS.indexOf(minLevel as (typeof LEVELS)[number]);
    const q = query.trim().toLowerCase();
    const kept = lines.filter(
      (l) =>
        (!taskRunId || l.taskRunId === taskRunId) &&
        LEVELS.indexOf(l.level as (typeof LEVELS)[number]) >= min &&
        (!q || l.message.toLowerCase().includes(q) || (l.taskId ?? "").toLowerCase().includes(q)),
    );
    const all = taskRunId ? lines.filter((l) => l.taskRunId === taskRunId).length : lines.length;
    if (!grouped) return { list: kept.map((line): Item => ({ kind: "line", line })), count: kept.length, all };
    const groups = new Map<string, LogView[]>();
    for (const l of kept) {
      const key = l.taskRunId ?? "execution";
      const g = groups.get(key);
      if (g) g.push(l);
      else groups.set(key, [l]);
    }
    const list: Item[] = [];
    for (const [key, group] of groups) {
      list.push({ kind: "group", key, taskId: labelOf?.(key) ?? group[0].taskId ?? "execution", count: group.length });
      if (!closed.has(key)) for (const line of group) list.push({ kind: "line", line });
    }
    return { list, count: kept.length, all };
    // `version` changes when lines arrive (the array is appended in place): it is a dependency on purpose
  }, [lines, version, minLevel, query, grouped, closed, taskRunId, labelOf]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.list.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 22,
    overscan: 20,
    getItemKey: (i) => {
      const it = items.list[i];
      return it.kind === "group" ? `g:${it.key}` : it.line.id;
    },
  });
  // following the end while lines arrive, unless the reader scrolled up
  useEffect(() => {
    if (follow && streaming && items.list.length) virtualizer.scrollToIndex(items.list.length - 1, { align: "end" });
  }, [items.list.length, follow, streaming, virtualizer]);

  const toggle = (key: string) =>
    setClosed((c) => {
      const next = new Set(c);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const id = taskRunId ? `logs-${taskRunId}` : "logs";
  return (
    <div className="rounded-lg border border-slate-200 bg-white" data-testid={taskRunId ? "task-run-logs" : "logs"}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 px-3 py-2 text-sm">
        <label className="flex items-center gap-2 text-slate-700">
          Level
          <select
            value={minLevel}
            onChange={(e) => setMinLevel(e.target.value)}
            className="rounded-md border-0 py-1 pr-7 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
            aria-label="Minimum level"
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === "TRACE" ? "All levels" : `${l} and above`}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search the logs"
          aria-label="Search the logs"
          className="order-first w-full min-w-0 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-500 sm:order-none sm:w-auto sm:max-w-xs sm:flex-1"
        />
        {!taskRunId && (
          <label className="flex items-center gap-1.5 text-slate-700">
            <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} />
            Group by task run
          </label>
        )}
        <span className="text-xs text-slate-600" aria-live="polite" data-testid={`${id}-count`}>
          {items.count} {items.count === 1 ? "line" : "lines"}
          {streaming ? " · live" : ""}
        </span>
        {!compact && (
          <a
            href={`/api/v1/${encodeURIComponent(tenant)}/logs/${encodeURIComponent(executionId)}/download`}
            className="ml-auto text-sm font-medium text-indigo-700 hover:underline"
            download
          >
            Download
          </a>
        )}
      </div>
      {items.list.length === 0 ? (
        <p className="px-3 py-6 text-center text-sm text-slate-600">
          {items.all === 0
            ? streaming
              ? "Waiting for the first log line…"
              : taskRunId
                ? "This task run wrote no log line."
                : "This execution wrote no log line."
            : "No log line matches these filters."}
        </p>
      ) : (
        <div
          ref={scroller}
          onScroll={(e) => {
            const el = e.currentTarget;
            setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 40);
          }}
          className="overflow-auto font-mono text-xs"
          style={{ height: Math.min(virtualizer.getTotalSize() + 2, compact ? 240 : 480) }}
          role="log"
          aria-label="Log lines"
        >
          <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const it = items.list[v.index];
              return (
                <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="absolute inset-x-0" style={{ top: v.start }}>
                  {it.kind === "group" ? (
                    <button
                      type="button"
                      aria-expanded={!closed.has(it.key)}
                      onClick={() => toggle(it.key)}
                      className="flex w-full items-center gap-2 border-y border-slate-100 bg-slate-50 px-3 py-1 text-left font-sans text-xs font-medium text-slate-800"
                      data-testid="log-group"
                    >
                      <span aria-hidden>{closed.has(it.key) ? "▸" : "▾"}</span>
                      {it.taskId}
                      <span className="font-normal text-slate-600">
                        {it.count} {it.count === 1 ? "line" : "lines"}
                      </span>
                    </button>
                  ) : (
                    <div className="flex gap-3 px-3 py-0.5 hover:bg-slate-50" data-testid="log-line">
                      <span className="shrink-0 text-slate-600 tabular-nums">{formatDateTime(it.line.timestamp).slice(11, 16) + it.line.timestamp.slice(16, 23)}</span>
                      <span className={`w-11 shrink-0 font-semibold ${LEVEL_TONE[it.line.level] ?? ""}`}>{it.line.level}</span>
                      {!grouped && !taskRunId && <span className="hidden w-28 shrink-0 truncate text-slate-600 sm:inline">{it.line.taskId ?? "—"}</span>}
                      <span className="min-w-0 break-words whitespace-pre-wrap text-slate-900">{it.line.message}</span>
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
