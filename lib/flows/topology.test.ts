import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { flowTopology, flowTriggerSources, type Topology, withDependencies } from "./topology";

const flow = (yaml: string) => flowTopology(parse(yaml));
const corpus = (name: string) => flowTopology(parse(fs.readFileSync(path.join(__dirname, "validation/corpus/valid", name), "utf8")));
const edges = (t: Topology) => t.edges.map((e) => `${e.source} -> ${e.target}${e.kind === "flow" ? "" : ` (${e.kind})`}${e.label ? ` [${e.label}]` : ""}`);
const node = (t: Topology, id: string) => t.nodes.find((n) => n.id === id);
const children = (t: Topology, parent: string) => t.nodes.filter((n) => n.parent === parent).map((n) => n.id);
const task = (id: string, type = "log.Log") => `{ id: ${id}, type: io.kestra.plugin.core.${type}, message: x }`;

describe("a flow's topology", () => {
  it("chains top-level tasks from start to end, task ids as node ids", () => {
    const t = flow(`id: f\nnamespace: n\ntasks:\n  - ${task("a")}\n  - ${task("b")}\n  - ${task("c")}`);
    expect(t.nodes.map((n) => [n.id, n.kind])).toEqual([
      [":start", "start"],
      ["a", "task"],
      ["b", "task"],
      ["c", "task"],
      [":end", "end"],
    ]);
    expect(edges(t)).toEqual([":start -> a", "a -> b", "b -> c", "c -> :end"]);
    expect(node(t, "a")).toMatchObject({ label: "a", type: "io.kestra.plugin.core.log.Log", parent: null });
  });

  it("makes triggers entry nodes leading to the start", () => {
    const t = flow(`id: f
namespace: n
tasks: [${task("a")}]
triggers:
  - { id: daily, type: io.kestra.plugin.core.trigger.Schedule, cron: "0 9 * * *" }
  - { id: hook, type: io.kestra.plugin.core.trigger.Webhook, key: k, disabled: true }`);
    expect(node(t, "trigger:daily")).toMatchObject({ kind: "trigger", label: "daily", type: "io.kestra.plugin.core.trigger.Schedule" });
    expect(node(t, "trigger:hook")?.disabled).toBe(true);
    expect(edges(t)).toEqual(["trigger:daily -> :start (trigger)", "trigger:hook -> :start (trigger)", ":start -> a", "a -> :end"]);
  });

  it("chains a Sequential's children inside its cluster", () => {
    const t = flow(`id: f\nnamespace: n\ntasks:\n  - id: seq\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks: [${task("a")}, ${task("b")}]\n  - ${task("c")}`);
    expect(node(t, "seq")).toMatchObject({ kind: "cluster", mode: "sequence", parent: null });
    expect(children(t, "seq")).toEqual(["a", "b"]);
    expect(edges(t)).toEqual(["a -> b", ":start -> seq", "seq -> c", "c -> :end"]);
  });

  it("fans a Parallel out from its start to its end", () => {
    const t = flow(`id: f\nnamespace: n\ntasks:\n  - id: par\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks: [${task("a")}, ${task("b")}]`);
    expect(node(t, "par")?.mode).toBe("parallel");
    expect(children(t, "par")).toEqual(["par:start", "par:end", "a", "b"]);
    expect(edges(t)).toContain("par:start -> a");
    expect(edges(t)).toContain("par:start -> b");
    expect(edges(t)).toContain("a -> par:end");
    expect(edges(t)).toContain("b -> par:end");
  });

  it("runs loops (ForEach, EachSequential) as a sequence and EachParallel in parallel", () => {
    const t = flow(`id: f
namespace: n
tasks:
  - { id: each, type: io.kestra.plugin.core.flow.ForEach, values: [1, 2], tasks: [${task("a")}, ${task("b")}] }
  - { id: seq, type: io.kestra.plugin.core.flow.EachSequential, value: [1], tasks: [${task("c")}] }
  - { id: par, type: io.kestra.plugin.core.flow.EachParallel, value: [1], tasks: [${task("d")}, ${task("e")}] }`);
    expect(node(t, "each")?.mode).toBe("loop");
    expect(edges(t)).toContain("a -> b");
    expect(children(t, "seq")).toEqual(["c"]);
    expect(node(t, "par")?.mode).toBe("parallel");
    expect(edges(t)).toEqual(expect.arrayContaining(["par:start -> d", "par:start -> e", "d -> par:end", "e -> par:end"]));
  });

  it("labels an If's then and else branches, and goes straight on without else", () => {
    const withElse = flow(`id: f\nnamespace: n\ntasks:\n  - id: check\n    type: io.kestra.plugin.core.flow.If\n    condition: "{{ true }}"\n    then: [${task("yes")}, ${task("yes2")}]\n    else: [${task("no")}]`);
    expect(node(withElse, "check")?.mode).toBe("branches");
    expect(edges(withElse)).toEqual(
      expect.arrayContaining(["check:start -> yes [then]", "yes -> yes2", "yes2 -> check:end", "check:start -> no [else]", "no -> check:end"]),
    );
    const noElse = flow(`id: f\nnamespace: n\ntasks:\n  - id: check\n    type: io.kestra.plugin.core.flow.If\n    condition: "{{ true }}"\n    then: [${task("yes")}]`);
    expect(edges(noElse)).toContain("check:start -> check:end [else]");
  });

  it("gives a Switch one branch per case and one for defaults", () => {
    const t = flow(`id: f
namespace: n
tasks:
  - id: route
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.x }}"
    cases:
      a: [${task("ca")}]
      b: [${task("cb")}]
    defaults: [${task("other")}]`);
    expect(children(t, "route")).toEqual(["route:start", "route:end", "ca", "cb", "other"]);
    expect(edges(t)).toEqual(expect.arrayContaining(["route:start -> ca [a]", "route:start -> cb [b]", "route:start -> other [defaults]"]));
  });

  it("draws a Dag's dependsOn as edges, roots from its start and leaves to its end", () => {
    const t = corpus("04-dag.yaml");
    const dag = t.nodes.find((n) => n.mode === "dag")!;
    expect(children(t, dag.id)).toEqual(expect.arrayContaining(["task1", "task2", "task3", "task4"]));
    const e = edges(t);
    expect(e).toEqual(
      expect.arrayContaining([
        `${dag.id}:start -> task1`,
        "task1 -> task2 (dependsOn)",
        "task1 -> task3 (dependsOn)",
        "task2 -> task4 (dependsOn)",
        "task3 -> task4 (dependsOn)",
        `task4 -> ${dag.id}:end`,
      ]),
    );
    expect(e).not.toContain(`${dag.id}:start -> task2`);
    expect(e).not.toContain(`task1 -> ${dag.id}:end`);
  });

  it("nests AllowFailure and WorkingDirectory as clusters with their children", () => {
    const t = flow(`id: f
namespace: n
tasks:
  - { id: tolerant, type: io.kestra.plugin.core.flow.AllowFailure, tasks: [${task("risky", "execution.Fail")}] }
  - { id: wd, type: io.kestra.plugin.core.flow.WorkingDirectory, tasks: [${task("w1")}, ${task("w2")}] }`);
    expect(node(t, "tolerant")).toMatchObject({ kind: "cluster", mode: "sequence" });
    expect(children(t, "tolerant")).toEqual(["risky"]);
    expect(children(t, "wd")).toEqual(["w1", "w2"]);
    expect(edges(t)).toEqual(expect.arrayContaining(["w1 -> w2", "tolerant -> wd"]));
  });

  it("hangs errors and finally off the flow, errors leading into finally", () => {
    const t = flow(`id: f\nnamespace: n\ntasks: [${task("a")}]\nerrors: [${task("alert")}]\nfinally: [${task("cleanup")}, ${task("bye")}]`);
    expect(node(t, ":errors")).toMatchObject({ kind: "block", label: "errors", parent: null });
    expect(children(t, ":errors")).toEqual(["alert"]);
    expect(children(t, ":finally")).toEqual(["cleanup", "bye"]);
    expect(edges(t)).toEqual([
      ":start -> a",
      "a -> :errors (error) [on failure]",
      "cleanup -> bye",
      "a -> :finally (finally)",
      ":errors -> :finally (finally)",
      ":finally -> :end",
    ]);
  });

  it("without finally, both the tasks and errors lead to the end", () => {
    const t = flow(`id: f\nnamespace: n\ntasks: [${task("a")}]\nerrors: [${task("alert")}]`);
    expect(edges(t)).toEqual([":start -> a", "a -> :errors (error) [on failure]", "a -> :end", ":errors -> :end"]);
  });

  it("keeps a flowable task's own errors and finally inside its cluster", () => {
    const t = corpus("03-nested-flowables.yaml");
    expect(node(t, "outer:errors")).toMatchObject({ kind: "block", parent: "outer" });
    expect(node(t, "outer:finally")).toMatchObject({ kind: "block", parent: "outer" });
    expect(t.edges.find((e) => e.target === "outer:errors")?.kind).toBe("error");
    // every node but the top ones sits in a cluster that exists
    const ids = new Set(t.nodes.map((n) => n.id));
    for (const n of t.nodes) if (n.parent) expect(ids.has(n.parent)).toBe(true);
    for (const e of t.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it("puts afterExecution after the end", () => {
    const t = flow(`id: f\nnamespace: n\ntasks: [${task("a")}]\nafterExecution: [${task("notify")}]`);
    expect(children(t, ":afterExecution")).toEqual(["notify"]);
    expect(edges(t)).toContain(":end -> :afterExecution (after)");
  });

  it("makes Subflow and ForEachItem tasks nodes naming their target, expressions left out", () => {
    const t = flow(`id: f
namespace: n
tasks:
  - { id: call, type: io.kestra.plugin.core.flow.Subflow, namespace: company.other, flowId: child }
  - { id: items, type: io.kestra.plugin.core.flow.ForEachItem, items: "{{ x }}", namespace: company.other, flowId: batch }
  - { id: legacy, type: io.kestra.core.tasks.flows.Flow, namespace: old, flowId: legacy-child }
  - { id: dynamic, type: io.kestra.plugin.core.flow.Subflow, namespace: "{{ inputs.ns }}", flowId: child }`);
    expect(node(t, "call")).toMatchObject({ kind: "subflow", target: { namespace: "company.other", flowId: "child" } });
    expect(node(t, "items")).toMatchObject({ kind: "subflow", target: { namespace: "company.other", flowId: "batch" } });
    expect(node(t, "legacy")).toMatchObject({ kind: "subflow", target: { namespace: "old", flowId: "legacy-child" } });
    expect(node(t, "dynamic")).toMatchObject({ kind: "subflow" });
    expect(node(t, "dynamic")?.target).toBeUndefined();
  });

  it("reads legacy type names as the same kinds", () => {
    const t = flow(`id: f\nnamespace: n\ntasks:\n  - { id: p, type: io.kestra.core.tasks.flows.Parallel, tasks: [${task("a")}] }`);
    expect(node(t, "p")?.mode).toBe("parallel");
  });

  it("shows what it can of an odd flow", () => {
    expect(flowTopology(null).nodes.map((n) => n.id)).toEqual([":start", ":end"]);
    expect(edges(flowTopology(null))).toEqual([":start -> :end"]);
  });

  it("lays out the corpus's every flow without dangling edges", () => {
    const dir = path.join(__dirname, "validation/corpus/valid");
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const t = corpus(name);
      const ids = t.nodes.map((n) => n.id);
      expect(new Set(ids).size, name).toBe(ids.length);
      for (const e of t.edges) expect(ids.includes(e.source) && ids.includes(e.target), `${name}: ${e.id}`).toBe(true);
    }
  });
});

describe("a Flow trigger's upstream flows", () => {
  it("reads ExecutionFlow conditions (nested in MultipleCondition too), preconditions and dependsOn", () => {
    const [trigger] = parse(`
- id: on-upstream
  type: io.kestra.plugin.core.trigger.Flow
  conditions:
    - { type: io.kestra.plugin.core.condition.ExecutionFlow, namespace: a, flowId: one }
    - { type: io.kestra.plugin.core.condition.ExecutionStatus, in: [SUCCESS] }
    - type: io.kestra.plugin.core.condition.MultipleCondition
      id: both
      window: PT1H
      conditions:
        first: { type: io.kestra.core.models.conditions.types.ExecutionFlowCondition, namespace: b, flowId: two }
  preconditions:
    flows:
      - { namespace: c, flowId: three }
      - { namespace: a, flowId: one }
      - { namespace: "{{ x }}", flowId: four }
  dependsOn:
    - { namespace: d, flowId: five }
    - { namespace: d }`);
    expect(flowTriggerSources(trigger)).toEqual([
      { namespace: "a", flowId: "one" },
      { namespace: "b", flowId: "two" },
      { namespace: "c", flowId: "three" },
      { namespace: "d", flowId: "five" },
    ]);
    expect(flowTriggerSources({ id: "s", type: "io.kestra.plugin.core.trigger.Schedule", conditions: [{ type: "io.kestra.plugin.core.condition.ExecutionFlow", namespace: "a", flowId: "b" }] })).toEqual([]);
  });
});

describe("the topology with the flows around it", () => {
  it("links callers, upstream flows, called flows and triggered flows", () => {
    const t = flow(`id: f
namespace: n
tasks:
  - { id: call, type: io.kestra.plugin.core.flow.Subflow, namespace: x, flowId: child }
triggers:
  - { id: after-up, type: io.kestra.plugin.core.trigger.Flow, conditions: [{ type: io.kestra.plugin.core.condition.ExecutionFlow, namespace: u, flowId: up }] }`);
    const g = withDependencies(t, {
      calls: [{ namespace: "x", flowId: "child" }],
      callers: [{ namespace: "p", flowId: "parent" }],
      triggeredBy: [{ namespace: "u", flowId: "up" }],
      triggers: [{ namespace: "d", flowId: "down" }],
    });
    expect(node(g, "flow:x/child")).toMatchObject({ kind: "flow", label: "child", target: { namespace: "x", flowId: "child" } });
    expect(edges(g)).toEqual(
      expect.arrayContaining([
        "flow:p/parent -> :start (caller) [runs it]",
        "flow:u/up -> trigger:after-up (trigger) [ends]",
        "call -> flow:x/child (calls)",
        ":end -> flow:d/down (trigger) [triggers]",
      ]),
    );
    // a called flow that the user may not read is not listed, so it gets no node
    expect(withDependencies(t, { calls: [], callers: [], triggeredBy: [], triggers: [] }).nodes).toEqual(t.nodes);
  });
});
