import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, tenantDb } from "@/lib/db";
import { sendEvent } from "@/lib/executions/queue";
import { type Role, resetEngine, runExecutor, runScheduler, runWorker, setEngine } from "@/lib/executions/processes";
import { loadState } from "@/lib/executions/store";
import { isTerminal } from "@/lib/executions/types";
import { fakeRunTask, fakeStep } from "./support/fake-engine";
import { emptyQueue, flowWith, until } from "./support/data";

// what earlier files left in this worker's database is not this file's work
beforeAll(emptyQueue);

// The executor, worker and scheduler loops in this process, on the suite's database, with the
// stand-in step and task runner: executions run to their end, a kill reaches the running task,
// and stop() lets the work in hand finish.

let roles: Role[] = [];
afterEach(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  roles = [];
  resetEngine();
  await db.taskJob.deleteMany({});
  await db.executionEvent.deleteMany({});
});

function startRoles(worker: Parameters<typeof runWorker>[0] = {}) {
  setEngine({ step: fakeStep, runTask: fakeRunTask });
  roles = [runExecutor({ pollMs: 200 }), runWorker({ concurrency: 3, pollMs: 200, leaseMs: 5_000, ...worker }), runScheduler({ pollMs: 200 })];
  return roles;
}

const stateOf = (tenantId: string, id: string) => tenantDb(tenantId).$transaction((tx) => loadState(tx, id));

describe("the engine's roles", () => {
  it("run executions to their end: every task once, its logs stored, the queue left empty", async () => {
    startRoles();
    const flow = await flowWith(Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, type: "test.Sleep", sleepMs: 20 })));
    const executions = await Promise.all([flow.start(), flow.start(), flow.start()]);
    for (const e of executions) {
      const state = await until(async () => {
        const s = await stateOf(flow.tenantId, e.id);
        return s && isTerminal(s.execution.state) ? s : null;
      });
      expect(state.execution.state).toBe("SUCCESS");
      expect(state.taskRuns.map((t) => [t.taskId, t.state, t.attempts.length])).toEqual(
        Array.from({ length: 5 }, (_, i) => [`t${i}`, "SUCCESS", 1]),
      );
      expect(state.taskRuns.every((t) => (t.outputs as { taskId: string }).taskId === t.taskId)).toBe(true);
      const logs = await tenantDb(flow.tenantId).executionLog.findMany({ where: { executionId: e.id }, orderBy: { id: "asc" } });
      expect(logs[0].message).toBe("started 5 task(s)");
      expect(logs.filter((l) => l.message.startsWith("running ")).map((l) => l.taskId).sort()).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    }
    await until(
      async () => (await db.taskJob.count({ where: { tenantId: flow.tenantId } })) === 0 && (await db.executionEvent.count({ where: { tenantId: flow.tenantId } })) === 0,
      10_000,
      "an empty queue",
    );
  });

  it("tell the executor an attempt's start once it has run for a while; a short one's start comes with its result", async () => {
    startRoles({ startNoticeMs: 100 });
    const flow = await flowWith([
      { id: "short", type: "test.Sleep", sleepMs: 1 },
      { id: "long", type: "test.Sleep", sleepMs: 1_000 },
    ]);
    const e = await flow.start();
    // the long attempt is seen RUNNING while it runs, its start dated at the claim (before the notice)
    const running = await until(async () => {
      const s = await stateOf(flow.tenantId, e.id);
      const long = s?.taskRuns.find((t) => t.taskId === "long");
      return long?.state === "RUNNING" ? long : null;
    });
    expect(running.attempts[0].workerId).toMatch(/^worker/);
    const state = await until(async () => {
      const s = await stateOf(flow.tenantId, e.id);
      return s && isTerminal(s.execution.state) ? s : null;
    });
    expect(state.execution.state).toBe("SUCCESS");
    const short = state.taskRuns.find((t) => t.taskId === "short")!;
    const long = state.taskRuns.find((t) => t.taskId === "long")!;
    // no notice for the attempt that ended within 100 ms: its result alone moved it on
    expect(short.histories.map((h) => h.state)).toEqual(["CREATED", "SUCCESS"]);
    expect(long.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
  });

  it("deliver a timer when it comes due, and not before", async () => {
    startRoles();
    const flow = await flowWith([{ id: "later", type: "test.Wait", delayMs: 400 }]);
    const e = await flow.start();
    const state = await until(async () => {
      const s = await stateOf(flow.tenantId, e.id);
      return s && isTerminal(s.execution.state) ? s : null;
    });
    expect(state.execution.state).toBe("SUCCESS");
    const firedAt = new Date((state.taskRuns[0].outputs as { firedAt: string }).firedAt);
    // set for 400 ms after the task run was created
    const due = new Date(state.taskRuns[0].histories[0].date).getTime() + 400;
    expect(firedAt.getTime()).toBeGreaterThanOrEqual(due);
  });

  it("reach a running task with a kill: the attempt is aborted and reported KILLED", async () => {
    startRoles({ heartbeatMs: 100 });
    const flow = await flowWith([{ id: "long", type: "test.Sleep", sleepMs: 600_000 }]);
    const e = await flow.start();
    await until(async () => (await stateOf(flow.tenantId, e.id))?.taskRuns[0]?.state === "RUNNING", 20_000, "the task to run");
    await sendEvent(flow.tenantId, e.id, { type: "kill" });
    const state = await until(async () => {
      const s = await stateOf(flow.tenantId, e.id);
      return s && isTerminal(s.execution.state) ? s : null;
    });
    expect(state.taskRuns[0].state).toBe("KILLED");
    expect(state.execution.state).toBe("FAILED");
  });

  it("drain on stop(): the attempts in hand finish and report before stop() resolves", async () => {
    const [executor, worker] = startRoles();
    const flow = await flowWith([{ id: "a", type: "test.Sleep", sleepMs: 300 }]);
    const e = await flow.start();
    await until(async () => (await db.taskJob.count({ where: { executionId: e.id, claimedBy: { not: null } } })) === 1, 20_000, "a claim");
    await worker.stop();
    // reported: the job is gone and its result waits for (or reached) the executor
    expect(await db.taskJob.count({ where: { executionId: e.id } })).toBe(0);
    const state = await until(async () => {
      const s = await stateOf(flow.tenantId, e.id);
      return s && isTerminal(s.execution.state) ? s : null;
    });
    expect(state.execution.state).toBe("SUCCESS");
    await executor.stop();
  });
});
