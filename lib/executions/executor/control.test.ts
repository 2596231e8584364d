import { describe, expect, it } from "vitest";
import { restartState } from "../restart";
import { TestDriver, workerByTask } from "./test-driver";

const P = "io.kestra.plugin.core.";
const LOG = `${P}log.Log`;
const RETURN = `${P}debug.Return`;
const PAUSE = `${P}flow.Pause`;

const flow = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ id: "f", namespace: "company.team", tasks, ...extra });
const log = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: LOG, message: "hi", ...extra });

describe("Pause", () => {
  it("pauses the task run and the execution", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE }, log("after")]));
    expect(await d.run()).toBe("PAUSED");
    expect(d.summary()).toEqual(["p: PAUSED"]);
    expect(d.state.execution.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED"]);
    expect(d.work.some((w) => w.type === "run")).toBe(false);
  });

  it("a resume event goes on: the Pause SUCCESS, the execution RUNNING then done", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE }, log("after")]));
    await d.run();
    await d.send({ type: "resume" });
    expect(d.state.execution.state).toBe("RUNNING");
    expect(d.taskRun("p").state).toBe("SUCCESS");
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["p", "after"]);
    expect(d.state.execution.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED", "RUNNING", "SUCCESS"]);
  });

  it("a killed Pause, restarted, pauses again; resumed, the flow goes on", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, pauseDuration: "PT1H" }, log("after")]));
    await d.start();
    expect(d.state.execution.state).toBe("PAUSED");
    await d.send({ type: "kill" });
    expect(d.state.execution.state).toBe("KILLED");
    const restarted = restartState(d.state, { now: d.now, isFlowable: (id) => id === "p" })!;
    d.state = restarted.state;
    const r = await d.send({ type: "restarted" });
    expect(d.taskRun("p").histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED", "KILLED", "RESTARTED", "RUNNING", "PAUSED"]);
    expect(d.state.execution.state).toBe("PAUSED");
    // its duration starts over
    expect(r.work.filter((w) => w.type === "timer")).toHaveLength(1);
    await d.send({ type: "resume" });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["p", "after"]);
  });

  it("a restarted notice changes nothing on an execution that is not running", async () => {
    const d = new TestDriver(flow([log("a")]));
    expect(await d.run()).toBe("SUCCESS");
    const r = await d.send({ type: "restarted" });
    expect(r.executionChanged).toBe(false);
    expect(r.work).toEqual([]);
  });

  it("resume inputs become the Pause's outputs.onResume", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, onResume: [{ id: "ok", type: "BOOLEAN" }] }, { id: "r", type: RETURN, format: "{{ outputs.p.onResume.ok }}" }]));
    await d.run();
    await d.send({ type: "resume", inputs: { ok: true } });
    await d.run();
    expect(d.taskRun("p").outputs).toEqual({ onResume: { ok: true } });
    expect(d.taskRun("r").outputs).toEqual({ value: "true" });
  });

  it("pauseDuration: a timer resumes it", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, pauseDuration: "PT1H" }, log("after")]));
    await d.start();
    expect(d.timers.map((t) => [t.at, t.event.key])).toEqual([["2026-01-01T01:00:00.000Z", "pause:tr-1:0"]]);
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["p: SUCCESS", "after: SUCCESS"]);
  });

  it("the older delay spelling works as pauseDuration", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, delay: "PT5M" }]));
    expect(await d.run()).toBe("SUCCESS");
  });

  it.each([
    ["WARN", "WARNING", "WARNING"],
    ["FAIL", "FAILED", "FAILED"],
    ["RESUME", "SUCCESS", "SUCCESS"],
  ])("behavior %s when the duration ends", async (behavior, taskState, executionState) => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, pauseDuration: "PT1M", behavior }]));
    expect(await d.run()).toBe(executionState);
    expect(d.taskRun("p").state).toBe(taskState);
  });

  it("behavior CANCEL cancels the execution and what still runs", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, tasks: [{ id: "p", type: PAUSE, pauseDuration: "PT1M", behavior: "CANCEL" }, log("slow")] }], { errors: [log("e")] }));
    await d.start();
    await d.runWorkers(() => "hold");
    await d.fireNextTimer();
    expect(d.state.execution.state).toBe("CANCELLED");
    expect(d.summary()).toEqual(["par: KILLED", "p: CANCELLED", "slow: KILLED"]);
    expect(d.work).toContainEqual({ type: "cancel", taskRunId: d.taskRun("slow").id, attempt: 1 });
    expect(d.work).toContainEqual({ type: "ended", state: "CANCELLED" });
  });

  it("a timeout without a duration fails the pause when nobody resumes it", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, timeout: "PT10M" }]));
    expect(await d.run()).toBe("FAILED");
    expect(d.logs("ERROR")[0]).toMatch(/not resumed within its timeout/);
  });

  it("a timeout shorter than the duration fails the pause first", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, pauseDuration: "PT1H", timeout: "PT1M" }]));
    expect(await d.run()).toBe("FAILED");
    expect(d.taskRun("p").state).toBe("FAILED");
  });

  it("a duration shorter than the timeout resumes first", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, pauseDuration: "PT1M", timeout: "PT1H" }]));
    expect(await d.run()).toBe("SUCCESS");
  });

  it("a resume before the timer makes the timer stale", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE, pauseDuration: "PT1M", behavior: "FAIL" }]));
    await d.start();
    await d.send({ type: "resume" });
    expect(d.state.execution.state).toBe("SUCCESS");
    await d.fireNextTimer();
    expect(d.taskRun("p").state).toBe("SUCCESS");
  });

  it("a Pause inside a Sequential pauses the execution", async () => {
    const d = new TestDriver(flow([{ id: "s", type: `${P}flow.Sequential`, tasks: [{ id: "p", type: PAUSE }, log("a")] }]));
    expect(await d.run()).toBe("PAUSED");
    await d.send({ type: "resume" });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["s", "p", "a"]);
  });

  it("the older Pause with tasks runs them after the resume", async () => {
    const d = new TestDriver(flow([{ id: "p", type: "io.kestra.core.tasks.flows.Pause", tasks: [log("inside")] }]));
    await d.run();
    expect(d.order()).toEqual(["p"]);
    await d.send({ type: "resume" });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.taskRun("inside").parentTaskRunId).toBe(d.taskRun("p").id);
  });
});

