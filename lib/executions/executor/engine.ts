// The executor's state machine. Each step copies the state, applies one event (a worker's report,
// a timer, a kill, a resume), then advances every list of tasks until nothing more can move
// without a worker, a timer or a user:
// - runnable tasks become `run` work (one attempt each; retries and lost workers add attempts);
// - flowable tasks are task runs whose children the executor creates (loop children carry the
//   loop's value and index); their state is the worst of their children's, after `errors` and
//   `finally`;
// - Pause and Labels are decided here, without a worker; so are Subflow and ForEachItem, whose
//   child executions are `subflow` work (checked and prepared through `deps.subflows`) and whose
//   task runs end when a `subflow-ended` event says their child ended;
// - time is always a `timer` work whose event comes back: retry delays, timeouts, pause
//   durations and WaitFor intervals, keyed `<kind>:<taskRunId>:<attempt or iteration>` so that a
//   timer which is no longer current is recognised and ignored.
import { parseDuration } from "@/lib/duration";
import { hasExpression } from "@/lib/expressions";
import type { EngineEvent, EngineState, LogLevel, State, StepResult, TaskResult, TaskRun, Work } from "../types";
import { isTerminal } from "../types";
import type { FlowDefinition } from "../variables";
import { asObject, dagEntries, isTruthy, resolveType, type TaskDef, taskList } from "./flow";
import { findTask } from "../variables";
import { dropIndex, indexTaskRun, markDirty, scopeKey, type StateIndex, transferIndex } from "../state-index";
import type { NamespaceDefault } from "@/lib/flows/validation/plugin-defaults";
import { withPluginDefaults } from "../plugin-defaults";
import { retryDelay } from "./retry";
import { BATCHES_PER_STEP, FOR_EACH_ITEM_PARTS, MAX_SUBFLOW_DEPTH, type SubflowPort, type SubflowRequest, subflowState } from "./subflow";

export type StepDeps = {
  now: Date;
  /** task-run ids */
  newId: () => string;
  /** renders a value (strings deeply, objects and lists recursively) against variablesFor(flow, state, taskRun) */
  render: (value: unknown, taskRun: TaskRun | null, state: EngineState) => Promise<unknown>;
  limits: { maxTaskRuns: number };
  /** starts child executions (Subflow, ForEachItem); without it, those tasks fail */
  subflows?: SubflowPort;
  /**
   * The plugin defaults in force in the execution's namespace chain: with the flow's own
   * `pluginDefaults`, they fill (or, forced, replace) every task's properties before the engine
   * reads them (retry, timeout, allowFailure, workerGroup, ...), as on the worker.
   */
  namespaceDefaults?: readonly NamespaceDefault[];
};

/** States that stop a list of tasks and send it to its `errors`. */
const FAILURES = new Set<State>(["FAILED", "KILLED", "CANCELLED"]);
/** Worst first: the state a group of task runs ends in is the worst of theirs. */
const SEVERITY: State[] = ["KILLED", "FAILED", "CANCELLED", "WARNING"];

function worst(states: State[]): State {
  for (const s of SEVERITY) if (states.includes(s)) return s;
  return "SUCCESS";
}

type Status = { done: false } | { done: true; state: State };
const RUNNING: Status = { done: false };
const done = (state: State): Status => ({ done: true, state });

/** One task to run in a scope: loop children carry the loop's value (and iteration for ForEach/WaitFor). */
type Item = { task: TaskDef; value: string | null; iteration: number | null };
type Mode = { kind: "sequential" } | { kind: "parallel"; limit: number } | { kind: "dag"; limit: number; dependsOn: Map<string, string[]> };

const SEQUENTIAL: Mode = { kind: "sequential" };

/** Loop values written as a list without expressions, read once per list object. */
const literalValues = new WeakMap<object, string[]>();

/** Whether a value holds an expression in any of its strings. */
function containsExpression(value: unknown): boolean {
  if (typeof value === "string") return hasExpression(value);
  if (Array.isArray(value)) return value.some(containsExpression);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => hasExpression(k) || containsExpression(v));
  return false;
}
const limitOf = (value: unknown, fallback: number) => {
  const n = Number(value ?? fallback);
  return !Number.isFinite(n) || n <= 0 ? Number.POSITIVE_INFINITY : n;
};
const plainItems = (tasks: TaskDef[], value: string | null = null, iteration: number | null = null): Item[] =>
  tasks.map((task) => ({ task, value, iteration }));

/**
 * The execution's copy this step may change; its task runs are copied one by one when the step
 * first changes them (`own`), the others are shared with the given state.
 */
function copyExecution(state: EngineState): EngineState["execution"] {
  const execution = state.execution;
  return { ...execution, histories: execution.histories.slice(), labels: execution.labels.slice() };
}

let copies = 0;
/** How many task runs steps have copied since the process started (a work counter for tests). */
export const taskRunCopies = () => copies;

function copyTaskRun(t: TaskRun): TaskRun {
  copies++;
  return { ...t, histories: t.histories.slice(), attempts: t.attempts.map((a) => ({ ...a, histories: a.histories.slice() })) };
}

/**
 * A flow output converted to its declared type, as far as the executor can without the input
 * converters: numbers, booleans and JSON are read from their rendered text; other types are kept
 * as rendered. A value that does not read as its type fails the execution.
 */
function typedOutput(id: string, type: unknown, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  switch (type) {
    case "INT": {
      if (!/^[-+]?\d+$/.test(text)) throw new Error(`output "${id}": "${text}" is not an INT`);
      return Number(text);
    }
    case "FLOAT": {
      const n = Number(text);
      if (text === "" || !Number.isFinite(n)) throw new Error(`output "${id}": "${text}" is not a FLOAT`);
      return n;
    }
    case "BOOLEAN":
      if (text !== "true" && text !== "false") throw new Error(`output "${id}": "${text}" is not a BOOLEAN`);
      return text === "true";
    case "JSON":
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`output "${id}": the value is not valid JSON`);
      }
    default:
      return value;
  }
}

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A timer's key: `<kind>:<taskRunId>:<n>`, n being the attempt or the iteration it belongs to. */
const timerKey = (kind: string, taskRunId: string, n: number) => `${kind}:${taskRunId}:${n}`;
function parseTimerKey(key: string): { kind: string; taskRunId: string; n: number } | null {
  const m = /^([a-z-]+):(.+):(\d+)$/.exec(key);
  return m ? { kind: m[1], taskRunId: m[2], n: Number(m[3]) } : null;
}

/** A ForEachItem's inputs with `taskrun.items` in their expressions replaced by the batch's URI (a string literal). */
function withItems(value: unknown, uri: string): unknown {
  if (typeof value === "string") return value.replace(/\btaskrun\.items\b/g, JSON.stringify(uri));
  if (Array.isArray(value)) return value.map((v) => withItems(v, uri));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withItems(v, uri)]));
  return value;
}

/**
 * One step of the executor over a copy of the state: applies an event, then advances every list of
 * tasks until nothing more can move without a worker, a timer or a user.
 */
export class Step {
  readonly state: EngineState;
  readonly work: Work[] = [];
  private readonly changed = new Set<string>();
  private executionChanged = false;
  private progressed = false;
  private readonly nowIso: string;
  private limitHit = false;
  /** WaitFor iterations whose condition this step has checked (`<taskRunId>:<iteration>`) */
  private readonly conditionsChecked = new Set<string>();
  private readonly tasks = new Map<string, TaskDef | undefined>();
  /** the lookups over this step's task runs, taken over from the given state's list */
  private readonly idx: StateIndex;
  /** the task runs this step may change: its copies and the ones it created */
  private readonly owned = new Set<TaskRun>();
  private readonly given: TaskRun[];

  constructor(
    private readonly flow: FlowDefinition,
    state: EngineState,
    private readonly deps: StepDeps,
  ) {
    this.given = state.taskRuns;
    this.state = { execution: copyExecution(state), taskRuns: state.taskRuns.slice() };
    this.idx = transferIndex(state.taskRuns, this.state.taskRuns);
    this.nowIso = deps.now.toISOString();
    this.flowableIds();
  }

  /**
   * After a stale event (nothing changed): the given list gets its index back, so that the next
   * step on it does not build it again.
   */
  release() {
    if (this.owned.size === 0) transferIndex(this.state.taskRuns, this.given);
    else dropIndex(this.state.taskRuns);
  }

