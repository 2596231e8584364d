/**
 * The execution model shared by the executor (a pure state machine), the store that persists it
 * row by row, the workers that run runnable tasks and the API. Shapes follow the seeds'
 * orchestrator (Kestra 1.x): an execution's `state` is `{current, histories, startDate, endDate,
 * duration}`, a task run has `attempts`, each with its own state.
 */

export const STATES = [
  "CREATED", "QUEUED", "RUNNING", "PAUSED", "RETRYING", "RETRIED", "RESTARTED", "KILLING",
  "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED",
  // an attempt whose worker was lost: the task run goes on with a new attempt (attempts only)
  "RESUBMITTED",
] as const;
export type State = (typeof STATES)[number];

export const TERMINAL_STATES: ReadonlySet<State> = new Set<State>([
  "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRIED", "SKIPPED", "RESUBMITTED",
]);
export const isTerminal = (state: State) => TERMINAL_STATES.has(state);

/** One entry of a state's history; `date` is an ISO-8601 instant. */
export type StateHistory = { state: State; date: string };

/** The API's state object, derived from the history (`startDate` is the first entry's date). */
export type StateView = {
  current: State;
  histories: StateHistory[];
  startDate: string;
  endDate: string | null;
  /** ISO-8601 duration, as the orchestrator answers it (e.g. PT0.532S) */
  duration: string | null;
};

/** One attempt of a task run: workers run attempts; a result names its attempt and is refused when stale. */
export type Attempt = {
  /** 1-based */
  number: number;
  state: State;
  histories: StateHistory[];
  /** the worker that claimed it, when one did */
  workerId: string | null;
};

export type TaskRun = {
  id: string;
  executionId: string;
  taskId: string;
  parentTaskRunId: string | null;
  /** the item of a loop (ForEach & co.), as the orchestrator keeps it: a string (JSON for non-strings) */
  value: string | null;
  /** a loop's iteration, or the attempt round of a flowable retry; null elsewhere */
  iteration: number | null;
  state: State;
  histories: StateHistory[];
  attempts: Attempt[];
  outputs: Record<string, unknown> | null;
  /** creation order within the execution: the task-run list's order and its page key */
  seq: number;
};

export type TriggerInfo = {
  /** manual (browser), api, cli, schedule, flow, webhook, subflow */
  kind: string;
  /** the trigger's id in the flow, when a trigger of the flow started it */
  id?: string | null;
  /** what the trigger passes on as `trigger.*` in expressions */
  variables?: Record<string, unknown>;
  /** subflow: the parent's task run that waits for this execution (a Subflow, a ForEachItem's `_items`) */
  parentTaskRunId?: string;
  /** subflow: how deep in a chain of subflows this execution runs (1 for a child of a top-level execution) */
  depth?: number;
  /** subflow: the batch a ForEachItem child runs (1-based) */
  iteration?: number;
};

export type Execution = {
  id: string;
  tenantId: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  inputs: Record<string, unknown>;
  labels: { key: string; value: string }[];
  state: State;
  histories: StateHistory[];
  outputs: Record<string, unknown> | null;
  variables: Record<string, unknown>;
  trigger: TriggerInfo | null;
  parentId: string | null;
  originalId: string | null;
  scheduleDate: string | null;
  /** which try of the flow's `retry` (CREATE_NEW_EXECUTION) this execution is, 1-based; absent means 1 */
  retryAttempt?: number;
  /** bumped by every change: the store's optimistic fence */
  version: number;
};

/** Everything the executor decides from: the execution and all its task runs. */
export type EngineState = { execution: Execution; taskRuns: TaskRun[] };

