import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, tenantDb } from "@/lib/db";
import { type Role, resetEngine, runExecutor, runScheduler, setEngine } from "@/lib/executions/processes";
import { loadState } from "@/lib/executions/store";
import { isTerminal } from "@/lib/executions/types";
import { startRole } from "./support/role-process";
import { fakeRunTask, fakeStep } from "./support/fake-engine";
import { emptyQueue, flowWith, until } from "./support/data";

// what earlier files left in this worker's database is not this file's work
beforeAll(emptyQueue);

// SPEC §8: several worker processes share one database (PostgreSQL, and the embedded SQLite
// too), and a worker killed mid-task (SIGKILL: no goodbye) loses its attempts to the others; every
// task run still ends exactly once. The workers are `tenantflow worker` command lines (with the
// stand-in task runner installed).

const children: ChildProcess[] = [];
let roles: Role[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGTERM");
      await once(c, "exit");
    }
  }
  await Promise.all(roles.map((r) => r.stop()));
  roles = [];
  resetEngine();
  await db.taskJob.deleteMany({});
  await db.executionEvent.deleteMany({});
});

/** Starts `tenantflow worker --concurrency N` and resolves when it says it started. */
const startWorker = (concurrency: number) => startRole(children, ["worker", "--concurrency", String(concurrency)], { TENANTFLOW_WORKER_LEASE_MS: "3000" });

describe("worker processes", () => {
  it("finish every task exactly once when one worker is killed mid-task", { timeout: 120_000 }, async () => {
    const workers = await Promise.all([startWorker(2), startWorker(2), startWorker(2)]);
    setEngine({ step: fakeStep, runTask: fakeRunTask });
    roles = [runExecutor({ pollMs: 200 }), runScheduler({ pollMs: 200 })];

    // tasks long enough that the worker seen holding an attempt is killed before it ends any (a
    // busy machine may take a second between the two)
    const flow = await flowWith(Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, type: "test.Sleep", sleepMs: 2000 })));
    const execution = await flow.start();

    // the victim: the first worker seen holding an attempt
    const victimPid = await until(async () => {
      const held = await db.taskJob.findFirst({ where: { executionId: execution.id, claimedBy: { not: null } } });
      return held ? workers.find((w) => held.claimedBy!.includes(`-${w.pid}-`))?.pid : undefined;
    }, 30_000, "a claimed attempt");
    const victim = workers.find((w) => w.pid === victimPid)!;
    victim.kill("SIGKILL");
    await once(victim, "exit");

    const state = await until(async () => {
      const s = await tenantDb(flow.tenantId).$transaction((tx) => loadState(tx, execution.id));
      return s && isTerminal(s.execution.state) ? s : null;
    }, 60_000, "the execution to end");

    expect(state.execution.state).toBe("SUCCESS");
    expect(state.taskRuns).toHaveLength(12);
    for (const run of state.taskRuns) {
      expect(run.state, run.taskId).toBe("SUCCESS");
      // exactly one attempt succeeded, the last one; any other was lost (with its worker, or a
      // heartbeat too late on a busy machine)
      expect(run.attempts.filter((a) => a.state === "SUCCESS"), run.taskId).toHaveLength(1);
      expect(run.attempts.at(-1)!.state).toBe("SUCCESS");
      for (const a of run.attempts.slice(0, -1)) expect(a.state).toBe("KILLED");
      expect((run.outputs as { pid: number }).pid).not.toBe(victimPid);
    }
    // the killed worker's attempts were run again by the others
    const lost = state.taskRuns.flatMap((r) => r.attempts.slice(0, -1));
    expect(lost.some((a) => a.workerId?.includes(`-${victimPid}-`))).toBe(true);
    expect(await db.taskJob.count({ where: { executionId: execution.id } })).toBe(0);

    // the survivors stop cleanly on SIGTERM
    for (const w of workers.filter((x) => x !== victim)) {
      w.kill("SIGTERM");
      const [code] = await once(w, "exit");
      expect(code).toBe(0);
    }
  });
});