  /**
   * This step's own copy of a task run, made the first time the step is about to change it: the
   * given state keeps its task runs as they were. Every task run a step changes goes through here
   * first (or was created by the step).
   */
  private own(taskRun: TaskRun): TaskRun {
    if (this.owned.has(taskRun)) return taskRun;
    const current = this.idx.byId.get(taskRun.id);
    if (current && this.owned.has(current)) return current;
    const copy = copyTaskRun(taskRun);
    const position = this.idx.position.get(taskRun.id)!;
    this.state.taskRuns[position] = copy;
    indexTaskRun(this.idx, copy, position);
    this.owned.add(copy);
    return copy;
  }

  /** Guards the given state: a change to a task run the step did not take would change the caller's. */
  private mutable(taskRun: TaskRun) {
    if (!this.owned.has(taskRun) && process.env.NODE_ENV === "test") {
      throw new Error(`the step changed task run ${taskRun.id} without copying it first`);
    }
  }

  /** The ids of the task runs that are flowables (or Pause), indexed once per list and flow. */
  private flowableIds(): Set<string> {
    const known = this.idx.flowables;
    if (known && known.flow === this.flow) return known.ids;
    const ids = new Set<string>();
    for (const t of this.state.taskRuns) if (this.isFlowableRun(t)) ids.add(t.id);
    this.idx.flowables = { flow: this.flow, ids };
    return ids;
  }

  result(): StepResult {
    return {
      state: this.state,
      executionChanged: this.executionChanged,
      changedTaskRuns: [...this.changed],
      work: this.work,
    };
  }

  private get execution() {
    return this.state.execution;
  }
  private get killing() {
    return this.execution.state === "KILLING";
  }

  // ---- events ----------------------------------------------------------------------------------

  /** Applies the event; false when it is stale (nothing changes, no work). */
  async apply(event: EngineEvent): Promise<boolean> {
    const exec = this.execution;
    switch (event.type) {
      case "start":
        if (exec.state !== "CREATED" && exec.state !== "QUEUED") return false;
        this.setExecution("RUNNING");
        break;
      case "kill":
        if (isTerminal(exec.state) || exec.state === "KILLING") return false;
        this.kill();
        break;
      case "restarted": {
        if (exec.state !== "RUNNING") return false;
        // a restarted Pause pauses again (its duration and timeout start over); a restarted Subflow
        // or ForEachItem part starts again (a new child execution, new batches); flowables carry on
        for (const t of this.state.taskRuns) {
          if (t.state !== "RUNNING" || t.histories.at(-2)?.state !== "RESTARTED") continue;
          const task = this.taskOf(t) ?? this.forEachItemPartOf(t);
          if (!task) continue;
          const { name, kind } = resolveType(task.type);
          if (name === "flow.Pause") await this.startPause(this.own(t), task);
          else if (kind === "executable" || Object.values(FOR_EACH_ITEM_PARTS).some((p) => p.type === task.type)) await this.startDecided(this.own(t), task);
        }
        break;
      }
      case "resume": {
        if (exec.state !== "PAUSED") return false;
        const paused = this.state.taskRuns.filter((t) => t.state === "PAUSED").map((t) => this.own(t));
        if (paused.length === 0) return false;
        for (const taskRun of paused) this.resumePause(taskRun, event.inputs);
        break;
      }
      case "task-started": {
        const taskRun = this.currentAttemptOf(event.taskRunId, event.attempt);
        if (!taskRun) return false;
        const attempt = taskRun.attempts[taskRun.attempts.length - 1];
        if (attempt.state !== "CREATED") return false;
        const startedAt = this.reportedDate(event.at, attempt.histories);
        attempt.state = "RUNNING";
        attempt.histories.push({ state: "RUNNING", date: startedAt });
        attempt.workerId = event.workerId;
        if (taskRun.state === "CREATED") this.setTaskRun(taskRun, "RUNNING", startedAt);
        else this.changed.add(taskRun.id);
        await this.startTimeout(taskRun, attempt.number, startedAt);
        return true;
      }
      case "task-result": {
        const taskRun = this.currentAttemptOf(event.taskRunId, event.attempt);
        if (!taskRun) return false;
        await this.onResult(taskRun, event, event.startedAt, event.workerId);
        break;
      }
      case "worker-group": {
        const taskRun = this.currentAttemptOf(event.taskRunId, event.attempt);
        if (!taskRun) return false;
        if (event.fallback === "WAIT") {
          this.log("WARN", event.message, taskRun, event.attempt);
          return true;
        }
        this.log("ERROR", event.message, taskRun, event.attempt);
        if (event.fallback === "FAIL") await this.onResult(taskRun, { state: "FAILED", error: event.message });
        else {
          // as a Pause whose behavior is CANCEL: the task run and the execution are CANCELLED
          this.endAttempt(taskRun, "CANCELLED");
          this.cancelExecution(taskRun);
        }
        break;
      }
      case "attempt-lost": {
        const taskRun = this.currentAttemptOf(event.taskRunId, event.attempt);
        if (!taskRun) return false;
        const attempt = taskRun.attempts[taskRun.attempts.length - 1];
        // the worker that held it, when its start was not noticed before it was lost
        if (!attempt.workerId && event.workerId) attempt.workerId = event.workerId;
        // as the orchestrator: the lost attempt ends RESUBMITTED and does not count against `retry`
        this.endAttempt(taskRun, "RESUBMITTED");
        this.log("WARN", `attempt ${attempt.number} was lost (its worker stopped answering); starting attempt ${attempt.number + 1}`, taskRun, attempt.number);
        if (this.killing) this.setTaskRun(taskRun, "KILLED");
        else await this.startAttempt(taskRun);
        break;
      }
      case "timer": {
        const ok = await this.onTimer(event.key);
        if (!ok) return false;
        break;
      }
      case "subflow-ended": {
        const found = this.idx.byId.get(event.taskRunId);
        if (!found || isTerminal(found.state) || this.killing) return false;
        if (!this.onChildEnded(this.own(found), event)) return false;
        break;
      }
    }
    if (this.killing) this.finishKillIfIdle();
    if (!this.killing) await this.advance();
    return true;
  }

  /** The task run when `attempt` is its current, unfinished attempt; null for a stale report. */
  private currentAttemptOf(taskRunId: string, attempt: number): TaskRun | null {
    const taskRun = this.idx.byId.get(taskRunId);
    if (!taskRun || isTerminal(taskRun.state)) return null;
    const current = taskRun.attempts[taskRun.attempts.length - 1];
    if (!current || current.number !== attempt || isTerminal(current.state)) return null;
    return this.own(taskRun);
  }

  /**
   * The date a worker reported for a change (its clock), kept between the last recorded date and
   * now, so that a history never goes backwards nor into the future; now when none was reported.
   */
  private reportedDate(at: string | undefined, histories: { date: string }[]): string {
    if (!at) return this.nowIso;
    const t = Date.parse(at);
    if (Number.isNaN(t)) return this.nowIso;
    const last = histories.length ? Date.parse(histories[histories.length - 1].date) : -Infinity;
    return new Date(Math.min(this.deps.now.getTime(), Math.max(t, last))).toISOString();
  }

  private async onResult(taskRun: TaskRun, result: TaskResult, startedAt?: string, workerId?: string) {
    const task = this.taskOf(taskRun);
    if (result.outputs !== undefined && result.outputs !== null) taskRun.outputs = result.outputs;
    if (result.workingDirectory) this.workingDirectoryOutputs(taskRun, result.workingDirectory);
    const attempt = taskRun.attempts[taskRun.attempts.length - 1];
    if (attempt.state === "CREATED") {
      // the result came before the notice of the attempt's start: the start is recorded from it
      const at = this.reportedDate(startedAt, attempt.histories);
      attempt.histories.push({ state: "RUNNING", date: at });
      if (workerId) attempt.workerId = workerId;
      if (taskRun.state === "CREATED") this.setTaskRun(taskRun, "RUNNING", at);
    }
    this.endAttempt(taskRun, result.state);
    if (this.killing) {
      this.setTaskRun(taskRun, result.state);
      return;
    }
    if (result.state === "FAILED") await this.onFailure(taskRun, task);
    else if (result.state === "KILLED") this.setTaskRun(taskRun, "KILLED");
    else this.setTaskRun(taskRun, this.successState(taskRun, task, result.state));
  }

  /** SUCCESS or WARNING, with `warningOnRetry` (a success after retries is a WARNING) and `allowWarning`. */
  private successState(taskRun: TaskRun, task: TaskDef | undefined, state: "SUCCESS" | "WARNING"): State {
    let final: State = state;
    const retry = this.retryPolicyOf(task);
    if (retry && retry.warningOnRetry === true && this.failedAttempts(taskRun) > 0) final = "WARNING";
    if (final === "WARNING" && task?.allowWarning === true) final = "SUCCESS";
    return final;
  }

