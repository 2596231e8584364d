import { describe, expect, it } from "vitest";
import { retryDelay } from "./retry";
import { TestDriver, workerByTask } from "./test-driver";

const P = "io.kestra.plugin.core.";
const LOG = `${P}log.Log`;
const RETURN = `${P}debug.Return`;

const flow = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ id: "f", namespace: "company.team", tasks, ...extra });
const log = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: LOG, message: "hi", ...extra });
const failing = { state: "FAILED" as const, error: "boom" };

describe("runIf", () => {
  it("false: a SKIPPED task run and the flow goes on", async () => {
    const d = new TestDriver(flow([log("a", { runIf: "{{ 1 == 2 }}" }), log("b")]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["a: SKIPPED", "b: SUCCESS"]);
    expect(d.taskRun("a").attempts).toEqual([]);
    expect(d.work.filter((w) => w.type === "run").map((w) => (w as { taskId: string }).taskId)).toEqual(["b"]);
  });

  it("true: the task runs", async () => {
    const d = new TestDriver(flow([log("a", { runIf: "{{ inputs.go }}" })]), { execution: { inputs: { go: true } } });
    await d.run();
    expect(d.summary()).toEqual(["a: SUCCESS"]);
  });

  it("sees earlier outputs", async () => {
    const d = new TestDriver(flow([{ id: "r", type: RETURN, format: "no" }, log("a", { runIf: "{{ outputs.r.value == 'yes' }}" })]));
    await d.run();
    expect(d.taskRun("a").state).toBe("SKIPPED");
  });

  it("skips a flowable task without creating its children", async () => {
    const d = new TestDriver(flow([{ id: "seq", type: `${P}flow.Sequential`, runIf: "false", tasks: [log("a")] }]));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.summary()).toEqual(["seq: SKIPPED"]);
  });

  it("a runIf that fails to render fails the task run", async () => {
    const d = new TestDriver(flow([log("a", { runIf: "{{ nope }}" })]));
    expect(await d.run()).toBe("FAILED");
    expect(d.logs("ERROR")[0]).toMatch(/^runIf:/);
  });
});

describe("allowFailure", () => {
  it("a failed task with allowFailure ends WARNING and the execution continues to WARNING", async () => {
    const d = new TestDriver(flow([log("a", { allowFailure: true }), log("b")]));
    expect(await d.run(workerByTask({ a: failing }))).toBe("WARNING");
    expect(d.summary()).toEqual(["a: WARNING", "b: SUCCESS"]);
    expect(d.taskRun("a").attempts[0].state).toBe("FAILED");
  });

  it("on a flowable task: its failure is a WARNING", async () => {
    const d = new TestDriver(flow([{ id: "seq", type: `${P}flow.Sequential`, allowFailure: true, tasks: [log("a")] }, log("b")]));
    expect(await d.run(workerByTask({ a: failing }))).toBe("WARNING");
    expect(d.summary()).toEqual(["seq: WARNING", "a: FAILED", "b: SUCCESS"]);
  });

  it("allowFailure with allowWarning: a failure ends SUCCESS", async () => {
    const d = new TestDriver(flow([log("a", { allowFailure: true, allowWarning: true })]));
    expect(await d.run(workerByTask({ a: failing }))).toBe("SUCCESS");
  });

  it("allowWarning turns a WARNING into SUCCESS", async () => {
    const d = new TestDriver(flow([log("a", { allowWarning: true })]));
    expect(await d.run(workerByTask({ a: { state: "WARNING" } }))).toBe("SUCCESS");
  });
});

