import { describe, expect, it } from "vitest";
import { withPluginDefaults } from "./plugin-defaults";
import { render } from "../expressions";
import { maskDeep, renderDeep, renderTyped } from "./render-deep";
import { run } from "./test-support";

const LOG = "io.kestra.plugin.core.log.Log";
const RETURN = "io.kestra.plugin.core.debug.Return";

describe("plugin defaults at run time", () => {
  const flow = (pluginDefaults: unknown[], task: Record<string, unknown>) => ({ id: "hello", namespace: "company.team", tasks: [task], pluginDefaults });

  it("fill what the task leaves unset, matching by type or by package; the task's own value wins", async () => {
    const task = { id: "l", type: LOG, message: "m" };
    const byPackage = await run(task, { flow: flow([{ type: "io.kestra.plugin.core.log", values: { level: "WARN" } }], task) });
    expect(byPackage.logs).toEqual([{ level: "WARN", message: "m" }]);
    const own = { ...task, level: "ERROR" };
    const kept = await run(own, { flow: flow([{ type: LOG, values: { level: "WARN" } }], own) });
    expect(kept.logs[0].level).toBe("ERROR");
    // an alias names the same type
    const aliased = await run(task, { flow: flow([{ type: "io.kestra.core.tasks.log.Log", values: { level: "DEBUG" } }], task) });
    expect(aliased.logs[0].level).toBe("DEBUG");
  });

  it("a forced default wins over the task's value, and the namespace's forced one over the flow's", async () => {
    const task = { id: "l", type: LOG, message: "m", level: "ERROR" };
    const forced = await run(task, { flow: flow([{ type: LOG, forced: true, values: { level: "WARN" } }], task) });
    expect(forced.logs[0].level).toBe("WARN");
    const both = await run(task, {
      flow: flow([{ type: LOG, forced: true, values: { level: "WARN" } }], task),
      namespaceDefaults: [{ type: "io.kestra.plugin.core", property: "level", value: "DEBUG", namespace: "company", forced: true }],
    });
    expect(both.logs[0].level).toBe("DEBUG");
  });

  it("the flow's own default comes before the namespace's (nearest first)", async () => {
    const task = { id: "r", type: RETURN };
    const { result } = await run(task, {
      flow: flow([{ type: RETURN, values: { format: "flow" } }], task),
      namespaceDefaults: [{ type: RETURN, property: "format", value: "namespace", namespace: "company", forced: false }],
    });
    expect(result.outputs).toEqual({ value: "flow" });
    const nsOnly = await run(task, { namespaceDefaults: [{ type: RETURN, property: "format", value: "{{ flow.namespace }}", namespace: "company", forced: false }] });
    expect(nsOnly.result.outputs).toEqual({ value: "company.team" });
  });
});

describe("failures are results, never exceptions", () => {
  it("a render error names the property and the expression's position", async () => {
    const { result } = await run({ id: "r", type: RETURN, format: "{{ nope.x }}" });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/^Cannot render property "format": .*nope.*\(line 1, column \d+\)$/);
  });

  it("an unknown type, or one the executor runs itself, fails the attempt", async () => {
    expect((await run({ id: "x", type: "io.kestra.plugin.core.log.Nope" })).result).toEqual({ state: "FAILED", error: 'Unknown task type "io.kestra.plugin.core.log.Nope"' });
    const seq = await run({ id: "x", type: "io.kestra.plugin.core.flow.Sequential", tasks: [] });
    expect(seq.result).toEqual({ state: "FAILED", error: "Task type io.kestra.plugin.core.flow.Sequential does not run on a worker" });
  });

  it("secret() without a tenant's secret fails with the function's message", async () => {
    const { result } = await run({ id: "r", type: RETURN, format: "{{ secret('NOPE') }}" }, { tenantId: "t-no-such-tenant" });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/cannot find secret for key 'NOPE'/);
  });
});

describe("the output bound", () => {
  it("fails a task whose outputs exceed the limit, naming the limit and the setting", async () => {
    const big = { id: "r", type: RETURN, format: "x".repeat(2000) };
    const { result } = await run(big, { maxOutputBytes: 1000 });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/outputs are 2012 bytes, more than the limit of 1000 bytes per task \(setting TENANTFLOW_MAX_TASK_OUTPUT_SIZE\)/);
    expect((await run(big, { maxOutputBytes: 2012 })).result.state).toBe("SUCCESS");
  });
});

describe("renderDeep, renderTyped and maskDeep", () => {
  it("renderTyped keeps a lone expression's type, renders anything else to text", async () => {
    const r = (s: string) => render(s, { outputs: { a: { values: { k: [1, "x"] } } }, n: 3 }).then((x) => x.output);
    expect(await renderTyped("{{ outputs.a.values }}", r)).toEqual({ k: [1, "x"] });
    expect(await renderTyped(" {{- n | abs -}} ", r)).toBe(3);
    expect(await renderTyped("{{ n > 2 }}", r)).toBe(true);
    expect(await renderTyped("{{ n }} items", r)).toBe("3 items");
    expect(await renderTyped("{{ n }}{{ n }}", r)).toBe("33");
  });

  it("renders a key that turns into __proto__ as a plain key", async () => {
    const out = (await renderDeep({ "{{k}}": { a: 1 } }, async (s) => (s === "{{k}}" ? "__proto__" : s))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });

  it("masks secrets in every string, keys included, longest first", () => {
    const masked = maskDeep({ a: "pw=s3cr3t!", list: ["s3cr3t", 3], "k-s3cr3t": true }, new Set(["s3cr3t", "s3cr3t!"]));
    expect(masked).toEqual({ a: "pw=******", list: ["******", 3], "k-******": true });
  });
});

describe("withPluginDefaults", () => {
  it("applies shared properties too (what the executor reads), and leaves unknown types alone", () => {
    const flow = { pluginDefaults: [{ type: "io.kestra.plugin.core", values: { timeout: "PT1M", allowFailure: true } }] };
    expect(withPluginDefaults(flow, { id: "s", type: "io.kestra.plugin.core.flow.Sequential", tasks: [] }, [])).toMatchObject({ timeout: "PT1M", allowFailure: true });
    const unknown = { id: "x", type: "com.example.Nope" };
    expect(withPluginDefaults(flow, unknown, [])).toBe(unknown);
  });
});
