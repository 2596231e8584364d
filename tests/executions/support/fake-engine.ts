import type { RunTaskFn, StepFn } from "@/lib/executions/processes";
import type { Attempt, EngineState, State, StepResult, TaskRun, Work } from "@/lib/executions/types";
import { isTerminal } from "@/lib/executions/types";

// A stand-in executor and task runner for the queue's tests: start -> one run job per top-level
// task (a task with `delayMs`: a timer instead, which ends it); a result of the current attempt
// ends its task run; a lost attempt gets a new one; the
// execution ends SUCCESS (or FAILED) when every task run has ended. A result of an attempt that is
// not the current one changes nothing (as the real executor refuses it).

const at = (now: Date) => now.toISOString();

function withHistory<T extends { state: State; histories: { state: State; date: string }[] }>(o: T, state: State, now: Date): T {
  return { ...o, state, histories: [...o.histories, { state, date: at(now) }] };
}

export const fakeStep: StepFn = async (flow, before, event, deps) => {
  const state: EngineState = { execution: { ...before.execution }, taskRuns: before.taskRuns.map((t) => ({ ...t })) };
  const changed = new Set<string>();
  const work: Work[] = [];
  let executionChanged = false;
  const now = deps.now;
  const replace = (run: TaskRun) => {
    state.taskRuns = state.taskRuns.map((t) => (t.id === run.id ? run : t));
    changed.add(run.id);
  };
  const find = (id: string) => state.taskRuns.find((t) => t.id === id);

  switch (event.type) {
    case "start": {
      if (state.execution.state !== "CREATED") break;
      state.execution = withHistory(state.execution, "RUNNING", now);
      executionChanged = true;
      const tasks = (flow.tasks as { id: string; workerGroup?: { key?: string } }[]) ?? [];
      tasks.forEach((task, i) => {
        const attempt: Attempt = { number: 1, state: "CREATED", histories: [{ state: "CREATED", date: at(now) }], workerId: null };
        const run: TaskRun = {
          id: deps.newId(),
          executionId: state.execution.id,
          taskId: task.id,
          parentTaskRunId: null,
          value: null,
          iteration: null,
          state: "CREATED",
          histories: [{ state: "CREATED", date: at(now) }],
          attempts: [attempt],
          outputs: null,
          seq: i,
        };
        state.taskRuns.push(run);
        changed.add(run.id);
        const delayMs = (task as { delayMs?: number }).delayMs;
        // a delayed task: a timer ends it, no worker runs it
        if (delayMs !== undefined) {
          work.push({ type: "timer", at: new Date(now.getTime() + delayMs).toISOString(), event: { type: "timer", key: run.id, taskRunId: run.id } });
        } else {
          work.push({ type: "run", taskRunId: run.id, attempt: 1, taskId: task.id, workerGroup: task.workerGroup?.key ?? null });
        }
      });
      work.push({ type: "log", level: "INFO", message: `started ${tasks.length} task(s)`, taskRunId: null, attempt: null });
      break;
    }
    case "task-started": {
      const run = find(event.taskRunId);
      if (!run || run.attempts.length !== event.attempt || isTerminal(run.state)) break;
      const attempts = run.attempts.map((a) => (a.number === event.attempt ? { ...withHistory(a, "RUNNING", now), workerId: event.workerId } : a));
      replace({ ...withHistory(run, "RUNNING", now), attempts });
      break;
    }
    case "task-result": {
      const run = find(event.taskRunId);
      // a stale attempt's result: refused
      if (!run || run.attempts.length !== event.attempt || isTerminal(run.state)) break;
      const attempts = run.attempts.map((a) => (a.number === event.attempt ? withHistory(a, event.state, now) : a));
      replace({ ...withHistory(run, event.state, now), attempts, outputs: event.outputs ?? null });
      break;
    }
    case "attempt-lost": {
      const run = find(event.taskRunId);
      if (!run || run.attempts.length !== event.attempt || isTerminal(run.state)) break;
      const next = event.attempt + 1;
      const attempts = [
        // as the engine: the worker that held it, when its start was not noticed before it was lost
        ...run.attempts.map((a) => (a.number === event.attempt ? { ...withHistory(a, "KILLED", now), workerId: a.workerId ?? event.workerId ?? null } : a)),
        { number: next, state: "CREATED" as State, histories: [{ state: "CREATED" as State, date: at(now) }], workerId: null },
      ];
      replace({ ...run, attempts });
      work.push({ type: "run", taskRunId: run.id, attempt: next, taskId: run.taskId, workerGroup: null });
      work.push({ type: "log", level: "WARN", message: `attempt ${event.attempt} of ${run.taskId} was lost`, taskRunId: run.id, attempt: event.attempt });
      break;
    }
    case "timer": {
      const run = event.taskRunId ? find(event.taskRunId) : undefined;
      if (!run || isTerminal(run.state)) break;
      replace({ ...withHistory(run, "SUCCESS", now), outputs: { firedAt: at(now) } });
      break;
    }
    case "kill": {
      for (const run of state.taskRuns) {
        if (!isTerminal(run.state)) work.push({ type: "cancel", taskRunId: run.id, attempt: run.attempts.length });
      }
      break;
    }
    default:
      break;
  }

  if (!isTerminal(state.execution.state) && state.taskRuns.length && state.taskRuns.every((t) => isTerminal(t.state))) {
    const end: State = state.taskRuns.some((t) => t.state === "FAILED" || t.state === "KILLED") ? "FAILED" : "SUCCESS";
    state.execution = withHistory(state.execution, end, now);
    executionChanged = true;
    work.push({ type: "ended", state: end });
  }
  return { state, executionChanged, changedTaskRuns: [...changed], work } satisfies StepResult;
};

/** Runs a task by its `sleepMs` (abortable: KILLED when aborted) and answers its id and the process. */
export const fakeRunTask: RunTaskFn = async (input) => {
  const ms = Number(input.task.sleepMs ?? 0);
  input.log("INFO", `running ${input.taskRun.taskId} attempt ${input.attempt} in ${process.pid}`);
  if (ms > 0) {
    const aborted = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      input.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (aborted) return { state: "KILLED", error: String(input.signal.reason) };
  }
  if (input.task.fail) return { state: "FAILED", error: "asked to fail" };
  return { state: "SUCCESS", outputs: { taskId: input.taskRun.taskId, pid: process.pid } };
};
