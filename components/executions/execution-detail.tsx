"use client";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { Tabs } from "@/components/ui/tabs";
import { formatDuration } from "@/lib/ui/format";
import { ExecutionButtons, type ActionOutcome } from "./execution-buttons";
import { type LinkedExecution, ExecutionOverview } from "./execution-overview";
import { Gantt } from "./gantt";
import { TaskRunDetails } from "./gantt-details";
import { LogsPanel, useLogStream } from "./logs-panel";
import { OutputsPanel } from "./outputs-panel";
import { StateBadge } from "./state-badge";
import { type Can, type ExecutionActions, type ExecutionSummary, type ExecutionView, type TaskRunView, apiBase, executionHref, isEnded, startsExecutions } from "./execution-types";

// The execution page: overview, Gantt timeline, logs and outputs, live while it runs (the follow
// stream of the execution, Server-Sent Events), with the actions the caller's permissions allow.

/** The execution's task runs, a page at a time (pages from 1, contiguous), refreshed while it changes. */
function useTaskRuns(tenant: string, executionId: string, initial: TaskRunView[], initialTotal: number, pageSize: number) {
  const [pages, setPages] = useState<ReadonlyMap<number, TaskRunView[]>>(() => new Map([[1, initial]]));
  const [total, setTotal] = useState(initialTotal);
  const inFlight = useRef(new Set<number>());
  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const fetchPage = useCallback(
    async (n: number) => {
      if (inFlight.current.has(n)) return;
      inFlight.current.add(n);
      try {
        const res = await fetch(`${apiBase(tenant, executionId)}?taskRunPage=${n}&taskRunSize=${pageSize}`, { cache: "no-store" });
        if (!res.ok) return;
        const e = (await res.json()) as ExecutionView;
        setPages((p) => new Map(p).set(n, e.taskRunList));
        setTotal(e.taskRunTotal);
      } finally {
        inFlight.current.delete(n);
      }
    },
    [tenant, executionId, pageSize],
  );
  const loadMore = useCallback(() => {
    const next = pagesRef.current.size + 1;
    if ((next - 1) * pageSize < total) void fetchPage(next);
  }, [fetchPage, pageSize, total]);
  const refresh = useCallback(() => {
    for (const n of pagesRef.current.keys()) void fetchPage(n);
  }, [fetchPage]);
  /** a follow event's first task runs: the whole list when it holds them all */
  const applyEvent = useCallback(
    (e: ExecutionView) => {
      if (e.taskRunList.length >= e.taskRunTotal) {
        setPages(new Map([[1, e.taskRunList]]));
        setTotal(e.taskRunTotal);
        return true;
      }
      return false;
    },
    [],
  );
  const runs = useMemo(() => [...pages.entries()].sort(([a], [b]) => a - b).flatMap(([, l]) => l), [pages]);
  return { runs, total, loadMore, refresh, applyEvent };
}

/** The executions it started (its subflows), read again while it runs: a child started since the page loaded shows up. */
function useChildren(tenant: string, executionId: string, initial: LinkedExecution[], initialTotal: number) {
  const [children, setChildren] = useState({ list: initial, total: initialTotal });
  const refresh = useCallback(async () => {
    const q = new URLSearchParams({ triggerExecutionId: executionId, sort: "startDate:asc", page: "1", size: String(Math.max(50, initial.length)) });
    const res = await fetch(`/api/v1/${encodeURIComponent(tenant)}/executions/search?${q}`, { cache: "no-store" });
    if (!res.ok) return;
    const page = (await res.json()) as { results: ExecutionSummary[]; total: number };
    setChildren({ list: page.results.map((c) => ({ id: c.id, namespace: c.namespace, flowId: c.flowId, state: c.state.current })), total: page.total });
  }, [tenant, executionId, initial.length]);
  return { ...children, refresh };
}

const LIMIT_NAMES = { flow: "the flow's concurrency limit", namespace: "the concurrency limit of namespace", tenant: "the tenant's concurrency limit" } as const;

