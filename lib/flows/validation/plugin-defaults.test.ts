import { describe, expect, it } from "vitest";
import { declaredNamespace, type NamespaceDefault, validateFlowSource } from "./index";

const flow = (task: string, extra = "") =>
  ["id: f", "namespace: company.team", "tasks:", "  - id: hello", "    type: io.kestra.plugin.core.log.Log", task, extra].filter(Boolean).join("\n");

const ns = (property: string, value: unknown, namespace = "company", forced = false, type = "io.kestra.plugin.core.log.Log"): NamespaceDefault => ({
  type,
  property,
  value,
  namespace,
  forced,
});

describe("plugin defaults before validation", () => {
  it("refuses a Log without message when no default supplies it", () => {
    const result = validateFlowSource(flow(""));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message)).toEqual(['missing required property "message" for io.kestra.plugin.core.log.Log']);
  });

  it("accepts it when the namespace chain supplies message, and says where it came from", () => {
    const result = validateFlowSource(flow(""), { namespaceDefaults: [ns("message", "hi")] });
    expect(result.ok ? result.defaults : result.problems).toEqual([
      { path: "tasks[0]", line: 4, id: "hello", type: "io.kestra.plugin.core.log.Log", property: "message", namespace: "company", forced: false, overrides: false },
    ]);
  });

  it("lets the task's own value and then the flow's own defaults win over the namespace's", () => {
    const own = validateFlowSource(flow("    message: mine"), { namespaceDefaults: [ns("message", "theirs")] });
    expect(own.ok && own.defaults).toEqual([]);
    const source = flow("", "pluginDefaults:\n  - type: io.kestra.plugin.core.log.Log\n    values:\n      message: flow's");
    const result = validateFlowSource(source, { namespaceDefaults: [ns("message", "theirs")] });
    expect(result.ok && result.defaults.map((d) => [d.property, d.namespace ?? "flow"])).toEqual([["message", "flow"]]);
  });

  it("lets a forced namespace default replace the task's value, and reports the bad value it brings", () => {
    const result = validateFlowSource(flow("    message: hi\n    level: INFO"), { namespaceDefaults: [ns("level", "LOUD", "company", true)] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ path: "tasks[0].level", message: expect.stringContaining("(forced by the plugin defaults of namespace company)") }),
    ]);
    expect(result.defaults).toEqual([expect.objectContaining({ property: "level", forced: true, overrides: true, namespace: "company" })]);
  });

  it("merges a map default under the task's own map (a retry's interval from the namespace)", () => {
    const task = "    message: hi\n    retry:\n      type: constant\n      maxAttempts: 3";
    expect(validateFlowSource(flow(task)).ok).toBe(false);
    const retry = ns("retry", { type: "constant", interval: "PT1M" }, "company", false, "io.kestra.plugin.core");
    const result = validateFlowSource(flow(task), { namespaceDefaults: [retry] });
    expect(result.ok ? result.defaults.map((d) => d.property) : result.problems).toEqual(["retry"]);
  });

  it("applies to triggers too", () => {
    const source = flow("    message: hi", "triggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule");
    expect(validateFlowSource(source).ok).toBe(false);
    const cron = ns("cron", "@daily", "company.team", false, "io.kestra.plugin.core.trigger.Schedule");
    const result = validateFlowSource(source, { namespaceDefaults: [cron] });
    expect(result.ok ? result.defaults.map((d) => [d.path, d.property]) : result.problems).toEqual([["triggers[0]", "cron"]]);
  });
});

describe("declaredNamespace", () => {
  it("reads the top-level namespace, quoted or followed by a comment, and never a task's", () => {
    expect(declaredNamespace("id: a\nnamespace: company.team\n")).toBe("company.team");
    expect(declaredNamespace('id: a\nnamespace: "company.team" # where it lives\n')).toBe("company.team");
    expect(declaredNamespace("id: a\ntasks:\n  - id: s\n    namespace: other\n")).toBeUndefined();
    expect(declaredNamespace("{id: a, namespace: x}")).toBeUndefined();
  });
});