describe("timeout", () => {
  it("sets a timer when a worker starts the attempt, not when it is queued", async () => {
    const d = new TestDriver(flow([log("a", { timeout: "PT5S" })]));
    const queued = await d.start();
    expect(queued.work.some((w) => w.type === "timer")).toBe(false);
    d.tick(60_000);
    const r = await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w" });
    expect(r.work).toContainEqual({ type: "timer", at: "2026-01-01T00:01:05.000Z", event: { type: "timer", key: "timeout:tr-1:1", taskRunId: "tr-1" } });
  });

  it("when it fires: cancel work, the task run FAILED with a message", async () => {
    const d = new TestDriver(flow([log("a", { timeout: "PT5S" }), log("b")]));
    await d.start();
    await d.runWorkers(() => "hold");
    await d.fireNextTimer();
    expect(d.work).toContainEqual({ type: "cancel", taskRunId: "tr-1", attempt: 1 });
    expect(d.taskRun("a").state).toBe("FAILED");
    expect(d.taskRun("a").attempts[0].state).toBe("FAILED");
    expect(d.logs("ERROR")).toContain("Timeout after PT5S");
    expect(d.state.execution.state).toBe("FAILED");
  });

  it("the late KILLED report of the cancelled attempt is ignored", async () => {
    const d = new TestDriver(flow([log("a", { timeout: "PT5S", allowFailure: true }), log("b")]));
    await d.start();
    await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w" });
    await d.fireNextTimer();
    const r = await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "KILLED" });
    expect(r.work).toEqual([]);
    expect(d.taskRun("a").state).toBe("WARNING");
  });

  it("a timer for an attempt that already ended does nothing", async () => {
    const d = new TestDriver(flow([log("a", { timeout: "PT5S" }), log("b")]));
    await d.start();
    await d.runWorkers();
    const r = await d.send({ type: "timer", key: "timeout:tr-1:1", taskRunId: "tr-1" });
    expect(r.work).toEqual([]);
  });

  it("a timed-out attempt is retried when the task has a retry", async () => {
    const d = new TestDriver(flow([log("a", { timeout: "PT5S", retry: { type: "constant", interval: "PT1S", maxAttempts: 2 } })]));
    await d.start();
    await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w" });
    await d.fireNextTimer();
    expect(d.taskRun("a").state).toBe("RETRYING");
    await d.fireNextTimer();
    expect(d.taskRun("a").attempts.map((a) => a.state)).toEqual(["FAILED", "CREATED"]);
  });
});

