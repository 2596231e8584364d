import { describe, expect, it } from "vitest";
import { run } from "../test-support";
import { RUNNERS, isRunnable, runnerFor } from ".";
import { knownTypes, lookupTask, taskKind } from "../../flows/validation/catalogue";
import { sleepTask } from "./sleep";
import type { RunnerContext } from "./types";

const LOG = "io.kestra.plugin.core.log.Log";

describe("the registry", () => {
  it("runs every runnable type of the catalogue except Labels (the executor's), under its aliases too", () => {
    const runnable = knownTypes().task.filter((t) => taskKind(lookupTask(t)!) === "runnable");
    expect(Object.keys(RUNNERS).sort()).toEqual(runnable.sort());
    expect(runnerFor("io.kestra.core.tasks.log.Log")).toBe(RUNNERS[LOG]);
    expect(isRunnable("io.kestra.plugin.core.flow.Sequential")).toBe(false);
    expect(isRunnable("io.kestra.plugin.core.execution.Labels")).toBe(false);
  });
});

describe("log.Log and debug.Echo", () => {
  it("logs one message at INFO, or each message of a list at the rendered level", async () => {
    const one = await run({ id: "l", type: LOG, message: "Hello {{ flow.id }}" });
    expect(one.result).toEqual({ state: "SUCCESS", outputs: null });
    expect(one.logs).toEqual([{ level: "INFO", message: "Hello hello" }]);
    const many = await run({ id: "l", type: "io.kestra.core.tasks.log.Log", message: ["a {{ 1 + 1 }}", "b"], level: "{{ 'WARN' }}" });
    expect(many.logs).toEqual([{ level: "WARN", message: "a 2" }, { level: "WARN", message: "b" }]);
  });

  it("fails on an unknown level, naming the property", async () => {
    const { result } = await run({ id: "l", type: LOG, message: "x", level: "LOUD" });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/"level" must be one of TRACE, DEBUG, INFO, WARN, ERROR/);
  });

  it("Echo logs its format", async () => {
    const { logs } = await run({ id: "e", type: "io.kestra.plugin.core.debug.Echo", format: "{{ task.id }}", level: "DEBUG" }, {
      variables: { task: { id: "e" } },
    });
    expect(logs).toEqual([{ level: "DEBUG", message: "e" }]);
  });
});

describe("debug.Return and output.OutputValues", () => {
  it("Return renders format into outputs.value", async () => {
    const { result } = await run({ id: "r", type: "io.kestra.plugin.core.debug.Return", format: "{{ inputs.name | upper }}" }, {
      variables: { inputs: { name: "ada" } },
    });
    expect(result).toEqual({ state: "SUCCESS", outputs: { value: "ADA" } });
  });

  it("OutputValues renders values deeply, keys included, other scalars kept", async () => {
    const { result } = await run(
      { id: "o", type: "io.kestra.plugin.core.output.OutputValues", values: { a: "{{ 2 * 3 }}", n: 5, list: ["{{ 'x' }}", true], "{{ 'k' }}": { deep: "{{ 'y' }}" } } },
      { variables: {} },
    );
    expect(result.outputs).toEqual({ values: { a: "6", n: 5, list: ["x", true], k: { deep: "y" } } });
  });
});

describe("execution.Fail", () => {
  const FAIL = "io.kestra.plugin.core.execution.Fail";
  it("fails with Task failure by default, or the rendered errorMessage", async () => {
    expect((await run({ id: "f", type: FAIL })).result).toEqual({ state: "FAILED", error: "Task failure" });
    expect((await run({ id: "f", type: FAIL, errorMessage: "bad {{ 1 }}" })).result).toEqual({ state: "FAILED", error: "bad 1" });
  });

  it("with a condition, fails only when it renders truthy (\"\", 0, -0 and false are not)", async () => {
    for (const [condition, state] of [["{{ 1 == 1 }}", "FAILED"], ["{{ 1 == 2 }}", "SUCCESS"], ["0", "SUCCESS"], ["-0", "SUCCESS"], ["", "SUCCESS"], ["yes", "FAILED"]]) {
      expect((await run({ id: "f", type: FAIL, condition })).result.state, condition).toBe(state);
    }
  });
});

describe("flow.Sleep", () => {
  const SLEEP = "io.kestra.plugin.core.flow.Sleep";
  it("ends KILLED when the attempt is aborted while it sleeps", async () => {
    const controller = new AbortController();
    const running = run({ id: "s", type: SLEEP, duration: "PT1H" }, { signal: controller.signal });
    controller.abort();
    expect((await running).result).toEqual({ state: "KILLED" });
  });

  it("the runner itself stops on the signal (no timer left running)", async () => {
    const controller = new AbortController();
    const sleeping = sleepTask({ props: { duration: "P30D" }, signal: controller.signal } as unknown as RunnerContext);
    controller.abort();
    await expect(sleeping).resolves.toEqual({ outputs: null });
  });

  it("sleeps a short duration and succeeds; refuses a duration that is not ISO-8601", async () => {
    expect((await run({ id: "s", type: SLEEP, duration: "PT0.001S" })).result.state).toBe("SUCCESS");
    const bad = await run({ id: "s", type: SLEEP, duration: "{{ '5 minutes' }}" });
    expect(bad.result.state).toBe("FAILED");
    expect(bad.result.error).toMatch(/"duration" must be a positive ISO-8601 duration/);
  });

  it("is KILLED without running when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await run({ id: "l", type: LOG, message: "x" }, { signal: controller.signal })).result).toEqual({ state: "KILLED" });
  });
});
