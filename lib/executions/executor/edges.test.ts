import { describe, expect, it } from "vitest";
import { TestDriver, workerByTask } from "./test-driver";

const P = "io.kestra.plugin.core.";
const LOG = `${P}log.Log`;
const RETURN = `${P}debug.Return`;

const flow = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ id: "f", namespace: "company.team", tasks, ...extra });
const log = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: LOG, message: "hi", ...extra });

describe("what a step reports", () => {
  it("changedTaskRuns names exactly the task runs the step touched", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    await d.start();
    const r = await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(r.changedTaskRuns.sort()).toEqual(["tr-1", "tr-2"]);
    expect(r.executionChanged).toBe(false);
  });

  it("executionChanged is true when the execution ends", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const r = await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(r.executionChanged).toBe(true);
    expect(r.changedTaskRuns).toEqual(["tr-1"]);
  });

  it("task-started changes only its task run", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const r = await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w" });
    expect(r).toMatchObject({ executionChanged: false, changedTaskRuns: ["tr-1"], work: [] });
  });

  it("every history entry carries the step's time", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    d.tick(1500);
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(d.taskRun("a").histories.at(-1)).toEqual({ state: "SUCCESS", date: "2026-01-01T00:00:01.500Z" });
    expect(d.state.execution.histories.at(-1)).toEqual({ state: "SUCCESS", date: "2026-01-01T00:00:01.500Z" });
  });

  it("a result without task-started passes through RUNNING", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(d.taskRun("a").histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
    expect(d.taskRun("a").attempts[0].histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
  });

  it("keeps the outputs of a failed attempt", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.run(workerByTask({ a: { state: "FAILED", outputs: { partial: 1 }, error: "x" } }));
    expect(d.taskRun("a").outputs).toEqual({ partial: 1 });
  });

  it("ids come from newId, in creation order", async () => {
    const d = new TestDriver(flow([{ id: "p", type: `${P}flow.Parallel`, tasks: [log("a"), log("b")] }]));
    await d.start();
    expect(d.state.taskRuns.map((t) => [t.id, t.taskId])).toEqual([["tr-1", "p"], ["tr-2", "a"], ["tr-3", "b"]]);
  });

  it("every task run belongs to the execution", async () => {
    const d = new TestDriver(flow([log("a")]), { execution: { id: "exec-42" } });
    await d.start();
    expect(d.taskRun("a").executionId).toBe("exec-42");
  });
});