/** Why a QUEUED execution waits: the limit that is full and its place in that limit's queue. */
function QueuedReason({ queued }: { queued: NonNullable<ExecutionView["queued"]> | null }) {
  if (!queued) return null;
  const which = queued.limit === "namespace" ? `${LIMIT_NAMES.namespace} ${queued.scope}` : LIMIT_NAMES[queued.limit];
  return (
    <div role="status" data-testid="queued-reason" className="mb-4 rounded-lg border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-700">
      <p className="font-medium text-slate-900">Waiting for a slot</p>
      <p className="mt-0.5">
        {which.charAt(0).toUpperCase() + which.slice(1)} allows {queued.slots} execution{queued.slots === 1 ? "" : "s"} at once ({queued.running} running).
        This execution is <span className="font-medium">number {queued.position}</span> in its queue and starts when a slot frees.
      </p>
    </div>
  );
}

/** Now, ticking every second while `live`. */
function useNow(live: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [live]);
  return now;
}

type TabKey = "overview" | "gantt" | "topology" | "logs" | "outputs";

// the YAML parser, the task catalogue and the graph load with the Topology tab, not with the page
const ExecutionTopology = dynamic(() => import("./execution-topology"), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-lg border border-slate-200 bg-white" aria-busy="true" aria-label="Loading the topology" />,
});