describe("kill", () => {
  it("KILLING, a cancel for every running attempt, then KILLED once they reported", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, tasks: [log("a"), log("b")] }]));
    await d.start();
    await d.send({ type: "task-started", taskRunId: d.taskRun("a").id, attempt: 1, workerId: "w" });
    const r = await d.send({ type: "kill" });
    expect(d.state.execution.state).toBe("KILLING");
    expect(r.work.filter((w) => w.type === "cancel")).toEqual([
      { type: "cancel", taskRunId: d.taskRun("a").id, attempt: 1 },
      { type: "cancel", taskRunId: d.taskRun("b").id, attempt: 1 },
    ]);
    await d.send({ type: "task-result", taskRunId: d.taskRun("a").id, attempt: 1, state: "KILLED" });
    expect(d.state.execution.state).toBe("KILLING");
    const last = await d.send({ type: "task-result", taskRunId: d.taskRun("b").id, attempt: 1, state: "KILLED" });
    expect(d.state.execution.state).toBe("KILLED");
    expect(d.summary()).toEqual(["par: KILLED", "a: KILLED", "b: KILLED"]);
    expect(last.work).toContainEqual({ type: "ended", state: "KILLED" });
  });

  it("with nothing running: KILLED right away", async () => {
    const d = new TestDriver(flow([{ id: "p", type: PAUSE }, log("after")]));
    await d.run();
    const r = await d.send({ type: "kill" });
    expect(d.state.execution.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED", "KILLING", "KILLED"]);
    expect(d.taskRun("p").state).toBe("KILLED");
    expect(r.work).toEqual([{ type: "ended", state: "KILLED" }]);
  });

  it("no new task runs start while KILLING", async () => {
    const d = new TestDriver(flow([log("a"), log("b")], { errors: [log("e")], finally: [log("f")] }));
    await d.start();
    await d.send({ type: "kill" });
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["a"]);
    expect(d.state.execution.state).toBe("KILLED");
  });

  it("a task run waiting for its retry is KILLED right away", async () => {
    const d = new TestDriver(flow([log("a", { retry: { type: "constant", interval: "PT1M", maxAttempts: 3 } })]));
    await d.start();
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "FAILED" });
    const r = await d.send({ type: "kill" });
    expect(r.work.filter((w) => w.type === "cancel")).toEqual([]);
    expect(d.state.execution.state).toBe("KILLED");
    const late = await d.send({ type: "timer", key: "retry:tr-1:2", taskRunId: "tr-1" });
    expect(late.work).toEqual([]);
  });

  it("a second kill is ignored", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "kill" });
    const r = await d.send({ type: "kill" });
    expect(r.work).toEqual([]);
  });

  it("a lost attempt while KILLING ends its task run KILLED", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "kill" });
    await d.send({ type: "attempt-lost", taskRunId: "tr-1", attempt: 1 });
    expect(d.state.execution.state).toBe("KILLED");
    expect(d.work.filter((w) => w.type === "run")).toHaveLength(1);
  });

  it("kills a created flow", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.send({ type: "kill" });
    expect(d.state.execution.state).toBe("KILLED");
  });
});