  private failedAttempts(taskRun: TaskRun) {
    return taskRun.attempts.filter((a) => a.state === "FAILED").length;
  }

  /** The task's own retry, else the flow's when its behavior retries the failed task. */
  private retryPolicyOf(task: TaskDef | undefined): Record<string, unknown> | null {
    if (task && task.retry && typeof task.retry === "object") return task.retry as Record<string, unknown>;
    const flowRetry = this.flow.retry;
    if (flowRetry && typeof flowRetry === "object") {
      const policy = flowRetry as Record<string, unknown>;
      // CREATE_NEW_EXECUTION starts another execution: not a retry of the task run in place
      if ((policy.behavior ?? "RETRY_FAILED_TASK") === "RETRY_FAILED_TASK") return policy;
    }
    return null;
  }

  /** A failed attempt: retry after the policy's delay (RETRYING, then a timer), else the task run fails. */
  private async onFailure(taskRun: TaskRun, task: TaskDef | undefined) {
    const policy = this.retryPolicyOf(task);
    if (policy) {
      const started = Date.parse(taskRun.histories[0].date);
      const attemptNumber = taskRun.attempts.length;
      const delay = retryDelay(policy, this.failedAttempts(taskRun), this.deps.now.getTime() - started, `${taskRun.id}:${attemptNumber}`);
      if (delay !== null) {
        this.setTaskRun(taskRun, "RETRYING");
        const at = new Date(this.deps.now.getTime() + delay).toISOString();
        this.work.push({ type: "timer", at, event: { type: "timer", key: timerKey("retry", taskRun.id, attemptNumber + 1), taskRunId: taskRun.id } });
        this.log("INFO", `attempt ${attemptNumber} failed; retrying at ${at}`, taskRun, attemptNumber);
        return;
      }
    }
    this.failTaskRun(taskRun, task);
  }

  /** FAILED, or WARNING for a task with `allowFailure` (the execution goes on). */
  private failTaskRun(taskRun: TaskRun, task: TaskDef | undefined) {
    if (task?.allowFailure !== true) this.setTaskRun(taskRun, "FAILED");
    else this.setTaskRun(taskRun, task.allowWarning === true ? "SUCCESS" : "WARNING");
  }

  private async onTimer(key: string): Promise<boolean> {
    const parsed = parseTimerKey(key);
    if (!parsed) return false;
    const found = this.idx.byId.get(parsed.taskRunId);
    if (!found || isTerminal(found.state) || this.killing) return false;
    const taskRun = this.own(found);
    const task = this.taskOf(taskRun);
    switch (parsed.kind) {
      case "retry":
        if (taskRun.state !== "RETRYING" || taskRun.attempts.length + 1 !== parsed.n) return false;
        await this.startAttempt(taskRun);
        return true;
      case "timeout": {
        const attempt = taskRun.attempts[taskRun.attempts.length - 1];
        if (!attempt || attempt.number !== parsed.n || isTerminal(attempt.state)) return false;
        this.work.push({ type: "cancel", taskRunId: taskRun.id, attempt: attempt.number });
        this.endAttempt(taskRun, "FAILED");
        this.log("ERROR", `Timeout after ${String(task?.timeout)}`, taskRun, attempt.number);
        await this.onFailure(taskRun, task);
        return true;
      }
      case "pause":
      case "pause-timeout": {
        if (taskRun.state !== "PAUSED") return false;
        if (parsed.kind === "pause-timeout") {
          this.log("ERROR", `the pause was not resumed within its timeout (${String(task?.timeout)})`, taskRun, null);
          this.setTaskRun(taskRun, "FAILED");
          return true;
        }
        let behavior = "RESUME";
        if (task?.behavior !== undefined) {
          try {
            behavior = String(await this.deps.render(task.behavior, taskRun, this.state)).trim().toUpperCase();
          } catch (e) {
            this.log("ERROR", errorMessage(e), taskRun, null);
            this.setTaskRun(taskRun, "FAILED");
            return true;
          }
        }
        if (behavior === "WARN") this.setTaskRun(taskRun, "WARNING");
        else if (behavior === "CANCEL") this.cancelExecution(taskRun);
        else if (behavior === "FAIL") this.setTaskRun(taskRun, "FAILED");
        else this.resumePause(taskRun, undefined);
        return true;
      }
      case "batches": {
        // the next batches of a ForEachItem, unless they were started already
        const counts = Object.values(asObject(asObject(taskRun.outputs).iterations)).reduce((n: number, c) => n + Number(c), 0);
        if (counts !== parsed.n) return false;
        await this.forEachItemPart(taskRun, async (owner, ownerTask) => this.startBatches(taskRun, ownerTask, await this.batchUris(owner, ownerTask), parsed.n));
        return true;
      }
      case "waitfor": {
        const count = Number(asObject(taskRun.outputs).iterationCount ?? 0);
        if (taskRun.state !== "RUNNING" || count !== parsed.n) return false;
        taskRun.outputs = { ...asObject(taskRun.outputs), iterationCount: count + 1 };
        this.changed.add(taskRun.id);
        return true;
      }
      default:
        return false;
    }
  }

  /** A Pause whose behavior is CANCEL: the execution is CANCELLED; what still runs is cancelled. */
  private cancelExecution(pause: TaskRun) {
    this.setTaskRun(pause, "CANCELLED");
    this.stopAll("KILLED");
    this.setExecution("CANCELLED");
    this.work.push({ type: "ended", state: "CANCELLED" });
  }

  /** Cancels every running attempt and ends every unfinished task run in `state`. */
  private stopAll(state: State) {
    this.killChildren();
    for (const t of this.state.taskRuns) {
      if (isTerminal(t.state)) continue;
      const taskRun = this.own(t);
      const attempt = taskRun.attempts[taskRun.attempts.length - 1];
      if (attempt && !isTerminal(attempt.state)) {
        this.work.push({ type: "cancel", taskRunId: taskRun.id, attempt: attempt.number });
        this.endAttempt(taskRun, "KILLED");
      }
      this.setTaskRun(taskRun, state);
    }
  }

  // ---- kill ------------------------------------------------------------------------------------

  private kill() {
    this.setExecution("KILLING");
    this.killChildren();
    for (const t of this.state.taskRuns) {
      if (isTerminal(t.state)) continue;
      const taskRun = this.own(t);
      const attempt = taskRun.attempts[taskRun.attempts.length - 1];
      if (attempt && !isTerminal(attempt.state) && (taskRun.state === "CREATED" || taskRun.state === "RUNNING")) {
        this.work.push({ type: "cancel", taskRunId: taskRun.id, attempt: attempt.number });
      } else {
        this.setTaskRun(taskRun, "KILLED");
      }
    }
    this.finishKillIfIdle();
  }

  /** The execution stops: the child executions it started are killed too (once, when it has any). */
  private killChildren() {
    if (this.work.some((w) => w.type === "kill-children")) return;
    const started = this.state.taskRuns.some((t) => t.outputs && (typeof t.outputs.executionId === "string" || typeof t.outputs.numberOfBatches === "number"));
    if (started) this.work.push({ type: "kill-children" });
  }

  /** While KILLING: once no attempt runs any more, every unfinished task run and the execution are KILLED. */
  private finishKillIfIdle() {
    const running = this.state.taskRuns.some((t) => {
      if (isTerminal(t.state)) return false;
      const attempt = t.attempts[t.attempts.length - 1];
      return attempt !== undefined && !isTerminal(attempt.state);
    });
    if (running) return;
    for (const t of this.state.taskRuns) if (!isTerminal(t.state)) this.setTaskRun(this.own(t), "KILLED");
    this.setExecution("KILLED");
    this.work.push({ type: "ended", state: "KILLED" });
    this.progressed = true;
  }

  // ---- advancing -------------------------------------------------------------------------------

