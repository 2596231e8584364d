import { hasExpression, render as renderTemplate } from "@/lib/expressions";
import type { EngineEvent, EngineState, Execution, State, StepResult, TaskResult, TaskRun, Work } from "../types";
import { type FlowDefinition, findTask, variablesFor } from "../variables";
import { indexOf } from "../state-index";
import { resolveType } from "./flow";
import { step, type StepDeps } from "./index";

/**
 * A small in-memory stand-in for the store, the queue, the workers and the scheduler around the
 * pure executor: it keeps the state, collects work, answers `run` work with a chosen result and
 * fires timers on a clock it moves itself. Tests (and the conformance suite) drive flows with it.
 */

/** What a worker answers for one attempt; "hold" leaves it running (a long task, a lost worker). */
export type WorkerAnswer = TaskResult | "hold";
export type Worker = (call: { taskRun: TaskRun; task: Record<string, unknown>; attempt: number; driver: TestDriver }) =>
  | WorkerAnswer
  | Promise<WorkerAnswer>;

type RunWork = Extract<Work, { type: "run" }>;
type TimerWork = Extract<Work, { type: "timer" }>;

/** Renders strings deeply (objects and lists recursively) with the expression engine and no hooks. */
export function renderWith(flow: FlowDefinition, clock: () => Date): StepDeps["render"] {
  const renderValue = async (value: unknown, taskRun: TaskRun | null, state: EngineState): Promise<unknown> => {
    if (typeof value === "string") {
      if (!hasExpression(value)) return value;
      return (await renderTemplate(value, variablesFor(flow, state, taskRun), { now: clock })).output;
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => renderValue(v, taskRun, state)));
    if (typeof value === "object" && value !== null) {
      const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await renderValue(v, taskRun, state)] as const));
      return Object.fromEntries(entries);
    }
    return value;
  };
  return renderValue;
}

/**
 * The default worker, close to the core runnable tasks: Return (`value`: the rendered `format`),
 * OutputValues (`values`), Fail (FAILED with `errorMessage`, or when its `condition` holds), and
 * SUCCESS with no outputs for everything else.
 */
export const defaultWorker: Worker = async ({ taskRun, task, driver }) => {
  const { name } = resolveType(String(task.type));
  const render = (v: unknown) => driver.render(v, taskRun);
  if (name === "debug.Return") return { state: "SUCCESS", outputs: { value: await render(task.format ?? null) } };
  if (name === "output.OutputValues") return { state: "SUCCESS", outputs: { values: await render(task.values ?? {}) } };
  if (name === "execution.Fail") {
    if (task.condition !== undefined) {
      const holds = String(await render(task.condition)).trim();
      if (holds === "false" || holds === "") return { state: "SUCCESS" };
    }
    return { state: "FAILED", error: String(await render(task.errorMessage ?? "Task failure")) };
  }
  return { state: "SUCCESS" };
};

export type DriverOptions = {
  execution?: Partial<Execution>;
  maxTaskRuns?: number;
  /** the clock's start (ISO) */
  start?: string;
  /** a render of its own instead of the expression engine's */
  render?: StepDeps["render"];
  /** the port that starts child executions (Subflow, ForEachItem) */
  subflows?: StepDeps["subflows"];
  /** the plugin defaults in force in the namespace chain */
  namespaceDefaults?: StepDeps["namespaceDefaults"];
};

export class TestDriver {
  state: EngineState;
  now: Date;
  /** every work item, in order */
  readonly work: Work[] = [];
  /** `run` work not answered yet */
  readonly pending: RunWork[] = [];
  /** timers not fired yet */
  readonly timers: TimerWork[] = [];
  readonly results: StepResult[] = [];
  private ids = 0;
  private readonly deps: StepDeps;

  constructor(
    readonly flow: FlowDefinition,
    options: DriverOptions = {},
  ) {
    this.now = new Date(options.start ?? "2026-01-01T00:00:00.000Z");
    const created = this.now.toISOString();
    this.state = {
      execution: {
        id: "exec-1",
        tenantId: "tenant-1",
        namespace: String(flow.namespace ?? "company.team"),
        flowId: String(flow.id ?? "flow"),
        flowRevision: 1,
        inputs: {},
        labels: [],
        state: "CREATED",
        histories: [{ state: "CREATED", date: created }],
        outputs: null,
        variables: {},
        trigger: null,
        parentId: null,
        originalId: null,
        scheduleDate: null,
        version: 0,
        ...options.execution,
      },
      taskRuns: [],
    };
    const render = options.render ?? renderWith(flow, () => this.now);
    this.deps = {
      now: this.now,
      newId: () => `tr-${++this.ids}`,
      render,
      limits: { maxTaskRuns: options.maxTaskRuns ?? 1000 },
      ...(options.subflows ? { subflows: options.subflows } : {}),
      ...(options.namespaceDefaults ? { namespaceDefaults: options.namespaceDefaults } : {}),
    };
  }

  /** Renders a value for a task run against the current state (what a worker would see). */
  render(value: unknown, taskRun: TaskRun | null): Promise<unknown> {
    return this.deps.render(value, taskRun, this.state);
  }

  /** Moves the clock forward by `ms`. */
  tick(ms: number) {
    this.now = new Date(this.now.getTime() + ms);
  }