describe("flow outputs", () => {
  it("are rendered at the end", async () => {
    const d = new TestDriver(flow([{ id: "r", type: RETURN, format: "hello" }], { outputs: [{ id: "greeting", type: "STRING", value: "{{ outputs.r.value }} world" }] }));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.state.execution.outputs).toEqual({ greeting: "hello world" });
  });

  it("a failing render fails the execution with a message", async () => {
    const d = new TestDriver(flow([log("a")], { outputs: [{ id: "x", type: "STRING", value: "{{ outputs.missing.value }}" }] }));
    expect(await d.run()).toBe("FAILED");
    expect(d.logs("ERROR")[0]).toMatch(/outputs could not be rendered/);
    expect(d.work.filter((w) => w.type === "ended")).toEqual([{ type: "ended", state: "FAILED" }]);
  });

  it("are converted to their declared type", async () => {
    const d = new TestDriver(
      flow([log("a")], {
        outputs: [
          { id: "n", type: "INT", value: "{{ 40 + 2 }}" },
          { id: "f", type: "FLOAT", value: "1.5" },
          { id: "b", type: "BOOLEAN", value: "{{ 1 == 1 }}" },
          { id: "j", type: "JSON", value: '{"k": [1, 2]}' },
          { id: "s", type: "STRING", value: "42" },
        ],
      }),
    );
    expect(await d.run()).toBe("SUCCESS");
    expect(d.state.execution.outputs).toEqual({ n: 42, f: 1.5, b: true, j: { k: [1, 2] }, s: "42" });
  });

  it("a value that is not of its type fails the execution", async () => {
    const d = new TestDriver(flow([log("a")], { outputs: [{ id: "n", type: "INT", value: "forty" }] }));
    expect(await d.run()).toBe("FAILED");
    expect(d.logs("ERROR")[0]).toMatch(/output "n": "forty" is not an INT/);
  });

  it("an optional output that fails to render is left out with a warning", async () => {
    const d = new TestDriver(flow([log("a")], { outputs: [{ id: "x", type: "STRING", value: "{{ nope }}", required: false }, { id: "y", type: "STRING", value: "ok" }] }));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.state.execution.outputs).toEqual({ y: "ok" });
    expect(d.logs("WARN")[0]).toMatch(/optional output "x" was left out/);
  });

  it("are rendered on a failed execution too", async () => {
    const d = new TestDriver(flow([log("a")], { outputs: [{ id: "x", type: "STRING", value: "static" }] }));
    expect(await d.run(workerByTask({ a: { state: "FAILED" } }))).toBe("FAILED");
    expect(d.state.execution.outputs).toEqual({ x: "static" });
  });
});

describe("Labels", () => {
  it("are applied to the execution by the executor, without a worker", async () => {
    const d = new TestDriver(flow([{ id: "l", type: `${P}execution.Labels`, labels: { env: "prod", owner: "{{ inputs.who }}" } }]), {
      execution: { inputs: { who: "ana" }, labels: [{ key: "env", value: "dev" }, { key: "keep", value: "1" }] },
    });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.state.execution.labels).toEqual([{ key: "keep", value: "1" }, { key: "env", value: "prod" }, { key: "owner", value: "ana" }]);
    expect(d.work.some((w) => w.type === "run")).toBe(false);
    expect(d.taskRun("l").state).toBe("SUCCESS");
  });

  it("accept a list of key/value pairs", async () => {
    const d = new TestDriver(flow([{ id: "l", type: `${P}execution.Labels`, labels: [{ key: "a", value: "b" }] }]));
    await d.run();
    expect(d.state.execution.labels).toEqual([{ key: "a", value: "b" }]);
  });

  it("a reserved system label fails the task", async () => {
    const d = new TestDriver(flow([{ id: "l", type: `${P}execution.Labels`, labels: { "system.x": "b" } }]));
    expect(await d.run()).toBe("FAILED");
    expect(d.state.execution.labels).toEqual([]);
  });

  it("later tasks see the new labels", async () => {
    const d = new TestDriver(flow([{ id: "l", type: `${P}execution.Labels`, labels: { k: "v" } }, { id: "r", type: RETURN, format: "{{ labels.k }}" }]));
    await d.run();
    expect(d.taskRun("r").outputs).toEqual({ value: "v" });
  });
});

