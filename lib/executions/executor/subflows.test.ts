import { describe, expect, it } from "vitest";
import type { Execution, Work } from "../types";
import { restartState } from "../restart";
import { BATCHES_PER_STEP, MAX_SUBFLOW_DEPTH, type SubflowPort, type SubflowRequest } from "./subflow";
import { TestDriver } from "./test-driver";

const P = "io.kestra.plugin.core.";
const LOG = `${P}log.Log`;

const flow = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ id: "parent", namespace: "company.team", tasks, ...extra });
const subflow = (extra: Record<string, unknown> = {}) => ({ id: "call", type: `${P}flow.Subflow`, namespace: "company.child", flowId: "child", ...extra });

/** A port that prepares every child as asked (or refuses the flows in `refuse`), and keeps the requests. */
function fakePort(opts: { refuse?: Record<string, string>; batches?: number } = {}) {
  const requests: SubflowRequest[] = [];
  const merged: string[] = [];
  const port: SubflowPort = {
    async prepare(request) {
      requests.push(request);
      const refusal = opts.refuse?.[`${request.namespace}.${request.flowId}`];
      if (refusal) return { ok: false, error: refusal };
      const execution: Execution = {
        id: request.childId,
        tenantId: request.parent.tenantId,
        namespace: request.namespace,
        flowId: request.flowId,
        flowRevision: 1,
        inputs: request.inputs,
        labels: request.labels,
        state: "CREATED",
        histories: [{ state: "CREATED", date: "2026-01-01T00:00:00.000Z" }],
        outputs: null,
        variables: {},
        trigger: { kind: "subflow", id: request.taskId, parentTaskRunId: request.taskRunId, depth: request.depth, iteration: request.iteration, variables: { executionId: request.parent.id } },
        parentId: request.parent.id,
        originalId: null,
        scheduleDate: request.scheduleDate,
        version: 1,
      };
      return { ok: true, execution };
    },
    async split(request) {
      return { splits: `${request.items}.splits`, count: opts.batches ?? 0 };
    },
    async batches(_parent, splits) {
      return Array.from({ length: opts.batches ?? 0 }, (_, i) => `${splits}/batch-${i + 1}`);
    },
    async merge(request) {
      merged.push(request.itemsTaskRunId);
      return "kestra:///merged.jsonl";
    },
  };
  return { port, requests, merged };
}

const each = (extra: Record<string, unknown> = {}) => ({
  id: "each",
  type: `${P}flow.ForEachItem`,
  items: "{{ inputs.file }}",
  batch: { rows: 2 },
  namespace: "company.child",
  flowId: "child",
  inputs: { part: "{{ taskrun.items }}", n: "{{ taskrun.iteration }}" },
  ...extra,
});

const children = (work: Work[]) => work.flatMap((w) => (w.type === "subflow" ? [w.execution] : []));

