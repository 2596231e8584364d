import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { countTasks, flowOutline, shortType } from "./outline";

const corpus = (name: string) => parse(fs.readFileSync(path.join(__dirname, "validation/corpus/valid", name), "utf8"));

describe("the flow outline", () => {
  it("nests flowable tasks with their branches", () => {
    const o = flowOutline(corpus("03-nested-flowables.yaml"));
    const outer = o.tasks[0];
    expect(outer).toMatchObject({ id: "outer", type: "io.kestra.plugin.core.flow.Sequential" });
    expect(outer.branches.map((b) => b.label)).toEqual(["tasks", "errors", "finally"]);
    const branch = outer.branches[0].tasks[0].branches[0].tasks[0];
    expect(branch.id).toBe("branch");
    expect(branch.branches.map((b) => b.label)).toEqual(["then", "else"]);
    const route = branch.branches[0].tasks[0];
    // plain objects list integer-like keys first
    expect(route.branches.map((b) => b.label)).toEqual(["case 1", "case a", "defaults"]);
  });

  it("unwraps Dag entries and keeps their dependencies", () => {
    const o = flowOutline(corpus("04-dag.yaml"));
    const dag = o.tasks[0];
    expect(dag.branches[0].tasks.map((t) => [t.id, t.dependsOn])).toEqual([
      ["task1", []],
      ["task2", ["task1"]],
      ["task3", ["task1"]],
      ["task4", ["task2", "task3"]],
    ]);
    expect(dag.branches[0].tasks[2].branches[0].tasks[0].id).toBe("task3_inner");
    expect(countTasks(o.tasks)).toBe(7); // the Dag, its four entries, task3_inner and its finally task
  });

  it("lists inputs with their types, labels in either form, triggers and after-task blocks", () => {
    const o = flowOutline(
      parse(`id: f
namespace: n
description: Loads data
labels:
  - key: env
    value: prod
inputs:
  - id: day
    type: DATE
    required: false
  - id: name
    type: STRING
    defaults: world
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: hi
errors:
  - id: alert
    type: io.kestra.plugin.core.log.Log
    message: failed
triggers:
  - id: nightly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 2 * * *"
`),
    );
    expect(o.description).toBe("Loads data");
    expect(o.labels).toEqual([{ key: "env", value: "prod" }]);
    expect(o.inputs).toEqual([
      { id: "day", type: "DATE", required: false, defaults: null, description: null },
      { id: "name", type: "STRING", required: true, defaults: "world", description: null },
    ]);
    expect(o.blocks).toEqual([{ label: "errors", tasks: [expect.objectContaining({ id: "alert" })] }]);
    expect(o.triggers).toEqual([{ id: "nightly", type: "io.kestra.plugin.core.trigger.Schedule", detail: "cron 0 2 * * *", disabled: false }]);
  });

  it("copes with something that is not a flow at all", () => {
    expect(flowOutline("just text")).toMatchObject({ tasks: [], inputs: [], triggers: [], labels: [] });
  });

  it("shortens core type names", () => {
    expect(shortType("io.kestra.plugin.core.flow.If")).toBe("flow.If");
    expect(shortType("io.kestra.core.tasks.log.Log")).toBe("log.Log");
    expect(shortType("com.example.Custom")).toBe("com.example.Custom");
  });
});
