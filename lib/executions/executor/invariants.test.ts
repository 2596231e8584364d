import { describe, expect, it } from "vitest";
import { isTerminal, type TaskResult } from "../types";
import { seededFraction } from "./retry";
import { TestDriver } from "./test-driver";

// Random flows (nested flowables, retries, allowFailure, runIf, errors, finally) driven by workers
// answering at random, with and without a kill: whatever happens, the execution ends, every task
// run ends, and the bookkeeping stays consistent.

const P = "io.kestra.plugin.core.";

function generator(seed: number) {
  let n = 0;
  const rand = () => seededFraction(`${seed}:${n++}`);
  let ids = 0;
  const id = (prefix: string) => `${prefix}${++ids}`;
  const leaf = (): Record<string, unknown> => {
    const task: Record<string, unknown> = { id: id("t"), type: `${P}log.Log`, message: "x" };
    if (rand() < 0.2) task.retry = { type: "constant", interval: "PT1S", maxAttempts: 2 };
    if (rand() < 0.15) task.allowFailure = true;
    if (rand() < 0.1) task.runIf = rand() < 0.5 ? "false" : "true";
    if (rand() < 0.05) task.disabled = true;
    if (rand() < 0.1) task.timeout = "PT30S";
    return task;
  };
  const list = (depth: number, max = 3): Record<string, unknown>[] =>
    Array.from({ length: 1 + Math.floor(rand() * max) }, () => node(depth));
  const node = (depth: number): Record<string, unknown> => {
    if (depth <= 0 || rand() < 0.45) return leaf();
    const r = rand();
    const withHandlers = (task: Record<string, unknown>) => {
      if (rand() < 0.2) task.errors = list(0, 1);
      if (rand() < 0.2) task.finally = list(0, 1);
      return task;
    };
    if (r < 0.15) return withHandlers({ id: id("seq"), type: `${P}flow.Sequential`, tasks: list(depth - 1) });
    if (r < 0.3) return withHandlers({ id: id("par"), type: `${P}flow.Parallel`, concurrent: Math.floor(rand() * 3), tasks: list(depth - 1) });
    if (r < 0.45) return withHandlers({ id: id("each"), type: `${P}flow.ForEach`, values: ["a", "b", "c"].slice(0, 1 + Math.floor(rand() * 3)), concurrencyLimit: Math.floor(rand() * 3), tasks: list(depth - 1, 2) });
    if (r < 0.55) return withHandlers({ id: id("if"), type: `${P}flow.If`, condition: rand() < 0.5 ? "true" : "false", then: list(depth - 1), else: list(depth - 1) });
    if (r < 0.65) return withHandlers({ id: id("sw"), type: `${P}flow.Switch`, value: rand() < 0.5 ? "A" : "Z", cases: { A: list(depth - 1) }, defaults: list(depth - 1) });
    if (r < 0.75) return withHandlers({ id: id("af"), type: `${P}flow.AllowFailure`, tasks: list(depth - 1) });
    if (r < 0.85) {
      const tasks = list(depth - 1);
      return withHandlers({ id: id("dag"), type: `${P}flow.Dag`, tasks: tasks.map((task, i) => ({ task, dependsOn: i > 0 && rand() < 0.6 ? [tasks[i - 1].id] : [] })) });
    }
    if (r < 0.92) return { id: id("pause"), type: `${P}flow.Pause`, pauseDuration: "PT1M", behavior: rand() < 0.5 ? "RESUME" : "WARN" };
    return withHandlers({ id: id("wait"), type: `${P}flow.WaitFor`, condition: "{{ outputs." + "loop_never" + " is defined }}", checkFrequency: { interval: "PT1S", maxIterations: 2 }, tasks: [leaf()] });
  };
  const flow: Record<string, unknown> = { id: "random", namespace: "n", tasks: list(3) };
  if (rand() < 0.3) flow.errors = list(0, 2);
  if (rand() < 0.3) flow.finally = list(0, 2);
  if (rand() < 0.2) flow.afterExecution = list(0, 2);
  return { flow, rand };
}