describe("Subflow", () => {
  it("emits the child as `subflow` work in the step that decided it, with rendered inputs, and waits for it", async () => {
    const { port, requests } = fakePort();
    const d = new TestDriver(flow([subflow({ inputs: { name: "{{ inputs.who }}" } }), { id: "after", type: LOG, message: "x" }]), {
      subflows: port,
      execution: { inputs: { who: "Ada" } },
    });
    const r = await d.start();
    const [child] = children(r.work);
    expect(child).toMatchObject({ namespace: "company.child", flowId: "child", inputs: { name: "Ada" }, parentId: "exec-1" });
    expect(requests[0]).toMatchObject({ taskId: "call", depth: 1 });
    expect(d.taskRun("call")).toMatchObject({ state: "RUNNING", outputs: { executionId: child.id } });
    expect(d.summary()).toEqual(["call: RUNNING"]);

    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: child.id, state: "SUCCESS", outputs: { answer: 42 } });
    expect(d.taskRun("call")).toMatchObject({ state: "SUCCESS", outputs: { executionId: child.id, state: "SUCCESS", outputs: { answer: 42 } } });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["call: SUCCESS", "after: SUCCESS"]);
  });

  it("in a ForEach, one child per value (started together with concurrencyLimit 0), each task run waiting for its own", async () => {
    const { port, requests } = fakePort();
    const d = new TestDriver(flow([{ id: "loop", type: `${P}flow.ForEach`, values: ["a", "b"], concurrencyLimit: 0, tasks: [subflow({ inputs: { v: "{{ taskrun.value }}" } })] }]), { subflows: port });
    const started = children((await d.start()).work);
    expect(requests.map((r) => r.inputs)).toEqual([{ v: "a" }, { v: "b" }]);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call", "b").id, executionId: started[1].id, state: "SUCCESS", outputs: { x: 2 } });
    expect(d.summary()).toEqual(["loop: RUNNING", "call[a]: RUNNING", "call[b]: SUCCESS"]);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call", "a").id, executionId: started[0].id, state: "SUCCESS", outputs: { x: 1 } });
    expect(d.state.execution.state).toBe("SUCCESS");
    expect(d.taskRun("call", "a").outputs).toMatchObject({ executionId: started[0].id, outputs: { x: 1 } });
  });

  it("later tasks read the child's outputs as outputs.<id>.outputs", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow(), { id: "r", type: `${P}debug.Return`, format: "{{ outputs.call.outputs.answer }}" }]), { subflows: port });
    const r = await d.start();
    const [child] = children(r.work);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: child.id, state: "SUCCESS", outputs: { answer: "42" } });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.taskRun("r").outputs).toEqual({ value: "42" });
  });

  it("wait: false succeeds as soon as the child is created; its end changes nothing", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow({ wait: false })]), { subflows: port });
    const r = await d.start();
    const [child] = children(r.work);
    expect(d.state.execution.state).toBe("SUCCESS");
    expect(d.taskRun("call").state).toBe("SUCCESS");
    const late = await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: child.id, state: "FAILED" });
    expect(late.work).toEqual([]);
    expect(late.executionChanged).toBe(false);
  });

  it("a failed child fails the task run (transmitFailed is true by default)", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow()]), { subflows: port });
    const [child] = children((await d.start()).work);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: child.id, state: "FAILED" });
    expect(d.taskRun("call").state).toBe("FAILED");
    expect(d.state.execution.state).toBe("FAILED");
  });

  it("transmitFailed: false: a failed child leaves the task run SUCCESS", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow({ transmitFailed: false })]), { subflows: port });
    const [child] = children((await d.start()).work);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: child.id, state: "FAILED" });
    expect(d.taskRun("call")).toMatchObject({ state: "SUCCESS", outputs: { state: "FAILED" } });
    expect(d.state.execution.state).toBe("SUCCESS");
  });

  it("allowFailure makes a failed child a WARNING; a WARNING child gives WARNING", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow({ allowFailure: true }), subflow({ id: "call2" })]), { subflows: port });
    const [first] = children((await d.start()).work);
    const r = await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: first.id, state: "FAILED" });
    expect(d.taskRun("call").state).toBe("WARNING");
    const [second] = children(r.work);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call2").id, executionId: second.id, state: "WARNING" });
    expect(d.taskRun("call2").state).toBe("WARNING");
    expect(d.state.execution.state).toBe("WARNING");
  });

  it("an event naming another execution is stale", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow()]), { subflows: port });
    await d.start();
    const r = await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: "someone-else", state: "FAILED" });
    expect(r.work).toEqual([]);
    expect(d.taskRun("call").state).toBe("RUNNING");
  });

  it("a refusal fails the task run with its message and starts nothing", async () => {
    const { port } = fakePort({ refuse: { "company.child.child": "Subflow company.child.child: namespace company.child does not allow company.team" } });
    const d = new TestDriver(flow([subflow()]), { subflows: port });
    expect(await d.run()).toBe("FAILED");
    expect(children(d.work)).toEqual([]);
    expect(d.logs("ERROR")).toEqual(["Subflow company.child.child: namespace company.child does not allow company.team"]);
  });

  it("passes labels, the parent's too with inheritLabels (system labels left out), and scheduleDate", async () => {
    const { port, requests } = fakePort();
    const d = new TestDriver(flow([subflow({ inheritLabels: true, labels: { team: "{{ inputs.t }}", env: "child" }, scheduleDate: "2026-02-01T00:00:00Z" })]), {
      subflows: port,
      execution: { inputs: { t: "blue" }, labels: [{ key: "env", value: "prod" }, { key: "owner", value: "ada" }, { key: "system.correlationId", value: "x" }] },
    });
    await d.start();
    expect(requests[0].labels).toEqual([{ key: "owner", value: "ada" }, { key: "team", value: "blue" }, { key: "env", value: "child" }]);
    expect(requests[0].scheduleDate).toBe("2026-02-01T00:00:00Z");
  });

  it("labels are not inherited by default", async () => {
    const { port, requests } = fakePort();
    const d = new TestDriver(flow([subflow()]), { subflows: port, execution: { labels: [{ key: "owner", value: "ada" }] } });
    await d.start();
    expect(requests[0].labels).toEqual([]);
  });

  it("stops at the depth limit with a clear error", async () => {
    const { port, requests } = fakePort();
    const d = new TestDriver(flow([subflow()]), {
      subflows: port,
      execution: { trigger: { kind: "subflow", depth: MAX_SUBFLOW_DEPTH, variables: {} }, parentId: "up" },
    });
    expect(await d.run()).toBe("FAILED");
    expect(requests).toEqual([]);
    expect(d.logs("ERROR")[0]).toMatch(/^Subflow depth limit \(10\) reached: company\.child\.child would run at depth 11/);
  });

  it("a child of depth n asks for depth n + 1", async () => {
    const { port, requests } = fakePort();
    const d = new TestDriver(flow([subflow()]), { subflows: port, execution: { trigger: { kind: "subflow", depth: 3, variables: {} } } });
    await d.start();
    expect(requests[0].depth).toBe(4);
  });

  it("a killed parent ends the waiting task run KILLED and kills its children", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow()]), { subflows: port });
    const [child] = children((await d.start()).work);
    const r = await d.send({ type: "kill" });
    expect(r.work).toContainEqual({ type: "kill-children" });
    expect(d.taskRun("call").state).toBe("KILLED");
    expect(d.state.execution.state).toBe("KILLED");
    // the child's end afterwards is stale
    const late = await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: child.id, state: "KILLED" });
    expect(late.work).toEqual([]);
  });

  it("a kill without children asks for no child kill", async () => {
    const d = new TestDriver(flow([{ id: "p", type: `${P}flow.Pause` }]));
    await d.start();
    const r = await d.send({ type: "kill" });
    expect(r.work.some((w) => w.type === "kill-children")).toBe(false);
  });
});

