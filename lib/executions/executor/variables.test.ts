import { describe, expect, it } from "vitest";
import type { EngineState, TaskRun } from "../types";
import { outputsOf, variablesFor } from "../variables";
import { TestDriver } from "./test-driver";

const P = "io.kestra.plugin.core.";

function taskRun(partial: Partial<TaskRun> & { id: string; taskId: string }): TaskRun {
  return {
    executionId: "e",
    parentTaskRunId: null,
    value: null,
    iteration: null,
    state: "SUCCESS",
    histories: [{ state: "CREATED", date: "2026-01-01T00:00:01.000Z" }],
    attempts: [],
    outputs: null,
    seq: 1,
    ...partial,
  };
}

const state = (taskRuns: TaskRun[]): EngineState => ({
  execution: {
    id: "e",
    tenantId: "t",
    namespace: "company.team",
    flowId: "f",
    flowRevision: 3,
    inputs: { a: 1 },
    labels: [{ key: "env", value: "prod" }],
    state: "RUNNING",
    histories: [{ state: "CREATED", date: "2026-01-01T00:00:00.000Z" }, { state: "RUNNING", date: "2026-01-01T00:00:00.500Z" }],
    outputs: null,
    variables: {},
    trigger: { kind: "schedule", id: "daily", variables: { date: "2026-01-01" } },
    parentId: null,
    originalId: null,
    scheduleDate: null,
    version: 1,
  },
  taskRuns,
});

const flow = { id: "f", namespace: "company.team", variables: { greeting: "hi", shared: "flow" }, tasks: [{ id: "t", type: `${P}log.Log` }] };

describe("variablesFor", () => {
  it("gives flow, execution, inputs, labels, trigger and vars", () => {
    const v = variablesFor(flow, state([]), null);
    expect(v.flow).toEqual({ id: "f", namespace: "company.team", revision: 3, tenantId: "t" });
    expect(v.execution).toMatchObject({ id: "e", startDate: "2026-01-01T00:00:00.000Z", originalId: "e" });
    expect(v.inputs).toEqual({ a: 1 });
    expect(v.labels).toEqual({ env: "prod" });
    expect(v.trigger).toEqual({ date: "2026-01-01" });
    expect(v.vars).toEqual({ greeting: "hi", shared: "flow" });
    expect(v.taskrun).toBeUndefined();
  });

  it("has no trigger when nothing triggered the execution", () => {
    const s = state([]);
    s.execution.trigger = { kind: "manual" };
    expect("trigger" in variablesFor(flow, s, null)).toBe(false);
  });

  it("gives execution.outputs once the flow's outputs are rendered", () => {
    const s = state([]);
    expect((variablesFor(flow, s, null).execution as Record<string, unknown>).outputs).toBeUndefined();
    s.execution.outputs = { x: 1 };
    expect((variablesFor(flow, s, null).execution as Record<string, unknown>).outputs).toEqual({ x: 1 });
  });

  it("merges namespace variables under the flow's own", () => {
    const v = variablesFor(flow, state([]), null, { vars: { shared: "namespace", other: 1 } });
    expect(v.vars).toEqual({ shared: "flow", other: 1, greeting: "hi" });
  });

  it("adds other extras as they are", () => {
    const v = variablesFor(flow, state([]), null, { envs: { x: "y" } });
    expect(v.envs).toEqual({ x: "y" });
  });

  it("gives taskrun and task for a task run", () => {
    const tr = taskRun({ id: "tr1", taskId: "t", attempts: [{ number: 1, state: "RUNNING", histories: [], workerId: null }] });
    const v = variablesFor(flow, state([tr]), tr);
    // the attempts before the running one: 0 on the first
    expect(v.taskrun).toEqual({ id: "tr1", taskId: "t", startDate: "2026-01-01T00:00:01.000Z", attemptsCount: 0 });
    expect(v.task).toEqual({ id: "t", type: `${P}log.Log` });
    expect(v.parent).toBeUndefined();
  });

  it("taskrun has value, iteration and parentId when they are set", () => {
    const tr = taskRun({ id: "c", taskId: "t", parentTaskRunId: "p", value: "a", iteration: 0 });
    expect(variablesFor(flow, state([tr]), tr).taskrun).toMatchObject({ value: "a", iteration: 0, parentId: "p" });
  });

  it("taskrun.value outside a loop is undefined, as in the orchestrator", async () => {
    const d = new TestDriver({ id: "f", namespace: "n", tasks: [{ id: "r", type: `${P}debug.Return`, format: "{{ taskrun.value }}" }] });
    await d.start();
    await expect(d.render("{{ taskrun.value }}", d.taskRun("r"))).rejects.toThrow();
    expect(await d.render("{{ taskrun.value ?? 'none' }}", d.taskRun("r"))).toBe("none");
  });

  it("gives parent and parents, nearest first, with their value and outputs", () => {
    const outer = taskRun({ id: "o", taskId: "outer", seq: 1, value: "top" });
    const inner = taskRun({ id: "i", taskId: "inner", parentTaskRunId: "o", value: "v1", seq: 2, outputs: { iterationCount: 1 } });
    const leaf = taskRun({ id: "l", taskId: "leaf", parentTaskRunId: "i", value: "x", seq: 3 });
    const v = variablesFor(flow, state([outer, inner, leaf]), leaf);
    expect(v.parent).toEqual({ taskrun: { value: "v1" }, outputs: { iterationCount: 1 } });
    expect(v.parents).toEqual([{ taskrun: { value: "v1" }, outputs: { iterationCount: 1 } }, { taskrun: { value: "top" } }]);
  });

  it("leaves out ancestors with neither a value nor outputs", () => {
    const loop = taskRun({ id: "o", taskId: "each", seq: 1 });
    const branch = taskRun({ id: "if", taskId: "if", parentTaskRunId: "o", value: "v2", seq: 2 });
    const group = taskRun({ id: "g", taskId: "seq", parentTaskRunId: "if", seq: 3 });
    const leaf = taskRun({ id: "l", taskId: "leaf", parentTaskRunId: "g", seq: 4 });
    const v = variablesFor(flow, state([loop, branch, group, leaf]), leaf);
    expect(v.parents).toEqual([{ taskrun: { value: "v2" } }]);
  });

  it("a top-level task has no parent and an empty parents list", () => {
    const tr = taskRun({ id: "t", taskId: "t" });
    const v = variablesFor(flow, state([tr]), tr);
    expect(v.parent).toBeUndefined();
    expect(v.parents).toEqual([]);
  });

  it("the execution's originalId when it is a replay", () => {
    const s = state([]);
    s.execution.originalId = "first";
    expect((variablesFor(flow, s, null).execution as { originalId: string }).originalId).toBe("first");
  });
});

