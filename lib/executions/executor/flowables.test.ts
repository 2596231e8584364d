import { describe, expect, it } from "vitest";
import { TestDriver, workerByTask } from "./test-driver";

const P = "io.kestra.plugin.core.";
const LOG = `${P}log.Log`;
const RETURN = `${P}debug.Return`;
const FAIL = `${P}execution.Fail`;

const flow = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ id: "f", namespace: "company.team", tasks, ...extra });
const log = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: LOG, message: "hi", ...extra });
const fail = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: FAIL, ...extra });

describe("Sequential", () => {
  it("is a task run whose children run in order", async () => {
    const d = new TestDriver(flow([{ id: "seq", type: `${P}flow.Sequential`, tasks: [log("a"), log("b")] }, log("c")]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["seq: SUCCESS", "a: SUCCESS", "b: SUCCESS", "c: SUCCESS"]);
    const seq = d.taskRun("seq");
    expect(seq.attempts).toEqual([]);
    expect(d.taskRun("a").parentTaskRunId).toBe(seq.id);
    expect(d.taskRun("c").parentTaskRunId).toBeNull();
  });

  it("creates only the first child when it starts", async () => {
    const d = new TestDriver(flow([{ id: "seq", type: `${P}flow.Sequential`, tasks: [log("a"), log("b")] }]));
    await d.start();
    expect(d.summary()).toEqual(["seq: RUNNING", "a: CREATED"]);
  });

  it("a WARNING child makes it WARNING", async () => {
    const d = new TestDriver(flow([{ id: "seq", type: `${P}flow.Sequential`, tasks: [log("a"), log("b")] }]));
    expect(await d.run(workerByTask({ b: { state: "WARNING" } }))).toBe("WARNING");
    expect(d.taskRun("seq").state).toBe("WARNING");
  });

  it("nested Sequentials", async () => {
    const d = new TestDriver(flow([{ id: "s1", type: `${P}flow.Sequential`, tasks: [{ id: "s2", type: `${P}flow.Sequential`, tasks: [log("a")] }] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.taskRun("a").parentTaskRunId).toBe(d.taskRun("s2").id);
    expect(d.taskRun("s2").parentTaskRunId).toBe(d.taskRun("s1").id);
  });
});

describe("Parallel", () => {
  it("starts every child at once by default", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, tasks: [log("a"), log("b"), log("c")] }]));
    const r = await d.start();
    expect(r.work.filter((w) => w.type === "run").map((w) => (w as { taskId: string }).taskId)).toEqual(["a", "b", "c"]);
    expect(await d.run()).toBe("SUCCESS");
  });

  it("honours concurrent", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, concurrent: 2, tasks: [log("a"), log("b"), log("c")] }]));
    await d.start();
    expect(d.order()).toEqual(["par", "a", "b"]);
    await d.send({ type: "task-result", taskRunId: d.taskRun("b").id, attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["par", "a", "b", "c"]);
  });

  it("concurrent 0 is unlimited", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, concurrent: 0, tasks: [log("a"), log("b"), log("c")] }]));
    await d.start();
    expect(d.order()).toEqual(["par", "a", "b", "c"]);
  });

  it("a failure lets the running siblings end, starts no more, and fails", async () => {
    const d = new TestDriver(flow([{ id: "par", type: `${P}flow.Parallel`, concurrent: 2, tasks: [fail("a"), log("b"), log("c")] }]));
    await d.start();
    await d.send({ type: "task-result", taskRunId: d.taskRun("a").id, attempt: 1, state: "FAILED" });
    expect(d.taskRun("par").state).toBe("RUNNING");
    await d.send({ type: "task-result", taskRunId: d.taskRun("b").id, attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["par", "a", "b"]);
    expect(d.taskRun("par").state).toBe("FAILED");
    expect(d.state.execution.state).toBe("FAILED");
  });
});