describe("ForEachItem", () => {

  it("splits, starts one child per batch with taskrun.items and taskrun.iteration, counts them, merges, and sets its outputs", async () => {
    const { port, requests, merged } = fakePort({ batches: 3 });
    const d = new TestDriver(flow([each()]), { subflows: port, execution: { inputs: { file: "kestra:///company/team/parent/executions/exec-1/inputs/file/f.txt" } } });
    const r = await d.start();
    expect(d.summary()).toEqual(["each: RUNNING", "each_split: SUCCESS", "each_items: RUNNING"]);
    const started = children(r.work);
    expect(started).toHaveLength(3);
    expect(requests.map((q) => q.inputs)).toEqual([1, 2, 3].map((i) => ({ part: `kestra:///company/team/parent/executions/exec-1/inputs/file/f.txt.splits/batch-${i}`, n: String(i) })));
    expect(requests.map((q) => q.iteration)).toEqual([1, 2, 3]);
    const items = d.taskRun("each_items");
    expect(items.outputs).toEqual({ numberOfBatches: 3, iterations: { CREATED: 3 } });

    await d.send({ type: "subflow-ended", taskRunId: items.id, executionId: started[0].id, state: "SUCCESS" });
    await d.send({ type: "subflow-ended", taskRunId: items.id, executionId: started[1].id, state: "WARNING" });
    expect(d.taskRun("each_items")).toMatchObject({ state: "RUNNING", outputs: { iterations: { CREATED: 1, SUCCESS: 1, WARNING: 1 } } });
    await d.send({ type: "subflow-ended", taskRunId: items.id, executionId: started[2].id, state: "SUCCESS" });
    expect(merged).toEqual([items.id]);
    expect(d.summary()).toEqual(["each: WARNING", "each_split: SUCCESS", "each_items: WARNING", "each_merge: SUCCESS"]);
    expect(d.taskRun("each").outputs).toEqual({ numberOfBatches: 3, iterations: { SUCCESS: 2, WARNING: 1 }, uri: "kestra:///merged.jsonl" });
    expect(d.state.execution.state).toBe("WARNING");
  });

  it("starts many batches BATCHES_PER_STEP at a time, each step's share in its own step", async () => {
    const { port } = fakePort({ batches: 250 });
    const d = new TestDriver(flow([each({ wait: false })]), { subflows: port, maxTaskRuns: 1000, execution: { inputs: { file: "kestra:///x/f.txt" } } });
    const first = await d.start();
    expect(children(first.work)).toHaveLength(BATCHES_PER_STEP);
    expect(d.taskRun("each_items")).toMatchObject({ state: "RUNNING", outputs: { numberOfBatches: 250, iterations: { CREATED: 100 } } });
    // a batch that ends meanwhile is counted; the next share still starts where the last one stopped
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("each_items").id, executionId: children(first.work)[0].id, state: "SUCCESS" });
    const sizes = [];
    while (d.timers.length) {
      const before = d.work.length;
      await d.fireNextTimer();
      sizes.push(children(d.work.slice(before)).length);
    }
    expect(sizes).toEqual([100, 50]);
    const iterations = children(d.work).map((c) => c.trigger?.iteration);
    expect(new Set(iterations).size).toBe(250);
    expect(d.taskRun("each_items")).toMatchObject({ state: "SUCCESS", outputs: { iterations: { CREATED: 249, SUCCESS: 1 } } });
    expect(d.state.execution.state).toBe("SUCCESS");
  });

  it("wait: false ends once the children are created, without a merge", async () => {
    const { port } = fakePort({ batches: 2 });
    const d = new TestDriver(flow([each({ wait: false })]), { subflows: port, execution: { inputs: { file: "kestra:///x/f.txt" } } });
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["each: SUCCESS", "each_split: SUCCESS", "each_items: SUCCESS"]);
    expect(d.taskRun("each").outputs).toEqual({ numberOfBatches: 2, iterations: { CREATED: 2 } });
  });

  it("a failed batch fails it (transmitFailed by default), its errors run, no merge", async () => {
    const { port } = fakePort({ batches: 1 });
    const d = new TestDriver(flow([each({ errors: [{ id: "on_error", type: LOG, message: "x" }] })]), { subflows: port, execution: { inputs: { file: "kestra:///x/f.txt" } } });
    const [child] = children((await d.start()).work);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("each_items").id, executionId: child.id, state: "FAILED" });
    expect(await d.run()).toBe("FAILED");
    expect(d.summary()).toEqual(["each: FAILED", "each_split: SUCCESS", "each_items: FAILED", "on_error: SUCCESS"]);
  });

  it("one refused batch starts none of them", async () => {
    const { port } = fakePort({ batches: 2, refuse: { "company.child.child": "Subflow company.child.child: no such flow" } });
    const d = new TestDriver(flow([each()]), { subflows: port, execution: { inputs: { file: "kestra:///x/f.txt" } } });
    expect(await d.run()).toBe("FAILED");
    expect(children(d.work)).toEqual([]);
    expect(d.logs("ERROR")).toEqual(["batch 1: Subflow company.child.child: no such flow"]);
  });

  it("a split refused by the port (too many batches) fails with its message", async () => {
    const { port } = fakePort();
    port.split = async (request) => {
      throw new Error(`the items make 20 batches, more than the limit of ${request.max} (limits.maxTaskRuns): use larger batches`);
    };
    const d = new TestDriver(flow([each()]), { subflows: port, maxTaskRuns: 10, execution: { inputs: { file: "kestra:///x/f.txt" } } });
    expect(await d.run()).toBe("FAILED");
    expect(d.logs("ERROR")).toEqual(["the items make 20 batches, more than the limit of 10 (limits.maxTaskRuns): use larger batches"]);
  });

  it("a killed parent kills its batches", async () => {
    const { port } = fakePort({ batches: 2 });
    const d = new TestDriver(flow([each()]), { subflows: port, execution: { inputs: { file: "kestra:///x/f.txt" } } });
    await d.start();
    const r = await d.send({ type: "kill" });
    expect(r.work).toContainEqual({ type: "kill-children" });
    expect(d.state.execution.state).toBe("KILLED");
  });
});