describe("Subflow and ForEachItem without a port to start executions", () => {
  it.each([`${P}flow.Subflow`, "io.kestra.core.tasks.flows.Flow"])("%s fails with a clear message", async (type) => {
    const d = new TestDriver(flow([{ id: "sub", type, namespace: "x", flowId: "y" }]));
    expect(await d.run()).toBe("FAILED");
    expect(d.summary()).toEqual(["sub: FAILED"]);
    expect(d.logs("ERROR")).toEqual(["child executions cannot be started here"]);
    expect(d.work.some((w) => w.type === "run" || w.type === "subflow")).toBe(false);
  });

  it("ForEachItem fails at its split", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEachItem`, items: "kestra:///f.txt", namespace: "x", flowId: "y" }]));
    expect(await d.run()).toBe("FAILED");
    expect(d.summary()).toEqual(["each: FAILED", "each_split: FAILED"]);
    expect(d.logs("ERROR")).toEqual(["child executions cannot be started here"]);
  });
});

describe("task-run limit", () => {
  it("fails the execution with a message naming the limit", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: ["a", "b", "c", "d"], concurrencyLimit: 0, tasks: [log("l")] }]), { maxTaskRuns: 3 });
    expect(await d.run()).toBe("FAILED");
    expect(d.state.taskRuns).toHaveLength(3);
    expect(d.logs("ERROR")[0]).toMatch(/limit of 3 task runs \(limits\.maxTaskRuns\)/);
    expect(d.work.filter((w) => w.type === "cancel")).toHaveLength(2);
    expect(d.state.taskRuns.every((t) => ["KILLED", "FAILED"].includes(t.state))).toBe(true);
    expect(d.work.filter((w) => w.type === "ended")).toEqual([{ type: "ended", state: "FAILED" }]);
  });

  it("a flow under the limit is not affected", async () => {
    const d = new TestDriver(flow([log("a"), log("b")]), { maxTaskRuns: 2 });
    expect(await d.run()).toBe("SUCCESS");
  });
});

describe("afterExecution", () => {
  it("runs after the execution's state is final and does not change it", async () => {
    const d = new TestDriver(flow([log("a")], { afterExecution: [{ id: "after", type: RETURN, format: "{{ execution.state }}" }] }));
    await d.start();
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(d.state.execution.state).toBe("SUCCESS");
    expect(d.order()).toEqual(["a", "after"]);
    await d.runWorkers(workerByTask({ after: { state: "FAILED" } }));
    expect(d.state.execution.state).toBe("SUCCESS");
    expect(d.taskRun("after").state).toBe("FAILED");
  });

  it("sees the final state", async () => {
    const d = new TestDriver(flow([log("a")], { afterExecution: [{ id: "after", type: RETURN, format: "{{ execution.state }}" }] }));
    await d.run(workerByTask({ a: { state: "FAILED" } }));
    expect(d.taskRun("after").outputs).toEqual({ value: "FAILED" });
  });

  it("runs its tasks one after the other", async () => {
    const d = new TestDriver(flow([log("a")], { afterExecution: [log("x"), log("y")] }));
    await d.run();
    expect(d.summary()).toEqual(["a: SUCCESS", "x: SUCCESS", "y: SUCCESS"]);
    expect(d.work.filter((w) => w.type === "ended")).toHaveLength(1);
  });

  it("runs after a kill too, once every attempt has reported", async () => {
    const d = new TestDriver(flow([log("a")], { afterExecution: [log("x")] }));
    await d.start();
    await d.send({ type: "kill" });
    expect(d.order()).toEqual(["a"]);
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "KILLED" });
    expect(d.state.execution.state).toBe("KILLED");
    expect(d.summary()).toEqual(["a: KILLED", "x: CREATED"]);
  });
});