describe("outputsOf", () => {
  it("keys outputs by task id", () => {
    expect(outputsOf([taskRun({ id: "1", taskId: "a", outputs: { value: 1 } })])).toEqual({ a: { value: 1 } });
  });

  it("keys loop children by value", () => {
    const out = outputsOf([
      taskRun({ id: "p", taskId: "each" }),
      taskRun({ id: "1", taskId: "r", parentTaskRunId: "p", value: "a", outputs: { value: 1 }, seq: 2 }),
      taskRun({ id: "2", taskId: "r", parentTaskRunId: "p", value: "b", outputs: { value: 2 }, seq: 3 }),
    ]);
    expect(out).toEqual({ r: { a: { value: 1 }, b: { value: 2 } } });
  });

  it("a task without a value under a loop child is keyed by the ancestor's value", () => {
    const out = outputsOf([
      taskRun({ id: "p", taskId: "each" }),
      taskRun({ id: "if", taskId: "if", parentTaskRunId: "p", value: "a", seq: 2 }),
      taskRun({ id: "x", taskId: "x", parentTaskRunId: "if", outputs: { value: 1 }, seq: 3 }),
    ]);
    expect(out).toEqual({ x: { a: { value: 1 } } });
  });

  it("a later task run of the same task wins", () => {
    const out = outputsOf([
      taskRun({ id: "2", taskId: "r", outputs: { value: "second" }, seq: 2 }),
      taskRun({ id: "1", taskId: "r", outputs: { value: "first" }, seq: 1 }),
    ]);
    expect(out).toEqual({ r: { value: "second" } });
  });

  it("task runs without outputs are left out", () => {
    expect(outputsOf([taskRun({ id: "1", taskId: "a" })])).toEqual({});
  });
});

describe("expressions in a running flow", () => {
  it("taskrun.attemptsCount counts the attempts before the running one", async () => {
    const d = new TestDriver({
      id: "f",
      namespace: "n",
      tasks: [{ id: "r", type: `${P}debug.Return`, format: "{{ taskrun.attemptsCount }}", retry: { type: "constant", interval: "PT1S", maxAttempts: 2 } }],
    });
    await d.run(({ attempt, taskRun, driver }) =>
      attempt === 1 ? { state: "FAILED" } : driver.render("{{ taskrun.attemptsCount }}", taskRun).then((v) => ({ state: "SUCCESS" as const, outputs: { value: v } })),
    );
    expect(d.taskRun("r").outputs).toEqual({ value: "1" });
  });

  it("task.id and flow.id", async () => {
    const d = new TestDriver({ id: "myflow", namespace: "n", tasks: [{ id: "r", type: `${P}debug.Return`, format: "{{ flow.id }}/{{ task.id }}" }] });
    await d.run();
    expect(d.taskRun("r").outputs).toEqual({ value: "myflow/r" });
  });

  it("vars from the flow", async () => {
    const d = new TestDriver({ id: "f", namespace: "n", variables: { who: "world" }, tasks: [{ id: "r", type: `${P}debug.Return`, format: "hello {{ vars.who }}" }] });
    await d.run();
    expect(d.taskRun("r").outputs).toEqual({ value: "hello world" });
  });

  it("afterExecution tasks read the execution's outputs and state", async () => {
    const d = new TestDriver({
      id: "f",
      namespace: "n",
      tasks: [{ id: "r", type: `${P}debug.Return`, format: "v" }],
      outputs: [{ id: "o", type: "STRING", value: "{{ outputs.r.value }}!" }],
      afterExecution: [{ id: "after", type: `${P}debug.Return`, format: "{{ execution.state }} {{ execution.outputs.o }}" }],
    });
    await d.run();
    expect(d.taskRun("after").outputs).toEqual({ value: "SUCCESS v!" });
  });

  it("WaitFor children see the loop's iterationCount", async () => {
    const d = new TestDriver({
      id: "f",
      namespace: "n",
      tasks: [{ id: "loop", type: `${P}flow.WaitFor`, condition: "{{ outputs.loop.iterationCount >= 2 }}", tasks: [{ id: "r", type: `${P}debug.Return`, format: "{{ parent.outputs.iterationCount }}" }] }],
    });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.runsOf("r").map((t) => t.outputs?.value)).toEqual(["1", "2"]);
  });
});