  private async advance() {
    for (let round = 0; round < 10_000; round++) {
      this.progressed = false;
      if (isTerminal(this.execution.state)) {
        // afterExecution runs once the execution has ended, whatever its final state
        if (!this.limitHit) {
          await this.processItems(plainItems(taskList(this.flow.afterExecution)), SEQUENTIAL, null);
        }
      } else {
        // deepest first: children are created after their parents
        const flowables = [...this.flowableIds()]
          .map((id) => this.idx.byId.get(id)!)
          .filter((t) => t.state === "RUNNING" && t.attempts.length === 0)
          .sort((a, b) => b.seq - a.seq);
        for (const taskRun of flowables) {
          if (isTerminal(this.execution.state)) break;
          await this.processFlowable(this.own(taskRun));
        }
        if (!isTerminal(this.execution.state)) {
          const main = await this.processItems(plainItems(taskList(this.flow.tasks)), SEQUENTIAL, null);
          const status = await this.withHandlers(main, this.flow, null);
          if (status.done) await this.finishExecution(status.state);
        }
      }
      if (!this.progressed) break;
    }
    if (!isTerminal(this.execution.state) && !this.killing) {
      // only a Pause is ever PAUSED
      const paused = [...this.flowableIds()].some((id) => this.idx.byId.get(id)!.state === "PAUSED");
      if (paused && this.execution.state !== "PAUSED") this.setExecution("PAUSED");
      if (!paused && this.execution.state === "PAUSED") this.setExecution("RUNNING");
    }
  }

  private isFlowableRun(taskRun: TaskRun) {
    const task = this.taskOf(taskRun);
    if (!task) return false;
    const { kind, name } = resolveType(task.type);
    return kind === "flowable" || name === "flow.Pause";
  }

  /** The latest task run of an item in its parent's scope. */
  private runOf(parentId: string | null, item: Item): TaskRun | undefined {
    return this.idx.latest.get(scopeKey(parentId, item.task.id, item.value, item.iteration));
  }

  /**
   * Starts what may start in a list of tasks and tells whether the list is done: sequential (the
   * next once the previous ended), parallel (up to `limit` at once) or a Dag (a task once what it
   * depends on succeeded). A failure stops new starts; the list ends when what runs has ended.
   */
  private async processItems(items: Item[], mode: Mode, parent: TaskRun | null): Promise<Status> {
    const parentId = parent?.id ?? null;
    const runs = items.map((item) => this.runOf(parentId, item));
    const failed = runs.some((r) => r && isTerminal(r.state) && FAILURES.has(r.state));
    let active = runs.filter((r) => r && !isTerminal(r.state)).length;
    if (!failed && !this.killing) {
      if (mode.kind === "sequential") {
        const next = runs.findIndex((r) => !r);
        if (next >= 0 && active === 0) {
          runs[next] = await this.createTaskRun(items[next], parent);
          return RUNNING;
        }
      } else {
        const okIds = new Set(runs.filter((r) => r && isTerminal(r.state) && !FAILURES.has(r.state)).map((r) => r!.taskId));
        for (let i = 0; i < items.length && active < mode.limit; i++) {
          if (runs[i]) continue;
          if (mode.kind === "dag" && !(mode.dependsOn.get(items[i].task.id) ?? []).every((d) => okIds.has(d))) continue;
          const created = await this.createTaskRun(items[i], parent);
          if (!created) return RUNNING;
          runs[i] = created;
          active++;
          if (isTerminal(this.execution.state)) return RUNNING;
        }
      }
    }
    const existing = runs.filter((r): r is TaskRun => r !== undefined);
    if (existing.some((r) => !isTerminal(r.state))) return RUNNING;
    if (!failed && existing.length < items.length && !this.killing) return RUNNING;
    return done(worst(existing.map((r) => r.state)));
  }

  /** After a list is done: its `errors` when it failed (the list stays FAILED), then its `finally`. */
  private async withHandlers(main: Status, owner: Record<string, unknown>, parent: TaskRun | null): Promise<Status> {
    if (!main.done) return RUNNING;
    let state = main.state;
    const errors = taskList(owner.errors);
    if (state === "FAILED" && errors.length > 0) {
      const handled = await this.processItems(plainItems(errors), SEQUENTIAL, parent);
      if (!handled.done) return RUNNING;
    }
    const fin = taskList(owner.finally);
    if (fin.length > 0) {
      const finished = await this.processItems(plainItems(fin), SEQUENTIAL, parent);
      if (!finished.done) return RUNNING;
      state = worst([state, finished.state]);
    }
    return done(state);
  }

  private async processFlowable(taskRun: TaskRun) {
    const task = this.taskOf(taskRun);
    if (!task) return;
    let status: Status;
    try {
      status = await this.flowableStatus(taskRun, task);
    } catch (e) {
      this.log("ERROR", errorMessage(e), taskRun, null);
      status = done("FAILED");
    }
    if (status.done && !isTerminal(taskRun.state)) {
      let state = status.state;
      if (state === "FAILED" && task.allowFailure === true) state = "WARNING";
      if (state === "WARNING" && task.allowWarning === true) state = "SUCCESS";
      this.setTaskRun(taskRun, state);
    }
  }

  private async flowableStatus(taskRun: TaskRun, task: TaskDef): Promise<Status> {
    const { name } = resolveType(task.type);
    switch (name) {
      // WorkingDirectory runs its tasks one after the other; the workers give them the directory
      // they share (lib/executions/working-directory.ts)
      case "flow.WorkingDirectory":
      case "flow.Sequential":
      case "flow.Pause":
        return this.withHandlers(await this.processItems(plainItems(taskList(task.tasks)), SEQUENTIAL, taskRun), task, taskRun);
      case "flow.AllowFailure": {
        const status = await this.withHandlers(await this.processItems(plainItems(taskList(task.tasks)), SEQUENTIAL, taskRun), task, taskRun);
        return status.done && status.state === "FAILED" ? done("WARNING") : status;
      }
      case "flow.Parallel":
        return this.withHandlers(
          await this.processItems(plainItems(taskList(task.tasks)), { kind: "parallel", limit: limitOf(task.concurrent, 0) }, taskRun),
          task,
          taskRun,
        );
      case "flow.Dag": {
        const entries = dagEntries(task.tasks);
        // a dependency on a disabled task (no task run ever) is no dependency
        const ids = new Set(entries.map((e) => e.task.id));
        const dependsOn = new Map(entries.map((e) => [e.task.id, e.dependsOn.filter((d) => ids.has(d))]));
        const mode: Mode = { kind: "dag", limit: limitOf(task.concurrent, 0), dependsOn };
        return this.withHandlers(await this.processItems(plainItems(entries.map((e) => e.task)), mode, taskRun), task, taskRun);
      }
      case "flow.If": {
        const condition = await this.deps.render(task.condition, taskRun, this.state);
        const branch = taskList(isTruthy(condition) ? task.then : task.else);
        return this.withHandlers(await this.processItems(plainItems(branch), SEQUENTIAL, taskRun), task, taskRun);
      }
      case "flow.Switch": {
        const cases = asObject(task.cases);
        let outputs = taskRun.outputs;
        if (!outputs || typeof outputs.value !== "string") {
          const rendered = await this.deps.render(task.value, taskRun, this.state);
          const value = typeof rendered === "string" ? rendered : JSON.stringify(rendered);
          outputs = { value, defaults: !Object.hasOwn(cases, value) };
          taskRun.outputs = outputs;
          this.changed.add(taskRun.id);
        }
        const value = outputs.value as string;
        const branch = taskList(Object.hasOwn(cases, value) ? cases[value] : task.defaults);
        return this.withHandlers(await this.processItems(plainItems(branch), SEQUENTIAL, taskRun), task, taskRun);
      }
      case "flow.ForEach":
        return this.forEach(taskRun, task);
      case "flow.EachSequential":
      case "flow.EachParallel": {
        const values = await this.loopValues(task.value, taskRun);
        const tasks = taskList(task.tasks);
        const items = values.flatMap((value, i) => plainItems(tasks, value, i));
        const mode: Mode = name === "flow.EachSequential" ? SEQUENTIAL : { kind: "parallel", limit: limitOf(task.concurrent, 0) };
        return this.withHandlers(await this.processItems(items, mode, taskRun), task, taskRun);
      }
      case "flow.WaitFor":
        return this.waitFor(taskRun, task);
      case "flow.ForEachItem":
        return this.forEachItem(taskRun, task);
      default:
        return done("FAILED");
    }
  }