  /** Applies one event and keeps what it produced. */
  async send(event: EngineEvent): Promise<StepResult> {
    const result = await step(this.flow, this.state, event, { ...this.deps, now: this.now });
    this.results.push(result);
    this.state = result.state;
    for (const w of result.work) {
      this.work.push(w);
      if (w.type === "run") this.pending.push(w);
      if (w.type === "timer") this.timers.push(w);
    }
    return result;
  }

  start() {
    return this.send({ type: "start" });
  }

  /** Answers pending `run` work (oldest first) with the worker until none is left or all are held. */
  async runWorkers(worker: Worker = defaultWorker): Promise<void> {
    const held = new Set<RunWork>();
    // a bound against a flow that never settles, above any flow within the task-run limit
    const bound = Math.max(10_000, 3 * this.deps.limits.maxTaskRuns);
    for (let guard = 0; guard < bound; guard++) {
      const next = this.pending.find((w) => !held.has(w));
      if (!next) return;
      const taskRun = this.taskRunById(next.taskRunId);
      const task = findTask(this.flow, next.taskId) ?? {};
      const answer = await worker({ taskRun, task, attempt: next.attempt, driver: this });
      if (answer === "hold") {
        // a worker took it and is still running it
        held.add(next);
        if (taskRun.attempts.find((a) => a.number === next.attempt)?.state === "CREATED") {
          await this.send({ type: "task-started", taskRunId: next.taskRunId, attempt: next.attempt, workerId: "worker-1" });
        }
        continue;
      }
      this.pending.splice(this.pending.indexOf(next), 1);
      await this.send({ type: "task-started", taskRunId: next.taskRunId, attempt: next.attempt, workerId: "worker-1" });
      await this.send({ type: "task-result", taskRunId: next.taskRunId, attempt: next.attempt, ...answer });
    }
    throw new Error("the workers did not settle");
  }

  /** Fires the earliest timer, moving the clock to it; false when none is left. */
  async fireNextTimer(): Promise<boolean> {
    if (this.timers.length === 0) return false;
    const earliest = this.timers.reduce((a, b) => (Date.parse(b.at) < Date.parse(a.at) ? b : a));
    this.timers.splice(this.timers.indexOf(earliest), 1);
    const at = new Date(earliest.at);
    if (at > this.now) this.now = at;
    await this.send(earliest.event);
    return true;
  }

  /** Starts (when not started) and plays workers and timers until nothing is left to do. */
  async run(worker: Worker = defaultWorker, options: { timers?: boolean } = {}): Promise<State> {
    if (this.state.execution.state === "CREATED") await this.start();
    for (let guard = 0; guard < 10_000; guard++) {
      await this.runWorkers(worker);
      if (options.timers === false || !(await this.fireNextTimer())) break;
    }
    return this.state.execution.state;
  }

  taskRunById(id: string): TaskRun {
    const taskRun = indexOf(this.state.taskRuns).byId.get(id);
    if (!taskRun) throw new Error(`no task run ${id}`);
    return taskRun;
  }

  /** Task runs of a task, in creation order. */
  runsOf(taskId: string): TaskRun[] {
    return this.state.taskRuns.filter((t) => t.taskId === taskId).sort((a, b) => a.seq - b.seq);
  }

  /** The one task run of a task (with `value`, the one with that value); throws if there is not exactly one. */
  taskRun(taskId: string, value?: string): TaskRun {
    const runs = this.runsOf(taskId).filter((t) => value === undefined || t.value === value);
    if (runs.length !== 1) throw new Error(`expected one task run of ${taskId}${value ? `[${value}]` : ""}, found ${runs.length}`);
    return runs[0];
  }

  /** `taskId: STATE` for every task run, in creation order (`taskId[value]` for loop children). */
  summary(): string[] {
    return [...this.state.taskRuns]
      .sort((a, b) => a.seq - b.seq)
      .map((t) => `${t.taskId}${t.value !== null ? `[${t.value}]` : ""}: ${t.state}`);
  }

  /** The ids of the tasks that ran, in creation order. */
  order(): string[] {
    return [...this.state.taskRuns].sort((a, b) => a.seq - b.seq).map((t) => t.taskId);
  }

  /** What an expected-results file can hold: the final state, each task run in creation order, the outputs and labels. */
  snapshot() {
    const byId = new Map(this.state.taskRuns.map((t) => [t.id, t]));
    return {
      state: this.state.execution.state,
      taskRuns: [...this.state.taskRuns]
        .sort((a, b) => a.seq - b.seq)
        .map((t) => ({
          taskId: t.taskId,
          parent: t.parentTaskRunId ? (byId.get(t.parentTaskRunId)?.taskId ?? null) : null,
          value: t.value,
          iteration: t.iteration,
          state: t.state,
          attempts: t.attempts.map((a) => a.state),
          outputs: t.outputs,
        })),
      outputs: this.state.execution.outputs,
      labels: this.state.execution.labels,
    };
  }

  logs(level?: string): string[] {
    return this.work.flatMap((w) => (w.type === "log" && (!level || w.level === level) ? [w.message] : []));
  }
}

/** A worker answering by task id (others: the default worker). */
export function workerByTask(answers: Record<string, WorkerAnswer | ((attempt: number) => WorkerAnswer)>): Worker {
  return (call) => {
    const answer = answers[call.taskRun.taskId];
    if (answer === undefined) return defaultWorker(call);
    return typeof answer === "function" ? answer(call.attempt) : answer;
  };
}
