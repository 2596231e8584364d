import { describe, expect, it } from "vitest";
import { dagEntries, isTruthy, resolveType, taskList } from "./flow";
import { retryDelay, seededFraction } from "./retry";

describe("retryDelay", () => {
  it("constant: the interval until maxAttempts", () => {
    const policy = { type: "constant", interval: "PT5S", maxAttempts: 3 };
    expect([1, 2, 3].map((n) => retryDelay(policy, n, 0, "k"))).toEqual([5000, 5000, null]);
  });

  it("exponential: interval * delayFactor^(n-1), capped by maxInterval", () => {
    const policy = { type: "exponential", interval: "PT1S", maxInterval: "PT10S", delayFactor: 3 };
    expect([1, 2, 3, 4].map((n) => retryDelay(policy, n, 0, "k"))).toEqual([1000, 3000, 9000, 10000]);
  });

  it("exponential: the factor is 2 by default", () => {
    expect(retryDelay({ type: "exponential", interval: "PT1S", maxInterval: "PT1M" }, 3, 0, "k")).toBe(4000);
  });

  it("random: the same key gives the same delay, within the bounds", () => {
    const policy = { type: "random", minInterval: "PT1S", maxInterval: "PT2S" };
    const a = retryDelay(policy, 1, 0, "tr-1:1");
    expect(a).toBe(retryDelay(policy, 1, 0, "tr-1:1"));
    expect(a).toBeGreaterThanOrEqual(1000);
    expect(a).toBeLessThanOrEqual(2000);
  });

  it("maxDuration: no retry that would start past it", () => {
    const policy = { type: "constant", interval: "PT10S", maxDuration: "PT30S" };
    expect(retryDelay(policy, 1, 20_000, "k")).toBe(10_000);
    expect(retryDelay(policy, 1, 20_001, "k")).toBeNull();
  });

  it("seededFraction stays in [0, 1)", () => {
    for (let i = 0; i < 1000; i++) {
      const f = seededFraction(`k${i}`);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });
});

describe("flow helpers", () => {
  it("isTruthy as the orchestrator", () => {
    expect([true, "true", "1", "yes", "FALSE", "null", " x "].map(isTruthy)).toEqual([true, true, true, true, true, true, true]);
    expect([false, null, undefined, "false", "0", "-0", "", "  "].map(isTruthy)).toEqual(Array(8).fill(false));
  });

  it("taskList drops disabled tasks and entries that are not tasks", () => {
    const list = taskList([{ id: "a", type: "t" }, { id: "b", type: "t", disabled: true }, "junk", { id: "c" }]);
    expect(list.map((t) => t.id)).toEqual(["a"]);
    expect(taskList(undefined)).toEqual([]);
  });

  it("dagEntries keeps dependsOn and drops disabled tasks", () => {
    const entries = dagEntries([{ task: { id: "a", type: "t" } }, { task: { id: "b", type: "t" }, dependsOn: ["a"] }, { task: { id: "c", type: "t", disabled: true } }]);
    expect(entries.map((e) => [e.task.id, e.dependsOn])).toEqual([["a", []], ["b", ["a"]]]);
  });

  it("resolveType reads aliases and kinds from the catalogue", () => {
    expect(resolveType("io.kestra.core.tasks.flows.Sequential")).toEqual({ name: "flow.Sequential", kind: "flowable" });
    expect(resolveType("io.kestra.plugin.core.execution.Labels")).toEqual({ name: "execution.Labels", kind: "execution-updating" });
    expect(resolveType("io.kestra.plugin.core.flow.Subflow")).toEqual({ name: "flow.Subflow", kind: "executable" });
    expect(resolveType("io.kestra.plugin.core.log.Log")).toEqual({ name: "log.Log", kind: "runnable" });
    expect(resolveType("com.example.Unknown").kind).toBe("unknown");
  });
});