describe("ForEach", () => {
  const forEach = (extra: Record<string, unknown>, tasks: unknown[] = [{ id: "r", type: RETURN, format: "{{ taskrun.value }}" }]) =>
    flow([{ id: "each", type: `${P}flow.ForEach`, values: ["a", "b", "c"], tasks, ...extra }]);

  it("runs one group per value, one after the other by default", async () => {
    const d = new TestDriver(forEach({}));
    await d.start();
    expect(d.summary()).toEqual(["each: RUNNING", "r[a]: CREATED"]);
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["each: SUCCESS", "r[a]: SUCCESS", "r[b]: SUCCESS", "r[c]: SUCCESS"]);
  });

  it("children carry the value and the index as iteration", async () => {
    const d = new TestDriver(forEach({}));
    await d.run();
    expect(d.runsOf("r").map((t) => [t.value, t.iteration])).toEqual([["a", 0], ["b", 1], ["c", 2]]);
    expect(d.runsOf("r").map((t) => t.outputs)).toEqual([{ value: "a" }, { value: "b" }, { value: "c" }]);
  });

  it("concurrencyLimit 0 starts every group at once", async () => {
    const d = new TestDriver(forEach({ concurrencyLimit: 0 }));
    await d.start();
    expect(d.order()).toEqual(["each", "r", "r", "r"]);
  });

  it("concurrencyLimit 2 starts two groups", async () => {
    const d = new TestDriver(forEach({ concurrencyLimit: 2 }));
    await d.start();
    expect(d.summary()).toEqual(["each: RUNNING", "r[a]: CREATED", "r[b]: CREATED"]);
    await d.send({ type: "task-result", taskRunId: d.taskRun("r", "b").id, attempt: 1, state: "SUCCESS" });
    expect(d.summary()).toContain("r[c]: CREATED");
  });

  it("the tasks of a group run one after the other", async () => {
    const d = new TestDriver(forEach({ concurrencyLimit: 0 }, [log("x"), log("y")]));
    await d.start();
    expect(d.order()).toEqual(["each", "x", "x", "x"]);
    expect(await d.run()).toBe("SUCCESS");
    expect(d.runsOf("y").map((t) => t.value)).toEqual(["a", "b", "c"]);
  });

  it("accepts values as a JSON string", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: '["x", "y"]', tasks: [log("l")] }]));
    await d.run();
    expect(d.runsOf("l").map((t) => t.value)).toEqual(["x", "y"]);
  });

  it("keeps non-string values as JSON", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: '[1, {"k": "v"}]', tasks: [log("l")] }]));
    await d.run();
    expect(d.runsOf("l").map((t) => t.value)).toEqual(["1", '{"k":"v"}']);
  });

  it("renders values from an expression", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: "{{ inputs.list }}", tasks: [log("l")] }]), {
      execution: { inputs: { list: ["p", "q"] } },
    });
    await d.run();
    expect(d.runsOf("l").map((t) => t.value)).toEqual(["p", "q"]);
  });

  it("fails with a message when values are not a list", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: "not a list", tasks: [log("l")] }]));
    expect(await d.run()).toBe("FAILED");
    expect(d.logs("ERROR")[0]).toMatch(/values must be a list/);
  });

  it("refuses null values", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: "[1, null]", tasks: [log("l")] }]));
    expect(await d.run()).toBe("FAILED");
    expect(d.logs("ERROR")[0]).toMatch(/null value/);
  });

  it("an empty list ends SUCCESS without children", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.ForEach`, values: [], tasks: [log("l")] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["each: SUCCESS"]);
  });

  it("a failing group stops the loop", async () => {
    const d = new TestDriver(forEach({}, [log("l")]));
    expect(await d.run(({ taskRun }) => (taskRun.value === "b" ? { state: "FAILED" } : { state: "SUCCESS" }))).toBe("FAILED");
    expect(d.summary()).toEqual(["each: FAILED", "l[a]: SUCCESS", "l[b]: FAILED"]);
  });

  it("exposes outputs by value: outputs.<id>[value]", async () => {
    const d = new TestDriver(
      flow([
        { id: "each", type: `${P}flow.ForEach`, values: ["a", "b"], tasks: [{ id: "r", type: RETURN, format: "v-{{ taskrun.value }}" }] },
        { id: "after", type: RETURN, format: "{{ outputs.r['b'].value }}" },
      ]),
    );
    await d.run();
    expect(d.taskRun("after").outputs).toEqual({ value: "v-b" });
  });

  it("nested children reach the loop value through parent.taskrun.value", async () => {
    const d = new TestDriver(
      flow([
        {
          id: "each",
          type: `${P}flow.ForEach`,
          values: ["v1", "v2"],
          tasks: [{ id: "if", type: `${P}flow.If`, condition: "{{ taskrun.value == 'v2' }}", then: [{ id: "inner", type: RETURN, format: "{{ parent.taskrun.value }}" }] }],
        },
      ]),
    );
    expect(await d.run()).toBe("SUCCESS");
    expect(d.taskRun("inner").outputs).toEqual({ value: "v2" });
    expect(d.taskRun("inner").value).toBeNull();
  });

  it("nested loops key outputs by both values", async () => {
    const d = new TestDriver(
      flow([
        {
          id: "outer",
          type: `${P}flow.ForEach`,
          values: ["a", "b"],
          tasks: [{ id: "inner", type: `${P}flow.ForEach`, values: ["1", "2"], tasks: [{ id: "r", type: RETURN, format: "{{ parents[0].taskrun.value }}{{ taskrun.value }}" }] }],
        },
        { id: "after", type: RETURN, format: "{{ outputs.r['b']['2'].value }}" },
      ]),
    );
    expect(await d.run()).toBe("SUCCESS");
    expect(d.taskRun("after").outputs).toEqual({ value: "b2" });
  });
});

describe("EachSequential and EachParallel", () => {
  it("EachSequential runs value by value, task by task", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.EachSequential`, value: ["a", "b"], tasks: [log("x"), log("y")] }]));
    await d.start();
    expect(d.summary()).toEqual(["each: RUNNING", "x[a]: CREATED"]);
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["each: SUCCESS", "x[a]: SUCCESS", "y[a]: SUCCESS", "x[b]: SUCCESS", "y[b]: SUCCESS"]);
  });

  it("EachParallel starts every (value, task) at once", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.EachParallel`, value: '["a", "b"]', tasks: [log("x"), log("y")] }]));
    await d.start();
    expect(d.summary()).toEqual(["each: RUNNING", "x[a]: CREATED", "y[a]: CREATED", "x[b]: CREATED", "y[b]: CREATED"]);
    expect(await d.run()).toBe("SUCCESS");
  });

  it("EachParallel honours concurrent", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.EachParallel`, value: ["a", "b", "c"], concurrent: 1, tasks: [log("x")] }]));
    await d.start();
    expect(d.summary()).toEqual(["each: RUNNING", "x[a]: CREATED"]);
  });

  it("loop children of Each* carry the value and its index", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.EachSequential`, value: ["a", "b"], tasks: [log("x")] }]));
    await d.run();
    expect(d.runsOf("x").map((t) => [t.value, t.iteration])).toEqual([["a", 0], ["b", 1]]);
  });

  it("runs each distinct value once", async () => {
    const d = new TestDriver(flow([{ id: "each", type: `${P}flow.EachParallel`, value: ["a", "b", "a"], tasks: [log("x")] }]));
    await d.run();
    expect(d.runsOf("x").map((t) => t.value)).toEqual(["a", "b"]);
  });
});

describe("If", () => {
  const ifFlow = (condition: string, withElse = true) =>
    flow([{ id: "if", type: `${P}flow.If`, condition, then: [log("t")], ...(withElse ? { else: [log("e")] } : {}) }]);

  it("runs then when the condition holds", async () => {
    const d = new TestDriver(ifFlow("{{ 1 == 1 }}"));
    await d.run();
    expect(d.summary()).toEqual(["if: SUCCESS", "t: SUCCESS"]);
  });

  it("runs else when it does not", async () => {
    const d = new TestDriver(ifFlow("{{ 1 == 2 }}"));
    await d.run();
    expect(d.summary()).toEqual(["if: SUCCESS", "e: SUCCESS"]);
  });

  it("with a false condition and no else ends SUCCESS with no children", async () => {
    const d = new TestDriver(ifFlow("false", false));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["if: SUCCESS"]);
  });

  it.each([["0", "e"], ["-0", "e"], ["", "e"], [" false ", "e"], ["null", "t"], ["yes", "t"], ["1", "t"], ["FALSE", "t"], ["0.0", "t"]])("reads %j as the orchestrator does", async (cond, expected) => {
    const d = new TestDriver(ifFlow(cond));
    await d.run();
    expect(d.order()).toEqual(["if", expected]);
  });

  it("a condition that fails to render fails the If", async () => {
    const d = new TestDriver(ifFlow("{{ missing.variable }}"));
    expect(await d.run()).toBe("FAILED");
    expect(d.taskRun("if").state).toBe("FAILED");
    expect(d.logs("ERROR").length).toBe(1);
  });

  it("reads inputs", async () => {
    const d = new TestDriver(ifFlow("{{ inputs.go }}"), { execution: { inputs: { go: true } } });
    await d.run();
    expect(d.order()).toEqual(["if", "t"]);
  });
});

describe("Switch", () => {
  const sw = (value: string, extra: Record<string, unknown> = {}) =>
    flow([{ id: "sw", type: `${P}flow.Switch`, value, cases: { A: [log("a")], B: [log("b1"), log("b2")] }, defaults: [log("d")], ...extra }]);

  it("runs the matching case", async () => {
    const d = new TestDriver(sw("B"));
    await d.run();
    expect(d.summary()).toEqual(["sw: SUCCESS", "b1: SUCCESS", "b2: SUCCESS"]);
    expect(d.taskRun("sw").outputs).toEqual({ value: "B", defaults: false });
  });

  it("runs defaults when no case matches", async () => {
    const d = new TestDriver(sw("Z"));
    await d.run();
    expect(d.order()).toEqual(["sw", "d"]);
    expect(d.taskRun("sw").outputs).toEqual({ value: "Z", defaults: true });
  });

  it("renders the value", async () => {
    const d = new TestDriver(sw("{{ inputs.kind }}"), { execution: { inputs: { kind: "A" } } });
    await d.run();
    expect(d.order()).toEqual(["sw", "a"]);
  });

  it("with no match and no defaults ends SUCCESS without children", async () => {
    const d = new TestDriver(sw("Z", { defaults: undefined }));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["sw"]);
  });
});

describe("AllowFailure", () => {
  it("a failing child makes it WARNING, stops the block, and the flow goes on", async () => {
    const d = new TestDriver(flow([{ id: "af", type: `${P}flow.AllowFailure`, tasks: [fail("ko"), log("skipped")] }, log("last")]));
    expect(await d.run()).toBe("WARNING");
    expect(d.summary()).toEqual(["af: WARNING", "ko: FAILED", "last: SUCCESS"]);
  });

  it("succeeds when its children succeed", async () => {
    const d = new TestDriver(flow([{ id: "af", type: `${P}flow.AllowFailure`, tasks: [log("ok")] }]));
    expect(await d.run()).toBe("SUCCESS");
  });

  it("runs its errors then ends WARNING", async () => {
    const d = new TestDriver(flow([{ id: "af", type: `${P}flow.AllowFailure`, tasks: [fail("ko")], errors: [log("handler")] }, log("last")]));
    expect(await d.run()).toBe("WARNING");
    expect(d.order()).toEqual(["af", "ko", "handler", "last"]);
  });
});

describe("Dag", () => {
  const dag = (extra: Record<string, unknown> = {}) =>
    flow([
      {
        id: "dag",
        type: `${P}flow.Dag`,
        tasks: [
          { task: log("a") },
          { task: log("b"), dependsOn: ["a"] },
          { task: log("c"), dependsOn: ["a"] },
          { task: log("d"), dependsOn: ["b", "c"] },
        ],
        ...extra,
      },
    ]);

  it("starts the tasks without dependencies", async () => {
    const d = new TestDriver(dag());
    await d.start();
    expect(d.order()).toEqual(["dag", "a"]);
  });

  it("starts a task once all it depends on succeeded", async () => {
    const d = new TestDriver(dag());
    await d.start();
    await d.send({ type: "task-result", taskRunId: d.taskRun("a").id, attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["dag", "a", "b", "c"]);
    await d.send({ type: "task-result", taskRunId: d.taskRun("b").id, attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["dag", "a", "b", "c"]);
    await d.send({ type: "task-result", taskRunId: d.taskRun("c").id, attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["dag", "a", "b", "c", "d"]);
    expect(await d.run()).toBe("SUCCESS");
  });

  it("honours concurrent", async () => {
    const d = new TestDriver(dag({ concurrent: 1 }));
    await d.start();
    await d.send({ type: "task-result", taskRunId: d.taskRun("a").id, attempt: 1, state: "SUCCESS" });
    expect(d.order()).toEqual(["dag", "a", "b"]);
  });

  it("a failure stops what depends on it and fails the Dag", async () => {
    const d = new TestDriver(dag());
    expect(await d.run(workerByTask({ b: { state: "FAILED" } }))).toBe("FAILED");
    expect(d.order()).toEqual(["dag", "a", "b", "c"]);
    expect(d.taskRun("dag").state).toBe("FAILED");
  });

  it("a WARNING dependency still lets dependents run", async () => {
    const d = new TestDriver(dag());
    expect(await d.run(workerByTask({ a: { state: "WARNING" } }))).toBe("WARNING");
    expect(d.order()).toContain("d");
  });
});

describe("WorkingDirectory", () => {
  it("runs its tasks one after the other", async () => {
    const d = new TestDriver(flow([{ id: "wd", type: `${P}flow.WorkingDirectory`, tasks: [log("a"), log("b")] }]));
    await d.start();
    expect(d.order()).toEqual(["wd", "a"]);
    expect(await d.run()).toBe("SUCCESS");
    expect(d.taskRun("b").parentTaskRunId).toBe(d.taskRun("wd").id);
  });

  it("takes its outputFiles from its latest task's result, and only for itself", async () => {
    const d = new TestDriver(flow([{ id: "wd", type: `${P}flow.WorkingDirectory`, outputFiles: ["*.txt"], tasks: [log("a"), log("b")] }, log("c")]));
    const files: Record<string, Record<string, string>> = { a: { "x.txt": "kestra:///x1" }, b: { "x.txt": "kestra:///x2", "y.txt": "kestra:///y" } };
    expect(
      await d.run(async ({ taskRun }) => {
        const wd = d.taskRun("wd").id;
        // c is not in the WorkingDirectory: what it says of it is ignored
        return { state: "SUCCESS", workingDirectory: { taskRunId: wd, outputFiles: files[taskRun.taskId] ?? { "z.txt": "kestra:///z" } } };
      }),
    ).toBe("SUCCESS");
    expect(d.taskRun("wd").outputs).toEqual({ outputFiles: { "x.txt": "kestra:///x2", "y.txt": "kestra:///y" } });
    expect(d.taskRun("c").outputs).toBeNull();
  });
});

describe("WaitFor", () => {
  const waitFor = (extra: Record<string, unknown> = {}) =>
    flow([
      {
        id: "loop",
        type: `${P}flow.WaitFor`,
        condition: "{{ outputs.r.value == '3' }}",
        tasks: [{ id: "r", type: RETURN, format: "{{ outputs.loop.iterationCount }}" }],
        checkFrequency: { interval: "PT10S" },
        ...extra,
      },
    ]);

  it("re-runs its tasks until the condition holds", async () => {
    const d = new TestDriver(waitFor());
    expect(await d.run()).toBe("SUCCESS");
    expect(d.runsOf("r").map((t) => [t.iteration, t.outputs?.value])).toEqual([[1, "1"], [2, "2"], [3, "3"]]);
    expect(d.taskRun("loop").outputs).toEqual({ iterationCount: 3 });
  });

  it("waits checkFrequency.interval between iterations with a timer", async () => {
    const d = new TestDriver(waitFor());
    await d.start();
    await d.runWorkers();
    expect(d.timers.map((t) => [t.at, t.event.key])).toEqual([["2026-01-01T00:00:10.000Z", `waitfor:${d.taskRun("loop").id}:1`]]);
    expect(d.runsOf("r")).toHaveLength(1);
    await d.fireNextTimer();
    expect(d.runsOf("r")).toHaveLength(2);
  });

  it("stops at maxIterations with SUCCESS", async () => {
    const d = new TestDriver(waitFor({ condition: "false", checkFrequency: { interval: "PT1S", maxIterations: 2 } }));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.runsOf("r")).toHaveLength(2);
  });

  it("fails at maxIterations with failOnMaxReached", async () => {
    const d = new TestDriver(waitFor({ condition: "false", failOnMaxReached: true, checkFrequency: { interval: "PT1S", maxIterations: 2 } }));
    expect(await d.run()).toBe("FAILED");
    expect(d.taskRun("loop").state).toBe("FAILED");
  });

  it("stops once maxDuration has passed since it started", async () => {
    const d = new TestDriver(waitFor({ condition: "false", checkFrequency: { interval: "PT20S", maxDuration: "PT1M" } }));
    expect(await d.run()).toBe("SUCCESS");
    // iterations at 0s, 20s, 40s, 60s and 80s: the maximum is passed only after the one at 80s
    expect(d.runsOf("r").length).toBe(5);
  });

  it("the maximums are checked before the condition", async () => {
    const d = new TestDriver(waitFor({ condition: "{{ outputs.r.value == '2' }}", failOnMaxReached: true, checkFrequency: { interval: "PT1S", maxIterations: 2 } }));
    expect(await d.run()).toBe("FAILED");
    expect(d.runsOf("r")).toHaveLength(2);
  });

  it("errors of the WaitFor run when an iteration fails", async () => {
    const d = new TestDriver(waitFor({ errors: [log("handler")] }));
    expect(await d.run(workerByTask({ r: { state: "FAILED" } }))).toBe("FAILED");
    expect(d.taskRun("handler").parentTaskRunId).toBe(d.taskRun("loop").id);
  });

  it("its finally runs once the loop is decided, and the loop then ends", async () => {
    const d = new TestDriver(waitFor({ finally: [log("fin")] }));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.taskRun("loop").state).toBe("SUCCESS");
    expect(d.taskRun("fin").state).toBe("SUCCESS");
    expect(d.runsOf("r")).toHaveLength(3);
  });

  it("failOnMaxReached with finally: FAILED after the finally", async () => {
    const d = new TestDriver(waitFor({ condition: "false", failOnMaxReached: true, checkFrequency: { interval: "PT1S", maxIterations: 1 }, finally: [log("fin")] }));
    expect(await d.run()).toBe("FAILED");
    expect(d.order()).toEqual(["loop", "r", "fin"]);
  });

  it("a failing iteration fails the WaitFor", async () => {
    const d = new TestDriver(waitFor());
    expect(await d.run(workerByTask({ r: { state: "FAILED" } }))).toBe("FAILED");
    expect(d.runsOf("r")).toHaveLength(1);
  });

  it("ignores a timer of an earlier iteration", async () => {
    const d = new TestDriver(waitFor());
    await d.start();
    await d.runWorkers();
    const loopId = d.taskRun("loop").id;
    await d.fireNextTimer();
    const r = await d.send({ type: "timer", key: `waitfor:${loopId}:1`, taskRunId: loopId });
    expect(r.changedTaskRuns).toEqual([]);
    expect(d.runsOf("r")).toHaveLength(2);
  });
});

describe("errors and finally", () => {
  it("flow errors run when a task fails; the execution stays FAILED", async () => {
    const d = new TestDriver(flow([fail("boom")], { errors: [log("alert")] }));
    expect(await d.run()).toBe("FAILED");
    expect(d.summary()).toEqual(["boom: FAILED", "alert: SUCCESS"]);
  });

  it("flow errors do not run on success", async () => {
    const d = new TestDriver(flow([log("a")], { errors: [log("alert")] }));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.order()).toEqual(["a"]);
  });

  it("flow finally runs on success and on failure", async () => {
    const ok = new TestDriver(flow([log("a")], { finally: [log("cleanup")] }));
    expect(await ok.run()).toBe("SUCCESS");
    expect(ok.order()).toEqual(["a", "cleanup"]);
    const ko = new TestDriver(flow([fail("a")], { errors: [log("alert")], finally: [log("cleanup")] }));
    expect(await ko.run()).toBe("FAILED");
    expect(ko.order()).toEqual(["a", "alert", "cleanup"]);
  });

  it("a failing finally task fails the execution", async () => {
    const d = new TestDriver(flow([log("a")], { finally: [fail("cleanup")] }));
    expect(await d.run()).toBe("FAILED");
  });

  it("a WARNING in finally makes the execution WARNING", async () => {
    const d = new TestDriver(flow([log("a")], { finally: [log("cleanup")] }));
    expect(await d.run(workerByTask({ cleanup: { state: "WARNING" } }))).toBe("WARNING");
  });

  it("errors of a flowable task handle its children's failure", async () => {
    const d = new TestDriver(
      flow([{ id: "seq", type: `${P}flow.Sequential`, tasks: [fail("ko")], errors: [log("local")], finally: [log("fin")] }], { errors: [log("global")] }),
    );
    expect(await d.run()).toBe("FAILED");
    expect(d.order()).toEqual(["seq", "ko", "local", "fin", "global"]);
    expect(d.taskRun("local").parentTaskRunId).toBe(d.taskRun("seq").id);
    expect(d.taskRun("global").parentTaskRunId).toBeNull();
  });

  it("errors do not run for a KILLED task", async () => {
    const d = new TestDriver(flow([log("a")], { errors: [log("alert")] }));
    expect(await d.run(workerByTask({ a: { state: "KILLED" } }))).toBe("KILLED");
    expect(d.order()).toEqual(["a"]);
  });

  it("finally runs after a task is KILLED by its worker", async () => {
    const d = new TestDriver(flow([log("a")], { finally: [log("f")] }));
    expect(await d.run(workerByTask({ a: { state: "KILLED" } }))).toBe("KILLED");
    expect(d.order()).toEqual(["a", "f"]);
  });

  it("errors tasks run one after the other", async () => {
    const d = new TestDriver(flow([fail("boom")], { errors: [log("e1"), log("e2")] }));
    await d.start();
    await d.runWorkers(workerByTask({ e1: "hold" }));
    expect(d.order()).toEqual(["boom", "e1"]);
  });

  it("a disabled errors task does not run", async () => {
    const d = new TestDriver(flow([fail("boom")], { errors: [log("e1", { disabled: true }), log("e2")] }));
    await d.run();
    expect(d.order()).toEqual(["boom", "e2"]);
  });
});
