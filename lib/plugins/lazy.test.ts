import { describe, expect, it, vi } from "vitest";
import { PLUGIN_RUNTIMES } from "../../plugins/runtimes";
import type { RunnerContext, TaskRunner } from "../executions/tasks/types";
import { lazyRunners } from "./lazy";

const ctx = {} as RunnerContext;

describe("lazyRunners", () => {
  it("loads the module once, on the first run, and runs the type's own runner", async () => {
    const a = vi.fn<TaskRunner>(async () => ({ outputs: { who: "a" } }) as never);
    const b = vi.fn<TaskRunner>(async () => ({ outputs: { who: "b" } }) as never);
    const load = vi.fn(async () => ({ "x.A": a, "x.B": b }));
    const runners = lazyRunners(["x.A", "x.B"], load);
    expect(Object.keys(runners)).toEqual(["x.A", "x.B"]);
    expect(load).not.toHaveBeenCalled();
    await expect(runners["x.B"](ctx)).resolves.toEqual({ outputs: { who: "b" } });
    await expect(runners["x.A"](ctx)).resolves.toEqual({ outputs: { who: "a" } });
    expect(load).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledWith(ctx);
  });

  it("tries a failed load again on the next run, and names a type the module lacks", async () => {
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw new Error("module missing");
      return {};
    });
    const runners = lazyRunners(["x.Gone"], load);
    await expect(runners["x.Gone"](ctx)).rejects.toThrow("module missing");
    fail = false;
    await expect(runners["x.Gone"](ctx)).rejects.toThrow("the plugin provides no runner for x.Gone");
    expect(load).toHaveBeenCalledTimes(2);
  });
});

// each first-party plugin lists its runnable types without loading its runner module: the list
// must be exactly the module's
const modules: Record<string, () => Promise<Readonly<Record<string, TaskRunner>>>> = {
  scripts: () => import("../../plugins/scripts/runner").then((m) => m.SCRIPT_RUNNERS),
  aws: () => import("../../plugins/aws/runner").then((m) => m.S3_RUNNERS),
  notifications: () => import("../../plugins/notifications/runners").then((m) => m.NOTIFICATION_RUNNERS),
  jdbc: () => import("../../plugins/jdbc/runner").then((m) => m.JDBC_RUNNERS),
  serdes: () => import("../../plugins/serdes/runner").then((m) => m.SERDES_RUNNERS),
  git: () => import("../../plugins/git/runners").then((m) => m.GIT_RUNNERS),
};

describe("first-party plugin runtimes", () => {
  it("has a runner module for every plugin", () => {
    expect(PLUGIN_RUNTIMES.map((r) => r.id).sort()).toEqual(Object.keys(modules).sort());
  });
  it.each(PLUGIN_RUNTIMES.map((r) => [r.id, r] as const))("%s lists exactly its module's types", async (id, runtime) => {
    const loaded = await modules[id]();
    expect(Object.keys(runtime.runners).sort()).toEqual(Object.keys(loaded).sort());
  });
});
