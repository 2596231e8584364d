import { describe, expect, it } from "vitest";
import { replayState, restartState } from "./restart";
import { execution, taskRun } from "./test-support";
import type { EngineState, State } from "./types";

const now = new Date("2026-01-01T00:00:00Z");
const h = (...states: State[]) => states.map((state) => ({ state, date: "2025-12-31T00:00:00Z" }));
const ended = (state: State, seq: number, taskId: string, over = {}) =>
  taskRun(taskId, { state, seq, histories: h("CREATED", "RUNNING", state), attempts: [{ number: 1, state, histories: h("CREATED", "RUNNING", state), workerId: "w1" }], ...over });

function failedState(): EngineState {
  return {
    execution: execution({ state: "FAILED", histories: h("CREATED", "RUNNING", "FAILED"), outputs: { a: 1 } }),
    taskRuns: [
      ended("SUCCESS", 1, "first", { outputs: { value: "kept" } }),
      taskRun("group", { state: "FAILED", seq: 2, attempts: [], histories: h("CREATED", "RUNNING", "FAILED") }),
      ended("FAILED", 3, "inner", { parentTaskRunId: "tr-group" }),
    ],
  };
}

describe("restartState", () => {
  const deps = { now, isFlowable: (id: string) => id === "group", workerGroupOf: (id: string) => (id === "inner" ? "gpu" : null) };

  it("restarts the failed task runs: a new attempt for a runnable one, RUNNING again for a flowable, the rest kept", () => {
    const r = restartState(failedState(), deps)!;
    expect(r.executionChanged).toBe(true);
    expect(r.state.execution.state).toBe("RUNNING");
    expect(r.state.execution.histories.map((x) => x.state)).toEqual(["CREATED", "RUNNING", "FAILED", "RESTARTED", "RUNNING"]);
    expect(r.state.execution.outputs).toBeNull();
    const [first, group, inner] = r.state.taskRuns;
    expect(first).toEqual(failedState().taskRuns[0]);
    expect(group.state).toBe("RUNNING");
    expect(group.histories.slice(-2).map((x) => x.state)).toEqual(["RESTARTED", "RUNNING"]);
    expect(inner.state).toBe("RESTARTED");
    expect(inner.attempts.map((a) => [a.number, a.state])).toEqual([[1, "FAILED"], [2, "CREATED"]]);
    expect(r.changedTaskRuns.sort()).toEqual(["tr-group", "tr-inner"]);
    expect(r.work.filter((w) => w.type === "run")).toEqual([{ type: "run", taskRunId: "tr-inner", attempt: 2, taskId: "inner", workerGroup: "gpu" }]);
  });

  it("restarts a KILLED execution and its killed task runs", () => {
    const s = failedState();
    s.execution.state = "KILLED";
    s.taskRuns[2] = ended("KILLED", 3, "inner", { parentTaskRunId: "tr-group" });
    expect(restartState(s, deps)!.state.taskRuns[2].state).toBe("RESTARTED");
  });

  it("refuses an execution that did not fail or was not killed, and does not touch its input", () => {
    for (const state of ["SUCCESS", "RUNNING", "PAUSED", "WARNING", "CREATED"] as State[]) {
      const s = failedState();
      s.execution.state = state;
      expect(restartState(s, deps)).toBeNull();
    }
    const s = failedState();
    const copy = structuredClone(s);
    restartState(s, deps);
    expect(s).toEqual(copy);
  });
});

describe("replayState", () => {
  let n = 0;
  const deps = { now, newId: () => `new${++n}` };

  it("from the beginning: a new CREATED execution with the same inputs and labels, no task runs, originalId set", () => {
    const s = failedState();
    s.execution.inputs = { a: 1 };
    s.execution.labels = [{ key: "k", value: "v" }];
    const r = replayState(s, null, deps)!;
    expect(r.taskRuns).toEqual([]);
    expect(r.execution).toMatchObject({ state: "CREATED", inputs: { a: 1 }, labels: [{ key: "k", value: "v" }], originalId: "exec1", outputs: null, version: 1 });
    expect(r.execution.id).not.toBe("exec1");
    expect(r.execution.histories.map((x) => x.state)).toEqual(["CREATED"]);
  });

  it("from a task run: the ones before it copied with new ids, its ancestors RUNNING again, it and later ones dropped", () => {
    const r = replayState(failedState(), "tr-inner", deps)!;
    expect(r.taskRuns.map((t) => [t.taskId, t.state, t.seq])).toEqual([["first", "SUCCESS", 1], ["group", "RUNNING", 2]]);
    expect(r.taskRuns[0].outputs).toEqual({ value: "kept" });
    expect(r.taskRuns.every((t) => t.executionId === r.execution.id && !t.id.startsWith("tr-"))).toBe(true);
    expect(r.taskRuns[1].histories.slice(-2).map((x) => x.state)).toEqual(["RESTARTED", "RUNNING"]);
  });

  it("keeps the first execution of a line as originalId, and refuses a task run of another execution", () => {
    const s = failedState();
    s.execution.originalId = "root";
    expect(replayState(s, null, deps)!.execution.originalId).toBe("root");
    expect(replayState(s, "elsewhere", deps)).toBeNull();
  });
});