describe("errors and finally on flowables", () => {
  it("Parallel: errors after every running child ended, then finally", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, tasks: [log("a"), log("b")], errors: [log("e")], finally: [log("f")] }]));
    await d.start();
    await d.send({ type: "task-result", taskRunId: d.taskRun("a").id, attempt: 1, state: "FAILED" });
    expect(d.order()).toEqual(["par", "a", "b"]);
    await d.send({ type: "task-result", taskRunId: d.taskRun("b").id, attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["par", "a", "b", "e"]);
    expect(await d.run()).toBe("FAILED");
    expect(d.order()).toEqual(["par", "a", "b", "e", "f"]);
  });

  it("ForEach: errors and finally run once, at the ForEach level", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: ["x", "y"], tasks: [log("a")], errors: [log("e")], finally: [log("f")] }]));
    expect(await d.run(({ taskRun }) => (taskRun.value === "x" ? { state: "FAILED" } : { state: "SUCCESS" }))).toBe("FAILED");
    expect(d.summary()).toEqual(["each: FAILED", "a[x]: FAILED", "e: SUCCESS", "f: SUCCESS"]);
    expect(d.taskRun("e").value).toBeNull();
  });

  it("Dag: errors when a task fails", async () => {
    const d = new TestDriver(flow([{ id: "dag", type: `${P}flow.Dag`, tasks: [{ task: log("a") }, { task: log("b"), dependsOn: ["a"] }], errors: [log("e")] }]));
    expect(await d.run(workerByTask({ a: { state: "FAILED" } }))).toBe("FAILED");
    expect(d.order()).toEqual(["dag", "a", "e"]);
  });

  it("If: errors of the If for a failure in its branch", async () => {
    const d = new TestDriver(flow([{ id: "if", type: `${P}flow.If`, condition: "true", then: [log("a")], errors: [log("e")] }]));
    expect(await d.run(workerByTask({ a: { state: "FAILED" } }))).toBe("FAILED");
    expect(d.order()).toEqual(["if", "a", "e"]);
  });

  it("Switch: finally after the case", async () => {
    const d = new TestDriver(flow([{ id: "sw", type: `${P}flow.Switch`, value: "x", cases: { x: [log("a")] }, finally: [log("f")] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["sw", "a", "f"]);
  });

  it("a failing errors task keeps the flowable FAILED and the flow errors still run", async () => {
    const d = new TestDriver(flow([{ id: "s", type: `${P}flow.Sequential`, tasks: [log("a")], errors: [log("e")] }], { errors: [log("g")] }));
    expect(await d.run(workerByTask({ a: { state: "FAILED" }, e: { state: "FAILED" } }))).toBe("FAILED");
    expect(d.order()).toEqual(["s", "a", "e", "g"]);
  });

  it("errors see the failed task's state through tasks' outputs", async () => {
    const d = new TestDriver(flow([{ id: "r", type: RETURN, format: "x" }, log("boom")], { errors: [{ id: "e", type: RETURN, format: "{{ outputs.r.value }}" }] }));
    await d.run(workerByTask({ boom: { state: "FAILED" } }));
    expect(d.taskRun("e").outputs).toEqual({ value: "x" });
  });
});

describe("runIf and disabled in more places", () => {
  it("runIf on a loop child uses the loop value", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: ["a", "b"], tasks: [log("l", { runIf: "{{ taskrun.value == 'b' }}" })] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["each: SUCCESS", "l[a]: SKIPPED", "l[b]: SUCCESS"]);
  });

  it("a disabled Dag entry is left out and what depends on it does not wait forever", async () => {
    const d = new TestDriver(flow([{ id: "dag", type: `${P}flow.Dag`, tasks: [{ task: log("a", { disabled: true }) }, { task: log("b") }] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["dag", "b"]);
  });

  it("a dependency on a disabled Dag task does not hold its dependents", async () => {
    const d = new TestDriver(flow([{ id: "dag", type: `${P}flow.Dag`, tasks: [{ task: log("a", { disabled: true }) }, { task: log("b"), dependsOn: ["a"] }, { task: log("c"), dependsOn: ["b"] }] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["dag", "b", "c"]);
  });

  it("a disabled flowable task leaves no task run for it or its children", async () => {
    const d = new TestDriver(flow([{ id: "s", type: `${P}flow.Sequential`, disabled: true, tasks: [log("a")] }, log("b")]));
    await d.run();
    expect(d.order()).toEqual(["b"]);
  });

  it("a flowable whose tasks are all disabled ends SUCCESS", async () => {
    const d = new TestDriver(flow([{ id: "s", type: `${P}flow.Sequential`, tasks: [log("a", { disabled: true })] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["s: SUCCESS"]);
  });
});

describe("pause and kill together", () => {
  it("a sibling still runs while the execution is PAUSED", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, tasks: [{ id: "p", type: `${P}flow.Pause` }, log("a")] }]));
    await d.start();
    expect(d.state.execution.state).toBe("PAUSED");
    await d.send({ type: "task-result", taskRunId: d.taskRun("a").id, attempt: 1, state: "SUCCESS" });
    expect(d.state.execution.state).toBe("PAUSED");
    await d.send({ type: "resume" });
    expect(d.state.execution.state).toBe("SUCCESS");
  });

  it("a pause timer after a kill is ignored", async () => {
    const d = new TestDriver(flow([{ id: "p", type: `${P}flow.Pause`, pauseDuration: "PT1M" }]));
    await d.start();
    await d.send({ type: "kill" });
    const r = await d.send({ type: "timer", key: `pause:${d.taskRun("p").id}:0`, taskRunId: d.taskRun("p").id });
    expect(r.work).toEqual([]);
    expect(d.state.execution.state).toBe("KILLED");
  });

  it("kill inside a ForEach kills every group", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: ["a", "b"], concurrencyLimit: 0, tasks: [log("l")] }]));
    await d.start();
    const r = await d.send({ type: "kill" });
    expect(r.work.filter((w) => w.type === "cancel")).toHaveLength(2);
    await d.runWorkers(() => ({ state: "KILLED" }));
    expect(d.summary()).toEqual(["each: KILLED", "l[a]: KILLED", "l[b]: KILLED"]);
    expect(d.state.execution.state).toBe("KILLED");
  });

  it("a worker that finishes after the kill keeps its result; the execution is still KILLED", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]));
    await d.start();
    await d.send({ type: "kill" });
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(d.taskRun("a").state).toBe("SUCCESS");
    expect(d.state.execution.state).toBe("KILLED");
  });
});

describe("afterExecution and limits", () => {
  it("the task-run limit also bounds afterExecution", async () => {
    const d = new TestDriver(flow([log("a")], { afterExecution: [log("x"), log("y")] }), { maxTaskRuns: 2 });
    await d.run();
    expect(d.order()).toEqual(["a", "x"]);
    expect(d.state.execution.state).toBe("SUCCESS");
  });

  it("afterExecution task runs get retries and timeouts like others", async () => {
    const d = new TestDriver(flow([log("a")], { afterExecution: [log("x", { retry: { type: "constant", interval: "PT1S", maxAttempts: 2 } })] }));
    await d.run(workerByTask({ x: { state: "FAILED" } }));
    expect(d.taskRun("x").attempts).toHaveLength(2);
    expect(d.state.execution.state).toBe("SUCCESS");
  });

  it("afterExecution runs after a CANCELLED execution", async () => {
    const d = new TestDriver(flow([{ id: "p", type: `${P}flow.Pause`, pauseDuration: "PT1M", behavior: "CANCEL" }], { afterExecution: [log("x")] }));
    expect(await d.run()).toBe("CANCELLED");
    expect(d.order()).toEqual(["p", "x"]);
  });
});