describe("retry", () => {
  const retrying = (retry: Record<string, unknown>, extra: Record<string, unknown> = {}) => flow([log("a", { retry, ...extra })]);

  it("a failed attempt: RETRYING, a timer, then a new run work with attempt 2", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT10S", maxAttempts: 3 }));
    await d.start();
    const r = await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, ...failing });
    expect(d.taskRun("a").state).toBe("RETRYING");
    expect(r.work).toContainEqual({ type: "timer", at: "2026-01-01T00:00:10.000Z", event: { type: "timer", key: "retry:tr-1:2", taskRunId: "tr-1" } });
    expect(r.work.some((w) => w.type === "run")).toBe(false);
    await d.fireNextTimer();
    expect(d.pending).toEqual([
      { type: "run", taskRunId: "tr-1", attempt: 1, taskId: "a", workerGroup: null },
      { type: "run", taskRunId: "tr-1", attempt: 2, taskId: "a", workerGroup: null },
    ]);
    expect(d.taskRun("a").state).toBe("RUNNING");
  });

  it("every attempt is kept; maxAttempts bounds them all", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempts: 3 }));
    expect(await d.run(workerByTask({ a: failing }))).toBe("FAILED");
    expect(d.taskRun("a").attempts.map((a) => [a.number, a.state])).toEqual([[1, "FAILED"], [2, "FAILED"], [3, "FAILED"]]);
    expect(d.taskRun("a").histories.map((h) => h.state)).toEqual([
      "CREATED", "RUNNING", "RETRYING", "RUNNING", "RETRYING", "RUNNING", "FAILED",
    ]);
  });

  it("succeeds on a later attempt", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempts: 3 }));
    expect(await d.run(workerByTask({ a: (attempt) => (attempt < 3 ? failing : { state: "SUCCESS" }) }))).toBe("SUCCESS");
    expect(d.taskRun("a").attempts.map((a) => a.state)).toEqual(["FAILED", "FAILED", "SUCCESS"]);
  });

  it("warningOnRetry: a success after retries is a WARNING", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempts: 3, warningOnRetry: true }));
    expect(await d.run(workerByTask({ a: (attempt) => (attempt < 2 ? failing : { state: "SUCCESS" }) }))).toBe("WARNING");
    expect(d.taskRun("a").state).toBe("WARNING");
  });

  it("warningOnRetry: a first-attempt success stays SUCCESS", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempts: 3, warningOnRetry: true }));
    expect(await d.run()).toBe("SUCCESS");
  });

  it("exponential delays grow by delayFactor up to maxInterval", async () => {
    const d = new TestDriver(retrying({ type: "exponential", interval: "PT1S", maxInterval: "PT5S", delayFactor: 2, maxAttempts: 5 }));
    await d.run(workerByTask({ a: failing }));
    const starts = d.taskRun("a").attempts.map((a) => Date.parse(a.histories[0].date) / 1000 - Date.parse("2026-01-01T00:00:00Z") / 1000);
    expect(starts).toEqual([0, 1, 3, 7, 12]);
  });

  it("random delays stay between minInterval and maxInterval", async () => {
    const d = new TestDriver(retrying({ type: "random", minInterval: "PT2S", maxInterval: "PT4S", maxAttempts: 4 }));
    await d.run(workerByTask({ a: failing }));
    const dates = d.taskRun("a").attempts.map((a) => Date.parse(a.histories[0].date));
    for (let i = 1; i < dates.length; i++) {
      expect(dates[i] - dates[i - 1]).toBeGreaterThanOrEqual(2000);
      expect(dates[i] - dates[i - 1]).toBeLessThanOrEqual(4000);
    }
    expect(dates).toHaveLength(4);
  });

  it("maxDuration stops retries that would start too late", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT10S", maxDuration: "PT25S" }));
    expect(await d.run(workerByTask({ a: failing }))).toBe("FAILED");
    expect(d.taskRun("a").attempts).toHaveLength(3);
  });

  it("the older maxAttempt spelling is read", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempt: 2 }));
    await d.run(workerByTask({ a: failing }));
    expect(d.taskRun("a").attempts).toHaveLength(2);
  });

  it("retries then allowFailure: WARNING", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempts: 2 }, { allowFailure: true }));
    expect(await d.run(workerByTask({ a: failing }))).toBe("WARNING");
    expect(d.taskRun("a").attempts).toHaveLength(2);
  });

  it("the flow's retry applies to tasks without their own", async () => {
    const d = new TestDriver(flow([log("a")], { retry: { type: "constant", interval: "PT1S", maxAttempts: 2 } }));
    await d.run(workerByTask({ a: failing }));
    expect(d.taskRun("a").attempts).toHaveLength(2);
  });

  it("the task's retry wins over the flow's", async () => {
    const d = new TestDriver(
      flow([log("a", { retry: { type: "constant", interval: "PT1S", maxAttempts: 3 } })], { retry: { type: "constant", interval: "PT1S", maxAttempts: 2 } }),
    );
    await d.run(workerByTask({ a: failing }));
    expect(d.taskRun("a").attempts).toHaveLength(3);
  });

  it("a flow retry with CREATE_NEW_EXECUTION: no retry in place, the execution ends RETRIED and asks for a new one", async () => {
    const d = new TestDriver(flow([log("a")], { retry: { type: "constant", interval: "PT30S", maxAttempts: 2, behavior: "CREATE_NEW_EXECUTION" } }));
    expect(await d.run(workerByTask({ a: failing }))).toBe("RETRIED");
    expect(d.taskRun("a").attempts).toHaveLength(1);
    expect(d.work).toContainEqual({ type: "retry-execution", at: "2026-01-01T00:00:30.000Z", attempt: 2 });
    expect(d.work).toContainEqual({ type: "ended", state: "RETRIED" });
  });

  it("CREATE_NEW_EXECUTION: the last allowed try ends FAILED", async () => {
    const d = new TestDriver(flow([log("a")], { retry: { type: "constant", interval: "PT30S", maxAttempts: 2, behavior: "CREATE_NEW_EXECUTION" } }), {
      execution: { retryAttempt: 2 },
    });
    expect(await d.run(workerByTask({ a: failing }))).toBe("FAILED");
    expect(d.work.some((w) => w.type === "retry-execution")).toBe(false);
  });

  it("CREATE_NEW_EXECUTION: a successful execution is not retried", async () => {
    const d = new TestDriver(flow([log("a")], { retry: { type: "constant", interval: "PT30S", maxAttempts: 2, behavior: "CREATE_NEW_EXECUTION" } }));
    expect(await d.run()).toBe("SUCCESS");
    expect(d.work.some((w) => w.type === "retry-execution")).toBe(false);
  });

  it("a KILLED result is not retried", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempts: 3 }));
    expect(await d.run(workerByTask({ a: { state: "KILLED" } }))).toBe("KILLED");
    expect(d.taskRun("a").attempts).toHaveLength(1);
  });

  it("a retry timer that comes twice starts one attempt", async () => {
    const d = new TestDriver(retrying({ type: "constant", interval: "PT1S", maxAttempts: 3 }));
    await d.start();
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, ...failing });
    await d.send({ type: "timer", key: "retry:tr-1:2", taskRunId: "tr-1" });
    const r = await d.send({ type: "timer", key: "retry:tr-1:2", taskRunId: "tr-1" });
    expect(r.work).toEqual([]);
    expect(d.taskRun("a").attempts).toHaveLength(2);
  });

  it("retryDelay: no policy type, no retry", () => {
    expect(retryDelay({}, 1, 0, "k")).toBeNull();
    expect(retryDelay({ type: "constant", interval: "PT2S" }, 1, 0, "k")).toBe(2000);
    expect(retryDelay({ type: "constant", interval: "PT2S", maxAttempts: 1 }, 1, 0, "k")).toBeNull();
  });
});