describe("restart", () => {
  const restart = (d: TestDriver, flowables: string[]) => {
    const r = restartState(d.state, { now: d.now, isFlowable: (id) => flowables.includes(id) })!;
    d.state = r.state;
    return d.send({ type: "restarted" });
  };

  it("a restarted Subflow starts a new child; the old child's end is stale", async () => {
    const { port } = fakePort();
    const d = new TestDriver(flow([subflow()]), { subflows: port });
    const [first] = children((await d.start()).work);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: first.id, state: "FAILED" });
    expect(d.state.execution.state).toBe("FAILED");
    const r = await restart(d, ["call"]);
    const [second] = children(r.work);
    expect(second.id).not.toBe(first.id);
    expect(d.taskRun("call")).toMatchObject({ state: "RUNNING", outputs: { executionId: second.id } });
    expect((await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: first.id, state: "FAILED" })).work).toEqual([]);
    await d.send({ type: "subflow-ended", taskRunId: d.taskRun("call").id, executionId: second.id, state: "SUCCESS" });
    expect(d.state.execution.state).toBe("SUCCESS");
  });

  it("a restarted ForEachItem starts its batches again and then merges", async () => {
    const { port } = fakePort({ batches: 2 });
    const d = new TestDriver(flow([each()]), { subflows: port, execution: { inputs: { file: "kestra:///x/f.txt" } } });
    const started = children((await d.start()).work);
    const items = d.taskRun("each_items").id;
    await d.send({ type: "subflow-ended", taskRunId: items, executionId: started[0].id, state: "SUCCESS" });
    await d.send({ type: "subflow-ended", taskRunId: items, executionId: started[1].id, state: "FAILED" });
    expect(d.summary()).toEqual(["each: FAILED", "each_split: SUCCESS", "each_items: FAILED"]);
    const again = children((await restart(d, ["each", "each_items"])).work);
    expect(again).toHaveLength(2);
    expect(d.taskRun("each_items").outputs).toEqual({ numberOfBatches: 2, iterations: { CREATED: 2 } });
    for (const c of again) await d.send({ type: "subflow-ended", taskRunId: items, executionId: c.id, state: "SUCCESS" });
    expect(d.summary()).toEqual(["each: SUCCESS", "each_split: SUCCESS", "each_items: SUCCESS", "each_merge: SUCCESS"]);
    expect(d.taskRun("each").outputs).toMatchObject({ numberOfBatches: 2, iterations: { SUCCESS: 2 } });
  });
});
