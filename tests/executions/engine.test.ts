import { step } from "@/lib/executions/executor";
import { runTask } from "@/lib/executions/run-task";
import { afterEach, describe, expect, it } from "vitest";
import { engine, renderer, resetEngine, setEngine } from "@/lib/executions/processes/engine";
import type { EngineState } from "@/lib/executions/types";

// The parts of the engine the loops call: swappable for tests, the renderer given to the step.

afterEach(() => resetEngine());

const state: EngineState = {
  execution: {
    id: "e1", tenantId: "t", namespace: "company", flowId: "hello", flowRevision: 3, inputs: { who: "world" },
    labels: [{ key: "team", value: "data" }], state: "RUNNING", histories: [{ state: "CREATED", date: "2026-01-01T00:00:00.000Z" }],
    outputs: null, variables: {}, trigger: null, parentId: null, originalId: null, scheduleDate: null, version: 1,
  },
  taskRuns: [],
};

describe("the engine's parts", () => {
  it("render values deeply against the execution's variables, with the hooks given", async () => {
    const render = renderer({ id: "hello", variables: { greeting: "hi" } }, { secret: (k) => (k === "TOKEN" ? "s3cr3t" : null) });
    const value = { a: "{{ vars.greeting }} {{ inputs.who }}", list: ["{{ flow.namespace }}.{{ flow.id }}", 2, true], n: { deep: "{{ labels.team }} r{{ flow.revision }}" }, s: "{{ secret('TOKEN') }}" };
    expect(await render(value, null, state)).toEqual({ a: "hi world", list: ["company.hello", 2, true], n: { deep: "data r3" }, s: "s3cr3t" });
  });

  it("are the real executor and task runner by default, swapped by setEngine and put back by resetEngine", async () => {
    expect(engine().step).toBe(step);
    expect(engine().runTask).toBe(runTask);
    const fake = async () => ({ state, executionChanged: false, changedTaskRuns: [], work: [] });
    setEngine({ step: fake });
    expect(engine().step).toBe(fake);
    resetEngine();
    expect(engine().step).toBe(step);
  });
});
