import type { Execution, LogLevel, StateHistory, StateView, TaskRun } from "./types";
import { isTerminal } from "./types";

// The API's shapes of executions, task runs and log lines, as the seeds' orchestrator answers them
// (an execution's `state` is {current, histories, startDate, endDate, duration}).

/** An ISO-8601 duration of milliseconds, as the orchestrator writes it (PT0.532S). */
export function isoDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `PT${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}S`;
}

export function stateView(current: StateView["current"], histories: StateHistory[]): StateView {
  const startDate = histories[0]?.date ?? new Date(0).toISOString();
  const endDate = isTerminal(current) ? (histories.at(-1)?.date ?? null) : null;
  const until = endDate ? Date.parse(endDate) : Date.now();
  return { current, histories, startDate, endDate, duration: isoDuration(until - Date.parse(startDate)) };
}

export type TaskRunView = ReturnType<typeof taskRunView>;

export function taskRunView(t: TaskRun) {
  return {
    id: t.id,
    executionId: t.executionId,
    taskId: t.taskId,
    parentTaskRunId: t.parentTaskRunId,
    value: t.value,
    iteration: t.iteration,
    state: stateView(t.state, t.histories),
    attempts: t.attempts.map((a) => ({ number: a.number, workerId: a.workerId, state: stateView(a.state, a.histories) })),
    outputs: t.outputs,
  };
}

/** An execution without its task runs (search results, follow events). */
export function executionSummary(e: Execution) {
  return {
    id: e.id,
    namespace: e.namespace,
    flowId: e.flowId,
    flowRevision: e.flowRevision,
    inputs: e.inputs,
    labels: e.labels,
    state: stateView(e.state, e.histories),
    outputs: e.outputs,
    trigger: e.trigger,
    parentId: e.parentId,
    originalId: e.originalId,
    scheduleDate: e.scheduleDate,
  };
}

export type ExecutionView = ReturnType<typeof executionSummary> & {
  taskRunList: TaskRunView[];
  taskRunTotal: number;
  /** a QUEUED execution's wait: the concurrency limit and its place in that limit's queue */
  queued?: { limit: "flow" | "namespace" | "tenant"; scope: string; slots: number; running: number; position: number } | null;
};

export type LogRow = {
  id: number;
  namespace: string;
  flowId: string;
  executionId: string;
  taskRunId: string | null;
  taskId: string | null;
  attempt: number | null;
  level: string;
  timestamp: Date;
  message: string;
};

export function logView(r: LogRow) {
  return {
    id: r.id,
    namespace: r.namespace,
    flowId: r.flowId,
    executionId: r.executionId,
    taskRunId: r.taskRunId,
    taskId: r.taskId,
    attemptNumber: r.attempt,
    level: r.level as LogLevel,
    timestamp: r.timestamp.toISOString(),
    message: r.message,
  };
}
export type LogView = ReturnType<typeof logView>;
