import type { EngineState, Execution, State, StepResult, TaskRun, Work } from "./types";
import { isTerminal } from "./types";

// Restart and replay as state transforms (pure: time and ids come from the caller), applied by
// lib/executions/executions.ts in one transaction with the work or the event they lead to.

/** States an execution may be restarted from (the orchestrator restarts failed and killed ones). */
export const RESTARTABLE: ReadonlySet<State> = new Set<State>(["FAILED", "KILLED"]);
const FAILED_OR_KILLED: ReadonlySet<State> = RESTARTABLE;

export type RestartDeps = {
  now: Date;
  /** flowable task runs are resumed by the executor; the others get a new attempt */
  isFlowable: (taskId: string) => boolean;
  workerGroupOf?: (taskId: string) => string | null;
  /** the task's workerGroup.fallback (WAIT when absent) */
  workerGroupFallbackOf?: (taskId: string) => string | null;
};

const push = (histories: TaskRun["histories"], date: string, ...states: State[]) => [...histories, ...states.map((state) => ({ state, date }))];

/**
 * Restarts a FAILED or KILLED execution from its failed task runs, as the orchestrator does: the
 * execution goes RESTARTED then RUNNING; each failed or killed runnable task run goes RESTARTED with
 * a new attempt (and the `run` work for it); each failed or killed flowable goes RESTARTED then
 * RUNNING, so the executor carries on with its children. Task runs that succeeded keep their
 * state and outputs. Null when the execution is in no state to restart.
 */
export function restartState(state: EngineState, deps: RestartDeps): StepResult | null {
  const exec = state.execution;
  if (!RESTARTABLE.has(exec.state)) return null;
  const date = deps.now.toISOString();
  const changed: string[] = [];
  const work: Work[] = [];
  const taskRuns = state.taskRuns.map((t): TaskRun => {
    if (!FAILED_OR_KILLED.has(t.state)) return t;
    changed.push(t.id);
    if (deps.isFlowable(t.taskId)) {
      return { ...t, state: "RUNNING", histories: push(t.histories, date, "RESTARTED", "RUNNING") };
    }
    const number = (t.attempts.at(-1)?.number ?? 0) + 1;
    const fallback = deps.workerGroupFallbackOf?.(t.taskId);
    work.push({ type: "run", taskRunId: t.id, attempt: number, taskId: t.taskId, workerGroup: deps.workerGroupOf?.(t.taskId) ?? null, ...(fallback ? { workerGroupFallback: fallback } : {}) });
    return {
      ...t,
      state: "RESTARTED",
      histories: push(t.histories, date, "RESTARTED"),
      attempts: [...t.attempts, { number, state: "CREATED", histories: [{ state: "CREATED", date }], workerId: null }],
    };
  });
  if (changed.length === 0) return null;
  work.push({ type: "log", level: "INFO", message: `restarted from ${work.length} failed task run${work.length === 1 ? "" : "s"}`, taskRunId: null, attempt: null });
  const execution: Execution = { ...exec, state: "RUNNING", histories: push(exec.histories, date, "RESTARTED", "RUNNING"), outputs: null };
  return { state: { execution, taskRuns }, executionChanged: true, changedTaskRuns: changed, work };
}

export type ReplayDeps = { now: Date; newId: () => string };

/**
 * A new execution replaying an ended one (`originalId` names the first of the line): with no task
 * run chosen it starts from the beginning; with one, the task runs created before it are copied as
 * they were (new ids, same states and outputs; `seq` from 1 again), its ancestors go RESTARTED then RUNNING so the
 * executor goes on inside them, and it and everything after it run again. The new execution is
 * CREATED: the caller inserts it with a `start` event. Null when `taskRunId` is not one of its task
 * runs; throws nothing.
 */
export function replayState(source: EngineState, taskRunId: string | null, deps: ReplayDeps): EngineState | null {
  const date = deps.now.toISOString();
  const exec = source.execution;
  const id = deps.newId();
  const execution: Execution = {
    ...exec,
    id,
    state: "CREATED",
    histories: [{ state: "CREATED", date }],
    outputs: null,
    originalId: exec.originalId ?? exec.id,
    scheduleDate: null,
    version: 1,
  };
  if (taskRunId === null) return { execution, taskRuns: [] };
  const chosen = source.taskRuns.find((t) => t.id === taskRunId);
  if (!chosen) return null;
  const byId = new Map(source.taskRuns.map((t) => [t.id, t]));
  const ancestors = new Set<string>();
  for (let p = chosen.parentTaskRunId; p && !ancestors.has(p); p = byId.get(p)?.parentTaskRunId ?? null) ancestors.add(p);
  const kept = source.taskRuns.filter((t) => t.seq < chosen.seq).sort((a, b) => a.seq - b.seq);
  const ids = new Map(kept.map((t) => [t.id, deps.newId()]));
  const taskRuns = kept
    .filter((t) => t.parentTaskRunId === null || ids.has(t.parentTaskRunId))
    .map((t, seq): TaskRun => {
      const copy: TaskRun = { ...structuredClone(t), id: ids.get(t.id)!, executionId: id, parentTaskRunId: t.parentTaskRunId && ids.get(t.parentTaskRunId)!, seq: seq + 1 };
      if (!ancestors.has(t.id)) return copy;
      return { ...copy, state: "RUNNING", histories: push(t.histories, date, "RESTARTED", "RUNNING") };
    });
  return { execution, taskRuns };
}

/** Can this execution be replayed (it ended)? */
export const replayable = (e: Pick<Execution, "state">) => isTerminal(e.state);
