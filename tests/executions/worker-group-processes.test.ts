import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { db, tenantDb } from "@/lib/db";
import { type Role, runExecutor, runScheduler } from "@/lib/executions/processes";
import { loadState } from "@/lib/executions/store";
import { isTerminal } from "@/lib/executions/types";
import { createWorkerGroup } from "@/lib/workers/groups";
import { liveWorkers } from "@/lib/workers/registry";
import { makeTenant, uniq } from "../helpers";
import { startRole } from "./support/role-process";
import { emptyQueue, flowWith, until } from "./support/data";

// what earlier files left in this worker's database is not this file's work
beforeAll(emptyQueue);

// SPEC §7 "Worker groups" across processes sharing one database: `tenantflow worker --group KEY`
// processes run only their group's tasks, and when a group's only worker is killed (SIGKILL: no
// goodbye) its heartbeat stops, the scheduler counts it dead after three leases, and the tasks'
// fallback decides. The executor and scheduler run in this process with the real executor; the
// workers run the stand-in task runner (support/worker-main.ts), which answers its process id.

const LEASE_MS = 1000;
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
  await db.taskJob.deleteMany({});
  await db.executionEvent.deleteMany({});
});

const startWorker = (group: string) => startRole(children, ["worker", "--group", group, "--concurrency", "2"], { TENANTFLOW_WORKER_LEASE_MS: String(LEASE_MS) });
const group = async () => (await createWorkerGroup(cliActor(), { key: uniq("wg") })).key;
const task = (id: string, workerGroup: Record<string, unknown>) => ({ id, type: "io.kestra.plugin.core.log.Log", message: id, sleepMs: 50, workerGroup });
const stateOf = (tenantId: string, id: string) => tenantDb(tenantId).$transaction((tx) => loadState(tx, id));
const ended = (tenantId: string, id: string) =>
  until(async () => {
    const s = await stateOf(tenantId, id);
    return s && isTerminal(s.execution.state) ? s : null;
  }, 60_000, `execution ${id} to end`);

describe("worker group processes", () => {
  it("run each task only on a worker of its group", { timeout: 120_000 }, async () => {
    const [a, b] = [await group(), await group()];
    const [wa, wb] = await Promise.all([startWorker(a), startWorker(b)]);
    roles = [runExecutor({ pollMs: 200 }), runScheduler({ pollMs: 200, leaseMs: LEASE_MS })];
    const flow = await flowWith([task("a1", { key: a }), task("b1", { key: b }), task("a2", { key: a }), task("b2", { key: b })]);
    const execution = await flow.start();
    const state = await ended(flow.tenantId, execution.id);
    expect(state.execution.state).toBe("SUCCESS");
    const ranIn = Object.fromEntries(state.taskRuns.map((t) => [t.taskId, (t.outputs as { pid: number }).pid]));
    expect(ranIn).toEqual({ a1: wa.pid, b1: wb.pid, a2: wa.pid, b2: wb.pid });
    // both are listed live, each in its own group
    const live = await liveWorkers({ groups: [a, b] });
    expect(live.map((w) => [w.workerGroup, w.pid]).sort()).toEqual([[a, wa.pid], [b, wb.pid]].sort());
  });

  it("when a group's only worker is killed: WAIT keeps the task waiting, FAIL fails it, CANCEL cancels its execution", { timeout: 120_000 }, async () => {
    const g = await group();
    const worker = await startWorker(g);
    roles = [runExecutor({ pollMs: 200 }), runScheduler({ pollMs: 200, leaseMs: LEASE_MS })];
    const tenant = (await makeTenant()).id;
    const flow = (fallback: string) => flowWith([task("t", { key: g, fallback })], tenant);
    // the group works while its worker lives
    const first = await (await flow("FAIL")).start();
    expect((await ended(tenant, first.id)).execution.state).toBe("SUCCESS");

    worker.kill("SIGKILL");
    await once(worker, "exit");
    const [waiting, failing, cancelled] = [await (await flow("WAIT")).start(), await (await flow("FAIL")).start(), await (await flow("CANCEL")).start()];

    const failed = await ended(tenant, failing.id);
    expect([failed.execution.state, failed.taskRuns[0].state]).toEqual(["FAILED", "FAILED"]);
    const cancel = await ended(tenant, cancelled.id);
    expect([cancel.execution.state, cancel.taskRuns[0].state]).toEqual(["CANCELLED", "CANCELLED"]);
    // the dead worker's row is gone, and the WAIT task still waits, its logs saying why
    expect(await db.worker.count({ where: { workerGroup: g } })).toBe(0);
    const why = `no live worker in worker group ${g}: the task waits for one (workerGroup.fallback WAIT)`;
    await until(async () => (await tenantDb(tenant).executionLog.count({ where: { executionId: waiting.id, message: why } })) === 1, 30_000, "the WAIT notice");
    expect((await stateOf(tenant, waiting.id))!.execution.state).toBe("RUNNING");
    expect(await db.taskJob.count({ where: { executionId: waiting.id, claimedBy: null } })).toBe(1);

    // a new worker of the group takes it
    const again = await startWorker(g);
    const done = await ended(tenant, waiting.id);
    expect(done.execution.state).toBe("SUCCESS");
    expect((done.taskRuns[0].outputs as { pid: number }).pid).toBe(again.pid);
  });
});