  /** A loop's values: a list, or a string holding a JSON list, rendered; non-string items kept as JSON. */
  private async loopValues(raw: unknown, taskRun: TaskRun): Promise<string[]> {
    // a list without expressions reads the same at every step: read once per flow object
    const isObject = typeof raw === "object" && raw !== null;
    const known = isObject ? literalValues.get(raw) : undefined;
    if (known) return known;
    const literal = isObject && !containsExpression(raw);
    let values = literal ? raw : await this.deps.render(raw, taskRun, this.state);
    if (typeof values === "string") {
      try {
        values = JSON.parse(values);
      } catch {
        throw new Error(`the values must be a list or a JSON array, got: ${String(values).slice(0, 200)}`);
      }
    }
    if (!Array.isArray(values)) throw new Error("the values must be a list or a JSON array");
    const nulls = values.filter((v) => v === null || v === undefined).length;
    if (nulls > 0) throw new Error(`found ${nulls} null value(s) in the values`);
    // as the orchestrator: each distinct value once
    const distinct = [...new Set(values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))))];
    if (literal) literalValues.set(raw, distinct);
    return distinct;
  }

  /**
   * A loop group whose tasks all have a task run: done (the worst of their states) once they all
   * ended, else running; undefined when one has none yet (processItems decides then).
   */
  private groupStatus(parentId: string, tasks: TaskDef[], value: string, iteration: number): Status | undefined {
    const states: State[] = [];
    for (const task of tasks) {
      const run = this.idx.latest.get(scopeKey(parentId, task.id, value, iteration));
      if (!run) return undefined;
      if (!isTerminal(run.state)) return RUNNING;
      states.push(run.state);
    }
    return done(worst(states));
  }

  /**
   * ForEach: one group of `tasks` per value, its task runs carrying the value and the value's index
   * as `iteration`; `concurrencyLimit` groups at once (1 by default, 0 for all).
   */
  private async forEach(taskRun: TaskRun, task: TaskDef): Promise<Status> {
    const values = await this.loopValues(task.values, taskRun);
    const tasks = taskList(task.tasks);
    const limit = limitOf(task.concurrencyLimit, 1);
    // the states the groups ended in (only the worst matters)
    const groupStates = new Set<State>();
    let active = 0;
    let failed = false;
    let pending = false;
    // what the loop knows of its groups is kept between steps while the values are the same list:
    // a group that ended stays ended; a running group is looked at again only when one of its task
    // runs was created or changed state since
    let loop = this.idx.loops.get(taskRun.id);
    if (!loop || loop.values !== values) this.idx.loops.set(taskRun.id, (loop = { values, ended: [], running: new Set() }));
    const { ended, running } = loop;
    const iterations = this.idx.iterations.get(taskRun.id);
    const dirty = this.idx.dirty.get(taskRun.id);
    let unstarted = 0;
    for (let i = 0; i < values.length; i++) {
      const known = ended[i];
      if (known !== undefined) {
        groupStates.add(known);
        if (FAILURES.has(known)) failed = true;
        continue;
      }
      const value = values[i];
      const started = running.has(i) || (!!iterations?.has(i) && tasks.some((t) => this.runOf(taskRun.id, { task: t, value, iteration: i })));
      if (!started) {
        unstarted++;
        continue;
      }
      if (running.has(i) && !dirty?.has(i)) {
        active++;
        continue;
      }
      dirty?.delete(i);
      const status = this.groupStatus(taskRun.id, tasks, value, i) ?? (await this.processItems(plainItems(tasks, value, i), SEQUENTIAL, taskRun));
      if (status.done) {
        ended[i] = status.state;
        running.delete(i);
        groupStates.add(status.state);
        if (FAILURES.has(status.state)) failed = true;
      } else {
        running.add(i);
        active++;
      }
    }
    for (let i = 0; i < values.length && unstarted > 0; i++) {
      // the groups the first pass found unstarted (none of them has started since)
      if (ended[i] !== undefined || running.has(i)) continue;
      if (iterations?.has(i) && tasks.some((t) => this.runOf(taskRun.id, { task: t, value: values[i], iteration: i }))) continue;
      if (failed || this.killing || active >= limit) {
        pending = !failed;
        continue;
      }
      const status = await this.processItems(plainItems(tasks, values[i], i), SEQUENTIAL, taskRun);
      if (status.done) {
        groupStates.add(status.state);
        if (FAILURES.has(status.state)) failed = true;
      } else active++;
    }
    if (active > 0 || pending) return this.withHandlers(RUNNING, task, taskRun);
    return this.withHandlers(done(worst([...groupStates])), task, taskRun);
  }

  /**
   * WaitFor (LoopUntil): runs `tasks` (iteration 1, 2, ...; `outputs.iterationCount` is the current
   * one), checks `condition` after each iteration, and waits `checkFrequency.interval` (PT1M by
   * default) before the next, until the condition holds or `maxIterations` / `maxDuration` is
   * reached (SUCCESS, or FAILED with `failOnMaxReached`).
   */
  private async waitFor(taskRun: TaskRun, task: TaskDef): Promise<Status> {
    let count = Number(asObject(taskRun.outputs).iterationCount ?? 0);
    if (count === 0) {
      count = 1;
      taskRun.outputs = { ...asObject(taskRun.outputs), iterationCount: 1 };
      this.changed.add(taskRun.id);
    }
    const items = plainItems(taskList(task.tasks), null, count);
    const main = await this.processItems(items, SEQUENTIAL, taskRun);
    if (!main.done) return RUNNING;
    if (FAILURES.has(main.state)) return this.withHandlers(main, task, taskRun);
    const runs = items.map((i) => this.runOf(taskRun.id, i)).filter((r): r is TaskRun => !!r);
    const frequency = asObject(task.checkFrequency);
    const render = async (v: unknown) => (v === undefined ? undefined : await this.deps.render(v, taskRun, this.state));
    const maxIterations = await render(frequency.maxIterations);
    const maxDuration = await render(frequency.maxDuration);
    const maxMs = maxDuration === undefined ? null : parseDuration(String(maxDuration));
    // measured when the iteration ended, so that the same decision reads the same later
    const endedAt = Math.max(...runs.map((r) => Date.parse(r.histories[r.histories.length - 1].date)), Date.parse(taskRun.histories[0].date));
    const elapsed = endedAt - Date.parse(taskRun.histories[0].date);
    const iterationsReached = maxIterations !== undefined && count >= Number(maxIterations);
    // as the orchestrator: the maximums are checked before the condition
    const reached = iterationsReached || (maxMs !== null && elapsed > maxMs);
    const finalState = async () => (reached && isTruthy(await render(task.failOnMaxReached)) ? "FAILED" : main.state);
    // the loop is decided once its errors or finally have started: they only start after the decision
    const handlerIds = new Set([...taskList(task.errors), ...taskList(task.finally)].map((t) => t.id));
    const handled = [...handlerIds].some((id) => this.runOf(taskRun.id, { task: { id, type: "" }, value: null, iteration: null }));
    if (handled) return this.withHandlers(done(await finalState()), task, taskRun);
    // otherwise the condition is checked once, in the step in which the iteration ended
    const justEnded = runs.length === 0 || runs.some((r) => this.changed.has(r.id));
    const checkKey = `${taskRun.id}:${count}`;
    if (!justEnded || this.conditionsChecked.has(checkKey)) return RUNNING;
    this.conditionsChecked.add(checkKey);
    if (reached) {
      this.log("WARN", `the maximum ${iterationsReached ? "iterations" : "duration"} is reached after ${count} iteration(s)`, taskRun, null);
      return this.withHandlers(done(await finalState()), task, taskRun);
    }
    const holds = isTruthy(await this.deps.render(task.condition, taskRun, this.state));
    if (holds) return this.withHandlers(done(main.state), task, taskRun);
    const interval = parseDuration(String((await render(frequency.interval)) ?? "PT1M")) ?? 60_000;
    const at = new Date(this.deps.now.getTime() + interval).toISOString();
    this.work.push({ type: "timer", at, event: { type: "timer", key: timerKey("waitfor", taskRun.id, count), taskRunId: taskRun.id } });
    return RUNNING;
  }

  // ---- creating task runs ----------------------------------------------------------------------

  private async createTaskRun(item: Item, parent: TaskRun | null): Promise<TaskRun | undefined> {
    if (this.state.taskRuns.length >= this.deps.limits.maxTaskRuns) {
      this.hitTaskRunLimit();
      return undefined;
    }
    const seq = this.idx.maxSeq + 1;
    const taskRun: TaskRun = {
      id: this.deps.newId(),
      executionId: this.execution.id,
      taskId: item.task.id,
      parentTaskRunId: parent?.id ?? null,
      value: item.value,
      iteration: item.iteration,
      state: "CREATED",
      histories: [{ state: "CREATED", date: this.nowIso }],
      attempts: [],
      outputs: null,
      seq,
    };
    this.state.taskRuns.push(taskRun);
    indexTaskRun(this.idx, taskRun, this.state.taskRuns.length - 1);
    markDirty(this.idx, taskRun);
    this.owned.add(taskRun);
    if (this.isFlowableRun(taskRun)) this.flowableIds().add(taskRun.id);
    this.changed.add(taskRun.id);
    this.progressed = true;
    const task = item.task;
    if (typeof task.runIf === "string" || typeof task.runIf === "boolean") {
      try {
        const condition = await this.deps.render(task.runIf, taskRun, this.state);
        if (!isTruthy(condition)) {
          this.setTaskRun(taskRun, "SKIPPED");
          this.log("INFO", `skipped: runIf is false`, taskRun, null);
          return taskRun;
        }
      } catch (e) {
        this.log("ERROR", `runIf: ${errorMessage(e)}`, taskRun, null);
        this.setTaskRun(taskRun, "FAILED");
        return taskRun;
      }
    }
    await this.startDecided(taskRun, task);
    return taskRun;
  }

  /** A new task run (or a restarted one the executor decides): its attempt, or what the executor does for it. */
  private async startDecided(taskRun: TaskRun, task: TaskDef) {
    const { name, kind } = resolveType(task.type);
    if (kind === "executable") {
      await this.startSubflow(taskRun, task);
    } else if (task.type === FOR_EACH_ITEM_PARTS.split.type) {
      await this.forEachItemPart(taskRun, (owner, ownerTask) => this.splitItems(taskRun, owner, ownerTask));
    } else if (task.type === FOR_EACH_ITEM_PARTS.items.type) {
      await this.forEachItemPart(taskRun, (owner, ownerTask) => this.startItems(taskRun, owner, ownerTask));
    } else if (task.type === FOR_EACH_ITEM_PARTS.merge.type) {
      await this.forEachItemPart(taskRun, (owner) => this.mergeItems(taskRun, owner));
    } else if (name === "execution.Labels") {
      await this.applyLabels(taskRun, task);
    } else if (name === "flow.Pause") {
      await this.startPause(taskRun, task);
    } else if (kind === "flowable") {
      this.setTaskRun(taskRun, "RUNNING");
    } else {
      await this.startAttempt(taskRun);
    }
  }

  /** The synthetic task of a ForEachItem's `_split`, `_items` or `_merge` task run (none is in the flow). */
  private forEachItemPartOf(taskRun: TaskRun): TaskDef | undefined {
    const owner = taskRun.parentTaskRunId ? this.idx.byId.get(taskRun.parentTaskRunId) : undefined;
    const task = owner ? this.taskOf(owner) : undefined;
    if (!task || resolveType(task.type).name !== "flow.ForEachItem") return undefined;
    const part = Object.values(FOR_EACH_ITEM_PARTS).find((p) => taskRun.taskId === `${task.id}${p.suffix}`);
    return part && { id: taskRun.taskId, type: part.type };
  }

  /** A new attempt of a runnable task run: `run` work, and a timer when the task has a `timeout`. */
  private async startAttempt(taskRun: TaskRun) {
    const task = this.taskOf(taskRun);
    const number = taskRun.attempts.length + 1;
    this.mutable(taskRun);
    taskRun.attempts.push({ number, state: "CREATED", histories: [{ state: "CREATED", date: this.nowIso }], workerId: null });
    if (taskRun.state !== "CREATED" && taskRun.state !== "RUNNING") this.setTaskRun(taskRun, "RUNNING");
    this.changed.add(taskRun.id);
    const { key: workerGroup, fallback } = asObject(task?.workerGroup);
    this.work.push({
      type: "run",
      taskRunId: taskRun.id,
      attempt: number,
      taskId: taskRun.taskId,
      workerGroup: typeof workerGroup === "string" ? workerGroup : null,
      ...(typeof fallback === "string" ? { workerGroupFallback: fallback } : {}),
    });
  }

  /**
   * The attempt's `timeout`, counted from when a worker starts it (as the orchestrator's worker
   * counts it), not from when it was queued: a busy queue does not eat a task's time.
   */
  private async startTimeout(taskRun: TaskRun, number: number, startedAt: string) {
    const task = this.taskOf(taskRun);
    if (task?.timeout === undefined || task.timeout === null) return;
    let timeout: number | null = null;
    try {
      timeout = parseDuration(String(await this.deps.render(task.timeout, taskRun, this.state)));
    } catch (e) {
      this.log("WARN", `timeout: ${errorMessage(e)}`, taskRun, number);
    }
    if (timeout !== null) {
      // from when the start is known here (at or after the claim): a busy executor never cuts a
      // task's time short
      const at = new Date(Math.max(Date.parse(startedAt), this.deps.now.getTime()) + timeout).toISOString();
      this.work.push({ type: "timer", at, event: { type: "timer", key: timerKey("timeout", taskRun.id, number), taskRunId: taskRun.id } });
    }
  }

  private async applyLabels(taskRun: TaskRun, task: TaskDef) {
    try {
      const rendered = await this.deps.render(task.labels, taskRun, this.state);
      const pairs: { key: string; value: string }[] = Array.isArray(rendered)
        ? rendered.map((l) => ({ key: String(asObject(l).key), value: String(asObject(l).value) }))
        : Object.entries(asObject(rendered)).map(([key, value]) => ({ key, value: String(value) }));
      for (const { key } of pairs) {
        if (key.startsWith("system.") && key !== "system.readOnly") throw new Error(`the label "${key}" is reserved`);
      }
      const labels = this.execution.labels.filter((l) => !pairs.some((p) => p.key === l.key));
      this.execution.labels = [...labels, ...pairs];
      this.executionChanged = true;
      this.setTaskRun(taskRun, "RUNNING");
      this.setTaskRun(taskRun, "SUCCESS");
    } catch (e) {
      this.log("ERROR", `labels: ${errorMessage(e)}`, taskRun, null);
      this.setTaskRun(taskRun, "FAILED");
    }
  }

  /**
   * Pause: the task run and the execution are PAUSED until a `resume` event or, with
   * `pauseDuration` (or the older `delay`), a timer that applies `behavior` (RESUME by default).
   * A `timeout` fails the pause when it is not resumed in time.
   */
  private async startPause(taskRun: TaskRun, task: TaskDef) {
    this.setTaskRun(taskRun, "RUNNING");
    this.setTaskRun(taskRun, "PAUSED");
    const raw = task.pauseDuration ?? task.delay;
    const timerOf = async (value: unknown, kind: string) => {
      try {
        const ms = parseDuration(String(await this.deps.render(value, taskRun, this.state)));
        if (ms === null) throw new Error(`not a duration: ${String(value)}`);
        const at = new Date(this.deps.now.getTime() + ms).toISOString();
        this.work.push({ type: "timer", at, event: { type: "timer", key: timerKey(kind, taskRun.id, 0), taskRunId: taskRun.id } });
      } catch (e) {
        this.log("ERROR", errorMessage(e), taskRun, null);
        this.setTaskRun(taskRun, "FAILED");
      }
    };
    if (raw !== undefined && raw !== null) await timerOf(raw, "pause");
    // a timeout is honoured with or without a duration: whichever comes first applies
    if (task.timeout !== undefined && task.timeout !== null && taskRun.state === "PAUSED") await timerOf(task.timeout, "pause-timeout");
  }

  /**
   * A WorkingDirectory's `outputFiles` output: the files its tasks left that match its patterns,
   * as the worker of its latest task found and stored them (only for a WorkingDirectory that is an
   * ancestor of the task run).
   */
  private workingDirectoryOutputs(taskRun: TaskRun, given: { taskRunId: string; outputFiles: Record<string, string> }) {
    let id = taskRun.parentTaskRunId;
    while (id && id !== given.taskRunId) id = this.idx.byId.get(id)?.parentTaskRunId ?? null;
    const parent = id ? this.idx.byId.get(id) : undefined;
    const task = parent ? this.taskOf(parent) : undefined;
    if (!parent || !task || resolveType(task.type).name !== "flow.WorkingDirectory") return;
    const wd = this.own(parent);
    wd.outputs = { ...asObject(wd.outputs), outputFiles: given.outputFiles };
    this.changed.add(wd.id);
  }

  /** A resumed Pause: its outputs hold the inputs given on resume (`outputs.<id>.onResume`). */
  private resumePause(taskRun: TaskRun, inputs: Record<string, unknown> | undefined) {
    const task = this.taskOf(taskRun);
    if (inputs !== undefined) taskRun.outputs = { onResume: inputs };
    this.setTaskRun(taskRun, "RUNNING");
    this.log("INFO", "resumed", taskRun, null);
    if (taskList(task?.tasks).length === 0) this.setTaskRun(taskRun, "SUCCESS");
  }

  // ---- subflows --------------------------------------------------------------------------------

  /** How deep this execution runs in a chain of subflows (0 when nothing started it as one). */
  private get depth(): number {
    const trigger = this.execution.trigger;
    return trigger?.kind === "subflow" ? Number(trigger.depth ?? 1) : 0;
  }

  /**
   * What a Subflow (or one ForEachItem batch) asks for: its properties rendered against `renderRun`,
   * the labels it passes (the parent's too with `inheritLabels`), the depth checked.
   */
  private async subflowRequest(taskRun: TaskRun, task: TaskDef, renderRun: TaskRun, inputs: unknown, iteration?: number): Promise<SubflowRequest> {
    const render = (v: unknown) => this.deps.render(v, renderRun, this.state);
    const namespace = String(await render(task.namespace ?? "")).trim();
    const flowId = String(await render(task.flowId ?? "")).trim();
    const depth = this.depth + 1;
    if (depth > MAX_SUBFLOW_DEPTH) {
      throw new Error(`Subflow depth limit (${MAX_SUBFLOW_DEPTH}) reached: ${namespace}.${flowId} would run at depth ${depth} (${this.execution.namespace}.${this.execution.flowId} runs at depth ${this.depth})`);
    }
    const labels: { key: string; value: string }[] = [];
    const put = (key: string, value: string) => {
      const i = labels.findIndex((l) => l.key === key);
      if (i >= 0) labels.splice(i, 1);
      labels.push({ key, value });
    };
    if (task.inheritLabels !== undefined && isTruthy(await render(task.inheritLabels))) {
      // system labels are the engine's own: not passed on
      for (const l of this.execution.labels) if (!l.key.startsWith("system.")) put(l.key, l.value);
    }
    if (task.labels !== undefined && task.labels !== null) {
      const rendered = await render(task.labels);
      const pairs = Array.isArray(rendered)
        ? rendered.map((l) => [String(asObject(l).key), String(asObject(l).value)] as const)
        : Object.entries(asObject(rendered)).map(([k, v]) => [k, String(v)] as const);
      for (const [k, v] of pairs) put(k, v);
    }
    const scheduleDate = task.scheduleDate === undefined || task.scheduleDate === null ? null : String(await render(task.scheduleDate)).trim() || null;
    return {
      parent: this.execution,
      taskRunId: taskRun.id,
      taskId: taskRun.taskId,
      childId: this.deps.newId(),
      namespace,
      flowId,
      ...(typeof task.revision === "number" ? { revision: task.revision } : {}),
      inputs: asObject(await render(inputs ?? {})),
      labels,
      scheduleDate,
      depth,
      ...(iteration !== undefined ? { iteration } : {}),
    };
  }

  private port(): SubflowPort {
    if (!this.deps.subflows) throw new Error("child executions cannot be started here");
    return this.deps.subflows;
  }

  /**
   * Subflow: the child execution is checked and prepared now and written with this step; the task
   * run waits for it (`wait`, true by default) or succeeds at once. A refusal (no such flow, a
   * disabled one, a namespace that does not allow this one, a bad input, the depth limit) fails
   * the task run and starts nothing.
   */
  private async startSubflow(taskRun: TaskRun, task: TaskDef) {
    this.setTaskRun(taskRun, "RUNNING");
    try {
      const request = await this.subflowRequest(taskRun, task, taskRun, task.inputs);
      const prepared = await this.port().prepare(request);
      if (!prepared.ok) throw new Error(prepared.error);
      const child = prepared.execution;
      this.work.push({ type: "subflow", execution: child });
      taskRun.outputs = { executionId: child.id };
      this.log("INFO", `started execution ${child.id} of flow ${child.namespace}.${child.flowId}`, taskRun, null);
      if (task.wait === false) this.setTaskRun(taskRun, "SUCCESS");
    } catch (e) {
      this.log("ERROR", errorMessage(e), taskRun, null);
      this.failTaskRun(taskRun, task);
    }
  }

  /** A child execution ended: its Subflow task run ends, or its ForEachItem counts it. False when it is not this task run's child. */
  private onChildEnded(taskRun: TaskRun, event: Extract<EngineEvent, { type: "subflow-ended" }>): boolean {
    const outputs = asObject(taskRun.outputs);
    if (typeof outputs.numberOfBatches === "number") return this.onBatchEnded(taskRun, event);
    if (outputs.executionId !== event.executionId) return false;
    const task = this.taskOf(taskRun);
    taskRun.outputs = { executionId: event.executionId, state: event.state, ...(event.outputs ? { outputs: event.outputs } : {}) };
    const state = subflowState(event.state, task?.transmitFailed !== false, task?.allowFailure === true, task?.allowWarning === true);
    if (event.state !== "SUCCESS") this.log(state === "SUCCESS" ? "INFO" : "WARN", `execution ${event.executionId} ended ${event.state}`, taskRun, null);
    this.setTaskRun(taskRun, state);
    return true;
  }

  /** One batch of a ForEachItem ended: `iterations` counts it; the last one ends the `_items` task run. */
  private onBatchEnded(taskRun: TaskRun, event: Extract<EngineEvent, { type: "subflow-ended" }>): boolean {
    const outputs = asObject(taskRun.outputs);
    const iterations = { ...(asObject(outputs.iterations) as Record<string, number>) };
    if (!iterations.CREATED) return false;
    iterations.CREATED -= 1;
    if (iterations.CREATED === 0) delete iterations.CREATED;
    iterations[event.state] = (iterations[event.state] ?? 0) + 1;
    taskRun.outputs = { ...outputs, iterations };
    this.changed.add(taskRun.id);
    this.endItemsIfDone(taskRun);
    return true;
  }

  /** `_items` ends once every batch was started and has ended: the worst of their states, as a Subflow's. */
  private endItemsIfDone(taskRun: TaskRun) {
    const outputs = asObject(taskRun.outputs);
    const iterations = asObject(outputs.iterations) as Record<string, number>;
    const ended = Object.entries(iterations).reduce((n, [state, count]) => (state === "CREATED" ? n : n + count), 0);
    if (iterations.CREATED || ended !== outputs.numberOfBatches) return;
    const owner = taskRun.parentTaskRunId ? this.idx.byId.get(taskRun.parentTaskRunId) : undefined;
    const task = owner ? this.taskOf(owner) : undefined;
    this.setTaskRun(taskRun, subflowState(worst(Object.keys(iterations) as State[]), task?.transmitFailed !== false, false, false));
  }

  /** ForEachItem runs `<id>_split`, `<id>_items` and, when it waits, `<id>_merge`, one after the other, then its outputs. */
  private async forEachItem(taskRun: TaskRun, task: TaskDef): Promise<Status> {
    const parts = [FOR_EACH_ITEM_PARTS.split, FOR_EACH_ITEM_PARTS.items, ...(task.wait === false ? [] : [FOR_EACH_ITEM_PARTS.merge])];
    const items = plainItems(parts.map((p) => ({ id: `${task.id}${p.suffix}`, type: p.type })));
    const status = await this.processItems(items, SEQUENTIAL, taskRun);
    if (status.done) {
      const itemsRun = this.runOf(taskRun.id, items[1]);
      const mergeRun = items[2] ? this.runOf(taskRun.id, items[2]) : undefined;
      if (itemsRun?.outputs) {
        const { numberOfBatches, iterations } = itemsRun.outputs;
        const uri = mergeRun?.outputs?.subflowOutputs;
        taskRun.outputs = { numberOfBatches, iterations, ...(typeof uri === "string" ? { uri } : {}) };
        this.changed.add(taskRun.id);
      }
    }
    return this.withHandlers(status, task, taskRun);
  }

  /** One of a ForEachItem's parts, with its ForEachItem task run and task; an error fails the part. */
  private async forEachItemPart(taskRun: TaskRun, fn: (owner: TaskRun, task: TaskDef) => Promise<void>) {
    this.setTaskRun(taskRun, "RUNNING");
    const owner = taskRun.parentTaskRunId ? this.idx.byId.get(taskRun.parentTaskRunId) : undefined;
    const task = owner ? this.taskOf(owner) : undefined;
    try {
      if (!owner || !task) throw new Error(`${taskRun.taskId} has no ForEachItem`);
      await fn(owner, task);
    } catch (e) {
      this.log("ERROR", errorMessage(e), taskRun, null);
      this.setTaskRun(taskRun, "FAILED");
    }
  }

  /** `_split`: the items file cut into batch files (`batch.rows`, 1 by default; or `bytes`, `partitions`). */
  private async splitItems(taskRun: TaskRun, owner: TaskRun, task: TaskDef) {
    const render = (v: unknown) => this.deps.render(v, owner, this.state);
    const items = String(await render(task.items ?? "")).trim();
    const batch = asObject(await render(task.batch ?? {}));
    const count = (v: unknown) => {
      if (v === undefined || v === null || v === "") return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`batch: ${String(v)} is not a positive whole number`);
      return n;
    };
    const options = {
      rows: count(batch.rows),
      bytes: batch.bytes === undefined || batch.bytes === null ? undefined : String(batch.bytes),
      partitions: count(batch.partitions),
      separator: typeof batch.separator === "string" && batch.separator !== "" ? batch.separator : "\n",
    };
    if (options.rows === undefined && options.bytes === undefined && options.partitions === undefined) options.rows = 1;
    const { splits, count: n } = await this.port().split({ parent: this.execution, taskId: taskRun.taskId, taskRunId: taskRun.id, items, batch: options, max: this.deps.limits.maxTaskRuns });
    taskRun.outputs = { splits };
    this.log("INFO", `${n} batch(es) of items`, taskRun, null);
    this.setTaskRun(taskRun, "SUCCESS");
  }

  /** The batch files a ForEachItem's `_split` wrote. */
  private async batchUris(owner: TaskRun, task: TaskDef): Promise<string[]> {
    const split = this.runOf(owner.id, { task: { id: `${task.id}${FOR_EACH_ITEM_PARTS.split.suffix}`, type: "" }, value: null, iteration: null });
    const splits = split?.outputs?.splits;
    if (typeof splits !== "string") throw new Error("the items were not split");
    return this.port().batches(this.execution, splits);
  }

  /** `_items`: one child execution per batch, `taskrun.items` being the batch's URI. */
  private async startItems(taskRun: TaskRun, owner: TaskRun, task: TaskDef) {
    const uris = await this.batchUris(owner, task);
    taskRun.outputs = { numberOfBatches: uris.length, iterations: {} };
    await this.startBatches(taskRun, task, uris, 0);
  }

  /**
   * Starts the batches from `from`, at most BATCHES_PER_STEP of them (all or none of those), so that
   * one step (one transaction) stays short however many batches there are; a timer due now starts
   * the next ones in the next step.
   */
  private async startBatches(taskRun: TaskRun, task: TaskDef, uris: string[], from: number) {
    const to = Math.min(uris.length, from + BATCHES_PER_STEP);
    const children = [];
    for (let i = from; i < to; i++) {
      const iteration = i + 1;
      // as the orchestrator: taskrun.items is the batch's file, taskrun.iteration its number
      const renderRun: TaskRun = { ...taskRun, iteration };
      const request = await this.subflowRequest(taskRun, task, renderRun, withItems(task.inputs ?? {}, uris[i]), iteration);
      const prepared = await this.port().prepare(request);
      if (!prepared.ok) throw new Error(`batch ${iteration}: ${prepared.error}`);
      children.push(prepared.execution);
    }
    for (const child of children) this.work.push({ type: "subflow", execution: child });
    const outputs = asObject(taskRun.outputs);
    const iterations = { ...(asObject(outputs.iterations) as Record<string, number>) };
    if (children.length) iterations.CREATED = (iterations.CREATED ?? 0) + children.length;
    taskRun.outputs = { ...outputs, iterations };
    this.changed.add(taskRun.id);
    if (children.length) this.log("INFO", `started batches ${from + 1} to ${to} of ${uris.length}: flow ${children[0].namespace}.${children[0].flowId}`, taskRun, null);
    if (to < uris.length) {
      this.work.push({ type: "timer", at: this.nowIso, event: { type: "timer", key: timerKey("batches", taskRun.id, to), taskRunId: taskRun.id } });
      return;
    }
    if (task.wait === false || uris.length === 0) this.setTaskRun(taskRun, "SUCCESS");
    else this.endItemsIfDone(taskRun);
  }

  /** `_merge`: the children's outputs gathered in one file. */
  private async mergeItems(taskRun: TaskRun, owner: TaskRun) {
    const task = this.taskOf(owner)!;
    const itemsRun = this.runOf(owner.id, { task: { id: `${task.id}${FOR_EACH_ITEM_PARTS.items.suffix}`, type: "" }, value: null, iteration: null });
    if (!itemsRun) throw new Error("no batches were started");
    const uri = await this.port().merge({ parent: this.execution, taskId: taskRun.taskId, taskRunId: taskRun.id, itemsTaskRunId: itemsRun.id });
    taskRun.outputs = { subflowOutputs: uri };
    this.setTaskRun(taskRun, "SUCCESS");
  }

  // ---- ending ----------------------------------------------------------------------------------

  private async finishExecution(state: State) {
    let final = state;
    const outputs = Array.isArray(this.flow.outputs) ? this.flow.outputs : [];
    if (outputs.length > 0 && final !== "KILLED") {
      try {
        const rendered: Record<string, unknown> = {};
        for (const output of outputs) {
          const o = asObject(output);
          if (typeof o.id !== "string") continue;
          try {
            rendered[o.id] = typedOutput(o.id, o.type, await this.deps.render(o.value, null, this.state));
          } catch (e) {
            // an optional output that fails is logged and left out, as the orchestrator does
            if (o.required !== false) throw e;
            this.log("WARN", `the optional output "${o.id}" was left out: ${errorMessage(e)}`, null, null);
          }
        }
        this.execution.outputs = rendered;
      } catch (e) {
        this.log("ERROR", `the flow's outputs could not be rendered: ${errorMessage(e)}`, null, null);
        final = "FAILED";
      }
    }
    if (final === "FAILED") final = this.retryExecution() ?? final;
    this.setExecution(final);
    this.work.push({ type: "ended", state: final });
    this.progressed = true;
  }

  /**
   * The flow's `retry` with behavior CREATE_NEW_EXECUTION: a failed execution ends RETRIED and asks
   * for a new execution after the policy's delay, while the policy allows one more.
   */
  private retryExecution(): State | null {
    const policy = asObject(this.flow.retry);
    if (policy.behavior !== "CREATE_NEW_EXECUTION") return null;
    const attempt = this.execution.retryAttempt ?? 1;
    const started = Date.parse(this.execution.histories[0].date);
    const delay = retryDelay(policy, attempt, this.deps.now.getTime() - started, `${this.execution.id}:${attempt}`);
    if (delay === null) return null;
    const at = new Date(this.deps.now.getTime() + delay).toISOString();
    this.work.push({ type: "retry-execution", at, attempt: attempt + 1 });
    this.log("INFO", `the execution failed; the flow's retry starts attempt ${attempt + 1} as a new execution at ${at}`, null, null);
    return "RETRIED";
  }

  /** The task-run limit is reached: running attempts are cancelled, unfinished task runs KILLED, the execution FAILED. */
  private hitTaskRunLimit() {
    if (this.limitHit || isTerminal(this.execution.state)) {
      this.limitHit = true;
      return;
    }
    this.limitHit = true;
    const max = this.deps.limits.maxTaskRuns;
    this.log("ERROR", `the execution reached its limit of ${max} task runs (limits.maxTaskRuns); it is stopped`, null, null);
    this.stopAll("KILLED");
    this.setExecution("FAILED");
    this.work.push({ type: "ended", state: "FAILED" });
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private taskOf(taskRun: TaskRun): TaskDef | undefined {
    if (!this.tasks.has(taskRun.taskId)) {
      const task = findTask(this.flow, taskRun.taskId);
      this.tasks.set(taskRun.taskId, (task ? withPluginDefaults(this.flow, task, this.deps.namespaceDefaults ?? []) : undefined) as TaskDef | undefined);
    }
    return this.tasks.get(taskRun.taskId);
  }

  /** `at`: a worker's reported date for the change (kept after the task run's last date). */
  private setTaskRun(taskRun: TaskRun, state: State, at?: string) {
    this.mutable(taskRun);
    this.changed.add(taskRun.id);
    this.progressed = true;
    if (taskRun.state === state) return;
    markDirty(this.idx, taskRun);
    taskRun.state = state;
    taskRun.histories.push({ state, date: at ? this.reportedDate(at, taskRun.histories) : this.nowIso });
  }

  private endAttempt(taskRun: TaskRun, state: State) {
    const attempt = taskRun.attempts[taskRun.attempts.length - 1];
    if (!attempt || isTerminal(attempt.state)) return;
    this.mutable(taskRun);
    attempt.state = state;
    attempt.histories.push({ state, date: this.nowIso });
    this.changed.add(taskRun.id);
  }

  private setExecution(state: State) {
    if (this.execution.state === state) return;
    this.execution.state = state;
    this.execution.histories.push({ state, date: this.nowIso });
    this.executionChanged = true;
  }

  private log(level: LogLevel, message: string, taskRun: TaskRun | null, attempt: number | null) {
    this.work.push({ type: "log", level, message, taskRunId: taskRun?.id ?? null, attempt });
  }
}