/** What a worker reports for one attempt; `outputs` are the task's outputs, already bounded. */
export type TaskResult = {
  state: Extract<State, "SUCCESS" | "WARNING" | "FAILED" | "KILLED">;
  outputs?: Record<string, unknown> | null;
  /** the error a FAILED attempt ended with, logged by the worker and kept for the executor */
  error?: string | null;
  /** a task of a WorkingDirectory: the files of its `outputFiles` found after the task, the WorkingDirectory's `outputFiles` output */
  workingDirectory?: { taskRunId: string; outputFiles: Record<string, string> } | null;
};

/** What happens to an execution; the executor applies events one at a time per execution. */
export type EngineEvent =
  | { type: "start" }
  /** a worker claimed the attempt (`at`: when, as the worker's clock says; absent: when applied) */
  | { type: "task-started"; taskRunId: string; attempt: number; workerId: string; at?: string }
  /** the attempt ended; `startedAt`/`workerId` say when and where it started, for a result that
   * reaches the executor before the attempt's start did */
  | ({ type: "task-result"; taskRunId: string; attempt: number; startedAt?: string; workerId?: string } & TaskResult)
  /** the attempt's lease expired (its worker died): the executor starts a new attempt */
  | { type: "attempt-lost"; taskRunId: string; attempt: number; workerId?: string }
  /** a timer set by a `timer` work item came due (retry delay, pause duration, timeout, WaitFor) */
  | { type: "timer"; key: string; taskRunId: string | null }
  | { type: "kill" }
  /**
   * the attempt's worker group cannot run it (SPEC §7 "Worker groups"; lib/workers/fallback.ts): no
   * live worker (WAIT: noted in its logs; FAIL: the task run fails; CANCEL: the execution is
   * cancelled), or the group does not allow the tenant (FAIL)
   */
  | { type: "worker-group"; taskRunId: string; attempt: number; fallback: "WAIT" | "FAIL" | "CANCEL"; message: string }
  /** the execution was restarted (its failed task runs reset): the executor carries on from there */
  | { type: "restarted" }
  | { type: "resume"; inputs?: Record<string, unknown> }
  /** a child execution that `taskRunId` started (Subflow, ForEachItem) ended in `state` with its flow's `outputs` */
  | { type: "subflow-ended"; taskRunId: string; executionId: string; state: State; outputs?: Record<string, unknown> | null };

/** What the executor asks for; the store commits it in the same transaction as the new state. */
export type Work =
  /** enqueue one attempt of a runnable task run for a worker */
  | { type: "run"; taskRunId: string; attempt: number; taskId: string; workerGroup: string | null; workerGroupFallback?: string | null }
  /** deliver `event` to this execution at `at` (ISO instant) */
  | { type: "timer"; at: string; event: Extract<EngineEvent, { type: "timer" }> }
  /** tell the worker running this attempt to abort it (kill, timeout) */
  | { type: "cancel"; taskRunId: string; attempt: number }
  /** a log line of the executor's own (a flowable's decision, a skipped task, a failure message) */
  | { type: "log"; level: LogLevel; message: string; taskRunId: string | null; attempt: number | null }
  /** the execution reached a terminal state (flow triggers, subflow parents, `wait=true` answers) */
  | { type: "ended"; state: State }
  /**
   * the flow's `retry` with behavior CREATE_NEW_EXECUTION: this execution ended RETRIED; create a
   * new execution of the same flow revision, inputs and labels (`originalId` = this execution's
   * original), with `retryAttempt` set to `attempt`, starting at `at`
   */
  | { type: "retry-execution"; at: string; attempt: number }
  /**
   * a Subflow or ForEachItem starts a child execution (already checked and prepared, state
   * CREATED): the store writes its row and its `start` event in the same transaction as this step
   */
  | { type: "subflow"; execution: Execution }
  /** the execution is killed: its running child executions get a `kill` event too */
  | { type: "kill-children" };

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The result of one step: the whole new state, the ids it created or changed, and the work to commit. */
export type StepResult = {
  state: EngineState;
  executionChanged: boolean;
  /** task runs created or changed by this step (the store writes only these rows) */
  changedTaskRuns: string[];
  work: Work[];
};
