import { describe, expect, it } from "vitest";
import { TestDriver, workerByTask } from "./test-driver";

const LOG = "io.kestra.plugin.core.log.Log";
const RETURN = "io.kestra.plugin.core.debug.Return";
const FAIL = "io.kestra.plugin.core.execution.Fail";
const SEQ = "io.kestra.plugin.core.flow.Sequential";

const flow = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ id: "f", namespace: "company.team", tasks, ...extra });
const log = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: LOG, message: "hi", ...extra });

describe("execution lifecycle", () => {
  it("start moves the execution to RUNNING and creates the first task run with one run work", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    const r = await d.start();
    expect(d.state.execution.state).toBe("RUNNING");
    expect(d.state.execution.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING"]);
    expect(d.summary()).toEqual(["a: CREATED"]);
    expect(r.work).toEqual([{ type: "run", taskRunId: "tr-1", attempt: 1, taskId: "a", workerGroup: null }]);
    expect(r.executionChanged).toBe(true);
    expect(r.changedTaskRuns).toEqual(["tr-1"]);
    expect(d.taskRun("a").attempts).toEqual([
      { number: 1, state: "CREATED", histories: [{ state: "CREATED", date: "2026-01-01T00:00:00.000Z" }], workerId: null },
    ]);
  });

  it("runs tasks one after the other and ends SUCCESS with an ended work", async () => {
    const d = new TestDriver(flow([log("a"), log("b"), log("c")]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["a: SUCCESS", "b: SUCCESS", "c: SUCCESS"]);
    expect(d.work.filter((w) => w.type === "ended")).toEqual([{ type: "ended", state: "SUCCESS" }]);
    expect(d.state.execution.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
  });

  it("task-started moves the task run and its attempt to RUNNING with the worker id", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w-9" });
    const tr = d.taskRun("a");
    expect(tr.state).toBe("RUNNING");
    expect(tr.attempts[0].state).toBe("RUNNING");
    expect(tr.attempts[0].workerId).toBe("w-9");
  });

  it("records RUNNING at the date the worker reported; a timeout counts from when the executor learns of it", async () => {
    const d = new TestDriver(flow([log("a", { timeout: "PT10S" })]));
    await d.start();
    d.tick(3_000);
    // the claim was at +1 s; the executor hears of it at +3 s
    const r = await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w", at: "2026-01-01T00:00:01.000Z" });
    const tr = d.taskRun("a");
    expect(tr.histories.at(-1)).toEqual({ state: "RUNNING", date: "2026-01-01T00:00:01.000Z" });
    expect(tr.attempts[0].histories.at(-1)).toEqual({ state: "RUNNING", date: "2026-01-01T00:00:01.000Z" });
    expect(r.work.find((w) => w.type === "timer")).toMatchObject({ at: "2026-01-01T00:00:13.000Z" });
  });

  it("keeps a reported date between the last recorded one and now (a worker's clock may be off)", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    d.tick(1_000);
    await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w", at: "2025-12-31T00:00:00.000Z" });
    expect(d.taskRun("a").attempts[0].histories.at(-1)!.date).toBe("2026-01-01T00:00:00.000Z");
    const late = new TestDriver(flow([log("a")]));
    await late.start();
    await late.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w", at: "2026-01-02T00:00:00.000Z" });
    expect(late.taskRun("a").attempts[0].histories.at(-1)!.date).toBe("2026-01-01T00:00:00.000Z");
  });

  it("a result that comes before the start's notice records the start from it; the notice then changes nothing", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    await d.start();
    d.tick(500);
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS", startedAt: "2026-01-01T00:00:00.200Z", workerId: "w-3" });
    const a = d.taskRun("a");
    expect(a.state).toBe("SUCCESS");
    expect(a.attempts[0]).toMatchObject({ state: "SUCCESS", workerId: "w-3" });
    expect(a.attempts[0].histories.map((h) => [h.state, h.date])).toEqual([
      ["CREATED", "2026-01-01T00:00:00.000Z"],
      ["RUNNING", "2026-01-01T00:00:00.200Z"],
      ["SUCCESS", "2026-01-01T00:00:00.500Z"],
    ]);
    expect(a.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
    const late = await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w-3", at: "2026-01-01T00:00:00.200Z" });
    expect(late.executionChanged).toBe(false);
    expect(late.changedTaskRuns).toEqual([]);
    expect(late.work).toEqual([]);
  });

  it("a lost attempt whose start was never noticed keeps the worker that held it, and a new attempt follows", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "attempt-lost", taskRunId: "tr-1", attempt: 1, workerId: "worker-host-42-x" });
    const a = d.taskRun("a");
    expect(a.attempts.map((x) => [x.number, x.state, x.workerId])).toEqual([
      [1, "RESUBMITTED", "worker-host-42-x"],
      [2, "CREATED", null],
    ]);
    expect(d.work.filter((w) => w.type === "run").map((w) => (w as { attempt: number }).attempt)).toEqual([1, 2]);
  });

  it("keeps the state history of a task run", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.run();
    expect(d.taskRun("a").histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
    expect(d.taskRun("a").attempts[0].histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
  });

  it("a failed task stops the flow and fails the execution", async () => {
    const d = new TestDriver(flow([log("a"), { id: "boom", type: FAIL }, log("never")]));
    expect(await d.run()).toBe("FAILED");
    expect(d.summary()).toEqual(["a: SUCCESS", "boom: FAILED"]);
  });

  it("a WARNING task makes the execution WARNING and the flow goes on", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    expect(await d.run(workerByTask({ a: { state: "WARNING" } }))).toBe("WARNING");
    expect(d.summary()).toEqual(["a: WARNING", "b: SUCCESS"]);
  });

  it("a KILLED result without a kill ends the execution KILLED", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    expect(await d.run(workerByTask({ a: { state: "KILLED" } }))).toBe("KILLED");
    expect(d.summary()).toEqual(["a: KILLED"]);
  });

  it("keeps a task's outputs on its task run", async () => {
    const d = new TestDriver(flow([{ id: "r", type: RETURN, format: "{{ 1 + 1 }}" }]));
    await d.run();
    expect(d.taskRun("r").outputs).toEqual({ value: "2" });
  });

  it("later tasks see earlier outputs", async () => {
    const d = new TestDriver(flow([{ id: "r", type: RETURN, format: "x" }, { id: "s", type: RETURN, format: "{{ outputs.r.value }}y" }]));
    await d.run();
    expect(d.taskRun("s").outputs).toEqual({ value: "xy" });
  });

  it("a flow whose tasks are all disabled ends SUCCESS without task runs", async () => {
    const d = new TestDriver(flow([log("a", { disabled: true })]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.state.taskRuns).toEqual([]);
  });

  it("a disabled task leaves no task run and the next one runs", async () => {
    const d = new TestDriver(flow([log("a"), log("b", { disabled: true }), log("c")]));
    await d.run();
    expect(d.order()).toEqual(["a", "c"]);
  });

  it("assigns seq in creation order", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    await d.run();
    expect(d.state.taskRuns.map((t) => [t.taskId, t.seq])).toEqual([["a", 1], ["b", 2]]);
  });

  it("sends the task's worker group with its run work", async () => {
    const d = new TestDriver(flow([log("a", { workerGroup: { key: "gpu" } })]));
    const r = await d.start();
    expect(r.work[0]).toMatchObject({ type: "run", workerGroup: "gpu" });
  });

  it("takes the worker group from the flow's plugin defaults", async () => {
    const f = { ...flow([log("a"), { id: "r", type: "io.kestra.plugin.core.debug.Return", format: "x" }]), pluginDefaults: [{ type: "io.kestra.plugin.core.log.Log", values: { workerGroup: { key: "gpu", fallback: "FAIL" } } }] };
    const d = new TestDriver(f);
    expect(await d.run()).toBe("SUCCESS");
    const runs = d.work.filter((w) => w.type === "run");
    expect(runs.find((w) => w.taskId === "a")).toMatchObject({ workerGroup: "gpu", workerGroupFallback: "FAIL" });
    expect(runs.find((w) => w.taskId === "r")).toMatchObject({ workerGroup: null });
  });

  it("takes the worker group from the namespace chain's plugin defaults; a forced one replaces the task's own", async () => {
    const namespaceDefaults = [
      { type: "io.kestra.plugin.core", property: "workerGroup", value: { key: "team" }, namespace: "company", forced: false },
      { type: "io.kestra.plugin.core.debug.Return", property: "workerGroup", value: { key: "locked" }, namespace: "company", forced: true },
    ];
    const d = new TestDriver(flow([log("a"), log("b", { workerGroup: { key: "own" } }), { id: "r", type: "io.kestra.plugin.core.debug.Return", format: "x", workerGroup: { key: "own" } }]), { namespaceDefaults });
    expect(await d.run()).toBe("SUCCESS");
    const groups = Object.fromEntries(d.work.filter((w) => w.type === "run").map((w) => [w.taskId, w.workerGroup]));
    expect(groups).toEqual({ a: "team", b: "own", r: "locked" });
  });

  it("applies retry set through plugin defaults", async () => {
    const f = { ...flow([{ id: "x", type: "io.kestra.plugin.core.execution.Fail" }]), pluginDefaults: [{ type: "io.kestra.plugin.core.execution.Fail", values: { retry: { type: "constant", interval: "PT1S", maxAttempts: 2 } } }] };
    const d = new TestDriver(f);
    await d.run();
    expect(d.state.taskRuns.find((t) => t.taskId === "x")!.attempts.length).toBe(2);
  });

  it("unknown task types are run by workers (they decide)", async () => {
    const d = new TestDriver(flow([{ id: "x", type: "io.kestra.plugin.scripts.shell.Commands" }]));
    const r = await d.start();
    expect(r.work[0]).toMatchObject({ type: "run", taskId: "x" });
  });

  it("legacy type aliases run as their canonical type", async () => {
    const d = new TestDriver(flow([{ id: "s", type: "io.kestra.core.tasks.flows.Sequential", tasks: [log("a")] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["s: SUCCESS", "a: SUCCESS"]);
    expect(d.taskRun("a").parentTaskRunId).toBe(d.taskRun("s").id);
  });

  it("a nested failure fails the parent and the execution", async () => {
    const d = new TestDriver(flow([{ id: "s", type: SEQ, tasks: [{ id: "boom", type: FAIL }, log("no")] }, log("after")]));
    expect(await d.run()).toBe("FAILED");
    expect(d.summary()).toEqual(["s: FAILED", "boom: FAILED"]);
  });
});

describe("the driver's snapshot", () => {
  it("holds the final state, the task runs with their parent task, and the outputs", async () => {
    const d = new TestDriver(flow([{ id: "s", type: SEQ, tasks: [{ id: "r", type: RETURN, format: "v" }] }], { outputs: [{ id: "o", type: "STRING", value: "{{ outputs.r.value }}" }] }));
    await d.run();
    expect(d.snapshot()).toEqual({
      state: "SUCCESS",
      taskRuns: [
        { taskId: "s", parent: null, value: null, iteration: null, state: "SUCCESS", attempts: [], outputs: null },
        { taskId: "r", parent: "s", value: null, iteration: null, state: "SUCCESS", attempts: ["SUCCESS"], outputs: { value: "v" } },
      ],
      outputs: { o: "v" },
      labels: [],
    });
  });
});

describe("stale events", () => {
  it("ignores a second start", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const r = await d.send({ type: "start" });
    expect(r).toMatchObject({ executionChanged: false, changedTaskRuns: [], work: [] });
  });

  it("ignores a result for an attempt that is not current", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const before = structuredClone(d.state);
    const r = await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 2, state: "SUCCESS" });
    expect(r).toEqual({ state: before, executionChanged: false, changedTaskRuns: [], work: [] });
  });

  it("ignores a result for an unknown task run", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const r = await d.send({ type: "task-result", taskRunId: "nope", attempt: 1, state: "SUCCESS" });
    expect(r.work).toEqual([]);
    expect(r.changedTaskRuns).toEqual([]);
  });

  it("ignores a second result for the same attempt", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    await d.start();
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    const r = await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "FAILED" });
    expect(r.work).toEqual([]);
    expect(d.taskRun("a").state).toBe("SUCCESS");
  });

  it("ignores events on a terminal execution", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.run();
    for (const event of [{ type: "kill" }, { type: "resume" }, { type: "start" }, { type: "timer", key: "retry:tr-1:2", taskRunId: "tr-1" }] as const) {
      const r = await d.send(event);
      expect(r).toMatchObject({ executionChanged: false, changedTaskRuns: [], work: [] });
    }
  });

  it("ignores task-started for an attempt already running", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w" });
    const r = await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w2" });
    expect(r.work).toEqual([]);
    expect(d.taskRun("a").attempts[0].workerId).toBe("w");
  });

  it("ignores a malformed timer key", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const r = await d.send({ type: "timer", key: "garbage", taskRunId: null });
    expect(r.changedTaskRuns).toEqual([]);
  });

  it("ignores resume on a running execution", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const r = await d.send({ type: "resume", inputs: { x: 1 } });
    expect(r.work).toEqual([]);
    expect(r.executionChanged).toBe(false);
  });

  it("does not mutate the state it is given", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const before = d.state;
    const copy = structuredClone(before);
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(before).toEqual(copy);
  });
});