function checkConsistency(d: TestDriver) {
  const { execution, taskRuns } = d.state;
  expect(isTerminal(execution.state)).toBe(true);
  for (const taskRun of taskRuns) {
    expect(isTerminal(taskRun.state), `${taskRun.taskId} is ${taskRun.state}`).toBe(true);
    taskRun.attempts.forEach((a, i) => expect(a.number).toBe(i + 1));
    for (const a of taskRun.attempts) expect(isTerminal(a.state), `${taskRun.taskId} attempt ${a.number} is ${a.state}`).toBe(true);
    const dates = taskRun.histories.map((h) => Date.parse(h.date));
    expect([...dates].sort((x, y) => x - y)).toEqual(dates);
    if (taskRun.parentTaskRunId) expect(taskRuns.some((t) => t.id === taskRun.parentTaskRunId)).toBe(true);
  }
  expect(new Set(taskRuns.map((t) => t.id)).size).toBe(taskRuns.length);
  expect(new Set(taskRuns.map((t) => t.seq)).size).toBe(taskRuns.length);
  const ended = d.work.filter((w) => w.type === "ended");
  expect(ended).toHaveLength(1);
  expect(ended[0]).toEqual({ type: "ended", state: execution.state });
}

describe("random flows always end consistently", () => {
  const answer = (rand: () => number): TaskResult => {
    const r = rand();
    return r < 0.6 ? { state: "SUCCESS" } : r < 0.8 ? { state: "FAILED", error: "boom" } : r < 0.95 ? { state: "WARNING" } : { state: "KILLED" };
  };

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))("seed %i", async (seed) => {
    const { flow, rand } = generator(seed);
    const d = new TestDriver(flow);
    await d.run(() => answer(rand));
    checkConsistency(d);
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 101))("seed %i, killed midway", async (seed) => {
    const { flow, rand } = generator(seed);
    const d = new TestDriver(flow);
    await d.start();
    let answered = 0;
    const stopAfter = 1 + Math.floor(rand() * 4);
    await d.runWorkers(() => (answered++ < stopAfter ? answer(rand) : "hold"));
    if (!isTerminal(d.state.execution.state)) {
      await d.send({ type: "kill" });
      await d.run(() => ({ state: "KILLED" }));
      if (d.state.execution.state !== "KILLED") {
        // the kill came after the end, or afterExecution ran on after it
        expect(isTerminal(d.state.execution.state)).toBe(true);
      }
    } else {
      await d.run(() => answer(rand));
    }
    checkConsistency(d);
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 201))("seed %i, with lost workers and events delivered twice", async (seed) => {
    const { flow, rand } = generator(seed);
    const d = new TestDriver(flow);
    await d.start();
    for (let guard = 0; guard < 2000 && !isTerminal(d.state.execution.state); guard++) {
      const next = d.pending.shift();
      if (!next) {
        if (!(await d.fireNextTimer())) break;
        continue;
      }
      const r = rand();
      if (r < 0.1) {
        // the worker died: the lease expires; the new attempt comes as new run work
        await d.send({ type: "attempt-lost", taskRunId: next.taskRunId, attempt: next.attempt });
        continue;
      }
      const result = answer(rand);
      const event = { type: "task-result" as const, taskRunId: next.taskRunId, attempt: next.attempt, ...result };
      await d.send(event);
      if (r < 0.3) {
        const before = d.state;
        const again = await d.send(event);
        expect(again).toEqual({ state: before, executionChanged: false, changedTaskRuns: [], work: [] });
      }
    }
    await d.run(() => answer(rand));
    checkConsistency(d);
  });

  it.each(Array.from({ length: 60 }, (_, i) => i + 301))("seed %i, events in any order", async (seed) => {
    const { flow, rand } = generator(seed);
    const d = new TestDriver(flow);
    await d.start();
    for (let i = 0; i < 200 && !isTerminal(d.state.execution.state); i++) {
      const r = rand();
      if (r < 0.5 && d.pending.length > 0) {
        // any pending attempt reports, not only the oldest
        const next = d.pending.splice(Math.floor(rand() * d.pending.length), 1)[0];
        if (rand() < 0.5) await d.send({ type: "task-started", taskRunId: next.taskRunId, attempt: next.attempt, workerId: "w" });
        await d.send({ type: "task-result", taskRunId: next.taskRunId, attempt: next.attempt, ...answer(rand) });
      } else if (r < 0.55 && d.pending.length > 0) {
        const next = d.pending.shift()!;
        await d.send({ type: "attempt-lost", taskRunId: next.taskRunId, attempt: next.attempt });
      } else if (r < 0.75) {
        await d.fireNextTimer();
      } else if (r < 0.85) {
        await d.send({ type: "resume", inputs: { ok: true } });
      } else if (r < 0.87) {
        await d.send({ type: "kill" });
      }
    }
    // wind down: kill what is left; workers answer the cancels
    await d.send({ type: "kill" });
    await d.run(() => ({ state: "KILLED" }));
    checkConsistency(d);
  });
});