describe("attempt-lost", () => {
  it("starts a new attempt of the same task run and keeps the lost one, RESUBMITTED", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "task-started", taskRunId: "tr-1", attempt: 1, workerId: "w1" });
    const r = await d.send({ type: "attempt-lost", taskRunId: "tr-1", attempt: 1 });
    expect(r.work).toContainEqual({ type: "run", taskRunId: "tr-1", attempt: 2, taskId: "a", workerGroup: null });
    const tr = d.taskRun("a");
    expect(tr.attempts.map((a) => [a.number, a.state, a.workerId])).toEqual([[1, "RESUBMITTED", "w1"], [2, "CREATED", null]]);
    expect(tr.attempts[0].histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "RESUBMITTED"]);
    expect(d.state.taskRuns).toHaveLength(1);
  });

  it("does not count against retry", async () => {
    const d = new TestDriver(flow([log("a", { retry: { type: "constant", interval: "PT1S", maxAttempts: 2 } })]));
    await d.start();
    await d.send({ type: "attempt-lost", taskRunId: "tr-1", attempt: 1 });
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 2, ...failing });
    expect(d.taskRun("a").state).toBe("RETRYING");
    await d.fireNextTimer();
    await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 3, ...failing });
    expect(d.taskRun("a").state).toBe("FAILED");
    expect(d.taskRun("a").attempts).toHaveLength(3);
  });

  it("the lost attempt's late result is ignored", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    await d.send({ type: "attempt-lost", taskRunId: "tr-1", attempt: 1 });
    const r = await d.send({ type: "task-result", taskRunId: "tr-1", attempt: 1, state: "SUCCESS" });
    expect(r.work).toEqual([]);
    expect(d.taskRun("a").state).toBe("CREATED");
  });

  it("a lost attempt for a stale attempt number is ignored", async () => {
    const d = new TestDriver(flow([log("a")]));
    await d.start();
    const r = await d.send({ type: "attempt-lost", taskRunId: "tr-1", attempt: 5 });
    expect(r.work).toEqual([]);
  });
});