export function ExecutionDetail({
  tenant,
  initial,
  pageSize,
  flowSource = null,
  parent,
  original,
  childExecutions,
  childTotal,
  resumeInputs,
  pauseForms = {},
  can,
  actions,
}: {
  tenant: string;
  initial: ExecutionView;
  pageSize: number;
  /** the source of the revision it ran (null when the user may not read the flow: no topology) */
  flowSource?: string | null;
  parent: LinkedExecution | null;
  original: LinkedExecution | null;
  childExecutions: LinkedExecution[];
  childTotal: number;
  resumeInputs: Record<string, unknown>[];
  /** every Pause task's onResume inputs by task id: the form of a pause that came after the page loaded */
  pauseForms?: Record<string, Record<string, unknown>[]>;
  can: Can;
  actions: ExecutionActions;
}) {
  const router = useRouter();
  const { taskRunList, ...first } = initial;
  const [execution, setExecution] = useState<ExecutionSummary>(first);
  const tasks = useTaskRuns(tenant, initial.id, taskRunList, initial.taskRunTotal, pageSize);
  const [tab, setTab] = useState<TabKey>("overview");
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const ended = isEnded(execution.state.current);
  const now = useNow(!ended);
  const logs = useLogStream(tenant, initial.id, generation, ended);
  const kids = useChildren(tenant, initial.id, childExecutions, childTotal);
  // the form of the task run paused now (it may have paused after the page loaded)
  const pausedTask = execution.state.current === "PAUSED" ? tasks.runs.find((r) => r.state.current === "PAUSED")?.taskId : undefined;
  const resumeForm = pausedTask !== undefined && pauseForms[pausedTask] ? pauseForms[pausedTask] : resumeInputs;

  // the execution each time it changes, until it ends (then the stream is closed: a restart or a
  // resume opens it again); task runs beyond the event's first page are read again, at most once a second
  const { applyEvent, refresh } = tasks;
  const refreshChildren = kids.refresh;
  useEffect(() => {
    const source = new EventSource(`${apiBase(tenant, initial.id)}/follow`);
    let pending: number | undefined;
    let pendingChildren: number | undefined;
    source.addEventListener("execution", (event) => {
      const e = JSON.parse((event as MessageEvent).data) as ExecutionView;
      const { taskRunList: _list, ...summary } = e;
      setExecution(summary);
      if (!applyEvent(e) && pending === undefined) {
        pending = window.setTimeout(() => {
          pending = undefined;
          refresh();
        }, 1000);
      }
      // a task run that starts executions (Subflow, ForEachItem) changed: its children are read again, at most once a second
      if (e.taskRunList.some((r) => startsExecutions(r)) && pendingChildren === undefined) {
        pendingChildren = window.setTimeout(() => {
          pendingChildren = undefined;
          void refreshChildren();
        }, 300);
      }
    });
    source.onerror = () => {
      // ended (the server closed the stream) or gone: stop; while it runs the browser reconnects
      if (source.readyState === EventSource.CLOSED) return;
      setExecution((e) => {
        if (isEnded(e.state.current)) source.close();
        return e;
      });
    };
    return () => {
      source.close();
      if (pending !== undefined) window.clearTimeout(pending);
      if (pendingChildren !== undefined) window.clearTimeout(pendingChildren);
    };
  }, [tenant, initial.id, generation, applyEvent, refresh, refreshChildren]);

  const onDone = (o: ActionOutcome) => {
    setNotice(o.notice);
    if (o.reopen) setGeneration((g) => g + 1);
    if (o.goTo === "") router.push(`/ui/${encodeURIComponent(tenant)}/executions?namespace=${encodeURIComponent(execution.namespace)}&flowId=${encodeURIComponent(execution.flowId)}`);
    else if (o.goTo) router.push(executionHref(tenant, { namespace: execution.namespace, flowId: execution.flowId, id: o.goTo }));
  };

  const selectedRun = selected ? tasks.runs.find((r) => r.id === selected) : undefined;
  const labelOf = useMemo(() => {
    const byId = new Map(tasks.runs.map((r) => [r.id, r.value !== null ? `${r.taskId} [${r.value}]` : r.taskId]));
    return (id: string) => byId.get(id);
  }, [tasks.runs]);
  const s = execution.state;
  const duration = (s.endDate ? Date.parse(s.endDate) : now) - Date.parse(s.startDate);
  const tabs = [
    { key: "overview", label: "Overview" },
    { key: "gantt", label: "Gantt", count: tasks.total },
    ...(flowSource !== null ? [{ key: "topology", label: "Topology" }] : []),
    { key: "logs", label: "Logs", count: logs.lines.length },
    { key: "outputs", label: "Outputs" },
  ];
  return (
    <div data-testid="execution-page" data-state={s.current}>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-slate-600">
            {execution.namespace} · {execution.flowId}
          </p>
          <h1 className="mt-0.5 flex flex-wrap items-center gap-3 text-xl font-semibold tracking-tight break-all text-slate-900">
            Execution {execution.id}
            <span aria-live="polite" data-testid="execution-state">
              <StateBadge state={s.current} />
            </span>
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            {ended ? "Ran for" : s.current === "QUEUED" ? "Waiting for" : "Running for"} {formatDuration(duration)}
            {!ended && " · updates live"}
          </p>
        </div>
        <ExecutionButtons key={s.current} tenant={tenant} execution={execution} can={can} actions={actions} resumeInputs={resumeForm} onDone={onDone} />
      </div>
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      {s.current === "QUEUED" && <QueuedReason queued={execution.queued ?? initial.queued ?? null} />}
      <Tabs tabs={tabs} active={tab} onSelect={(k) => setTab(k as TabKey)} label="Execution sections" />
      {tab === "overview" && (
        <ExecutionOverview tenant={tenant} execution={execution} now={now} parent={parent} original={original} childExecutions={kids.list} childTotal={kids.total} />
      )}
      {tab === "gantt" && (
        <>
          <Gantt
            runs={tasks.runs}
            total={tasks.total}
            start={s.startDate}
            end={s.endDate}
            now={now}
            selected={selected}
            onSelect={(id) => setSelected(id === selected ? null : id)}
            onNeedMore={tasks.loadMore}
          />
          {selectedRun && (
            <TaskRunDetails
              key={selectedRun.id}
              tenant={tenant}
              executionId={execution.id}
              namespace={execution.namespace}
              run={selectedRun}
              runs={tasks.runs}
              now={now}
              ended={ended}
              canReplay={can.create}
              actions={actions}
              logs={logs}
              childExecutions={kids.list}
              onClose={() => setSelected(null)}
              onReplayed={(id) => onDone({ notice: { tone: "success", text: `Replayed as execution ${id}.` }, goTo: id })}
            />
          )}
        </>
      )}
      {tab === "topology" && flowSource !== null && (
        <div className="mt-4">
          <ExecutionTopology
            tenant={tenant}
            flowSource={flowSource}
            runs={tasks.runs}
            label={`Topology of ${execution.namespace}.${execution.flowId}, revision ${execution.flowRevision}, by task state`}
          />
        </div>
      )}
      {tab === "logs" && <LogsPanel tenant={tenant} executionId={execution.id} {...logs} labelOf={labelOf} />}
      {tab === "outputs" && <OutputsPanel tenant={tenant} namespace={execution.namespace} executionId={execution.id} runs={tasks.runs} flowOutputs={execution.outputs} evaluate={actions.evaluate} />}
    </div>
  );
}
