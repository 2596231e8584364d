import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db, tenantDb } from "@/lib/db";
import { claimJobs } from "@/lib/executions/queue";
import { type Role, advanceExecution, runExecutor, runScheduler, runWorker } from "@/lib/executions/processes";
import { restartExecution } from "@/lib/executions/operations";
import { createExecution, loadState } from "@/lib/executions/store";
import { isTerminal } from "@/lib/executions/types";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { updateTenant } from "@/lib/tenants/tenants";
import { applyWorkerGroupFallbacks } from "@/lib/workers/fallback";
import { createWorkerGroup, listWorkerGroups } from "@/lib/workers/groups";
import { liveWorkers } from "@/lib/workers/registry";
import { actorOf, makeTenant, makeUser, uniq } from "../helpers";
import { emptyQueue, flowWith, until } from "./support/data";

// Worker groups (SPEC §7) on the suite's database, with the real executor and task runner: the
// group a task is queued for, the tenants a group's workers may run, the fallback when a group has
// no live worker, and the live-worker list.

beforeAll(emptyQueue);

let roles: Role[] = [];
afterEach(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  roles = [];
  await db.taskJob.deleteMany({});
  await db.executionEvent.deleteMany({});
});

const LOG = "io.kestra.plugin.core.log.Log";
const logTask = (workerGroup?: Record<string, unknown>) => ({ id: "hello", type: LOG, message: "hello", ...(workerGroup ? { workerGroup } : {}) });
const group = async (allowedTenants: string[] = []) => (await createWorkerGroup(cliActor(), { key: uniq("wg"), allowedTenants })).key;
const stateOf = (tenantId: string, id: string) => tenantDb(tenantId).$transaction((tx) => loadState(tx, id));
const ended = (tenantId: string, id: string) =>
  until(async () => {
    const s = await stateOf(tenantId, id);
    return s && isTerminal(s.execution.state) ? s : null;
  }, 20_000, `execution ${id} to end`);
const logsOf = (tenantId: string, executionId: string) =>
  tenantDb(tenantId).executionLog.findMany({ where: { executionId }, orderBy: { id: "asc" } }).then((rows) => rows.map((r) => `${r.level} ${r.message}`));

/** Starts an execution of the flow and lets the executor take its first step: the group its first job was queued for. */
async function queuedGroup(flow: Awaited<ReturnType<typeof flowWith>>) {
  const execution = await flow.start();
  await advanceExecution({ tenantId: flow.tenantId, executionId: execution.id });
  const job = await db.taskJob.findFirstOrThrow({ where: { tenantId: flow.tenantId, executionId: execution.id } });
  return job.workerGroup;
}

function engineRoles(workers: Parameters<typeof runWorker>[0][] = []) {
  roles = [runExecutor({ pollMs: 200 }), runScheduler({ pollMs: 200 }), ...workers.map((w) => runWorker({ pollMs: 200, leaseMs: 5_000, ...w }))];
}

describe("worker groups", () => {
  it("send a task to its own group, else the nearest namespace's default, else the tenant's, else the default group", async () => {
    const [gTask, gTenant, gCompany, gTeam] = [await group(), await group(), await group(), await group()];
    const tenant = (await makeTenant()).id;
    const keyed = await flowWith([logTask({ key: gTask })], tenant);
    const plain = await flowWith([logTask()], tenant);
    expect(await queuedGroup(plain)).toBe("");
    expect(await queuedGroup(keyed)).toBe(gTask);

    await updateTenant(cliActor(), tenant, { workerGroup: gTenant });
    expect(await queuedGroup(plain)).toBe(gTenant);

    const ctx = await tenantContext(cliActor(), tenant);
    await createNamespace(ctx, { name: "company" });
    await createNamespace(ctx, { name: "company.team" });
    await updateNamespace(ctx, "company", { workerGroup: gCompany });
    expect(await queuedGroup(plain)).toBe(gCompany);
    await updateNamespace(ctx, "company.team", { workerGroup: gTeam });
    expect(await queuedGroup(plain)).toBe(gTeam);
    expect(await queuedGroup(keyed)).toBe(gTask);
    await updateNamespace(ctx, "company.team", { workerGroup: null });
    expect(await queuedGroup(plain)).toBe(gCompany);

    // another tenant's defaults are not this one's
    const other = await flowWith([logTask()]);
    expect(await queuedGroup(other)).toBe("");
  });

  it("send a task to the group its plugin defaults give, from the namespace chain or the flow, before the namespace's default group", async () => {
    const [gDefault, gNamespace, gDefaultGroup] = [await group(), await group(), await group()];
    const tenant = (await makeTenant()).id;
    const ctx = await tenantContext(cliActor(), tenant);
    await createNamespace(ctx, { name: "company" });
    await updateNamespace(ctx, "company", { workerGroup: gDefaultGroup });
    const plain = await flowWith([logTask()], tenant);
    expect(await queuedGroup(plain)).toBe(gDefaultGroup);
    // a plugin default of an ancestor namespace sets the task's own workerGroup
    await updateNamespace(ctx, "company", { pluginDefaults: [{ type: LOG, values: { workerGroup: { key: gNamespace } } }] });
    expect(await queuedGroup(plain)).toBe(gNamespace);
    // the flow's own plugin defaults fill before the namespace's
    const flowId = uniq("flow");
    const parsed = { id: flowId, namespace: "company.team", tasks: [logTask()], pluginDefaults: [{ type: "io.kestra.plugin.core", values: { workerGroup: { key: gDefault } } }] };
    await db.flow.create({ data: { tenantId: tenant, namespace: "company.team", flowId, revision: 1, source: "", parsed: JSON.stringify(parsed) } });
    const own = { tenantId: tenant, flowId, start: () => createExecution({ db: tenantDb(tenant), tenantId: tenant }, { namespace: "company.team", flowId, flowRevision: 1 }) };
    expect(await queuedGroup(own)).toBe(gDefault);
    // another tenant's plugin defaults are not this one's
    expect(await queuedGroup(await flowWith([logTask()]))).toBe("");
  });

  it("let only a superadmin choose a tenant's or a namespace's default group, and only a defined one", async () => {
    const admin = await makeUser();
    const tenant = (await makeTenant(admin)).id;
    const g = await group();
    await expect(updateTenant(actorOf(admin), tenant, { workerGroup: g })).rejects.toMatchObject({ status: 403 });
    const ctx = await tenantContext(actorOf(admin), tenant);
    await createNamespace(ctx, { name: "company" });
    await expect(updateNamespace(ctx, "company", { workerGroup: g })).rejects.toMatchObject({ status: 403 });
    await expect(updateTenant(cliActor(), tenant, { workerGroup: "no-such-group" })).rejects.toMatchObject({ status: 422 });
    const rows = await db.tenant.findUniqueOrThrow({ where: { id: tenant } });
    expect(rows.workerGroup).toBeNull();
    expect((await tenantDb(tenant).namespace.findFirstOrThrow({ where: { name: "company" } })).workerGroup).toBeNull();
  });

  it("never let a group's workers claim the work of a tenant it does not allow, nor the work of a group not defined", async () => {
    const allowed = (await makeTenant()).id;
    const refused = (await makeTenant()).id;
    const g = await group([allowed]);
    const mine = await flowWith([logTask({ key: g })], allowed);
    const theirs = await flowWith([logTask({ key: g })], refused);
    await queuedGroup(theirs);
    expect(await claimJobs({ workerId: "w", group: g, limit: 10, leaseMs: 60_000 })).toEqual([]);
    await queuedGroup(mine);
    const claimed = await claimJobs({ workerId: "w", group: g, limit: 10, leaseMs: 60_000 });
    expect(claimed.map((j) => j.tenantId)).toEqual([allowed]);
    // a group not defined: its would-be workers take nothing
    const undefinedKey = uniq("undefined");
    await queuedGroup(await flowWith([logTask({ key: undefinedKey })], allowed));
    expect(await claimJobs({ workerId: "w", group: undefinedKey, limit: 10, leaseMs: 60_000 })).toEqual([]);
  });

  it("fail a tenant's task on a group that does not allow it, naming both, while the allowed tenant's runs on the group", async () => {
    const allowed = (await makeTenant()).id;
    const refused = (await makeTenant()).id;
    const g = await group([allowed]);
    engineRoles([{ id: uniq("worker"), group: g }]);
    const mine = await flowWith([logTask({ key: g })], allowed);
    const theirs = await flowWith([logTask({ key: g })], refused);
    const [a, b] = [await mine.start(), await theirs.start()];
    const okState = await ended(allowed, a.id);
    expect(okState.execution.state).toBe("SUCCESS");
    expect(okState.taskRuns[0].attempts[0].workerId).toBe(roles[2].id);
    const refusedState = await ended(refused, b.id);
    expect(refusedState.execution.state).toBe("FAILED");
    expect(refusedState.taskRuns[0].state).toBe("FAILED");
    // no worker ever took it
    expect(refusedState.taskRuns[0].attempts.every((at) => !at.workerId)).toBe(true);
    expect(await logsOf(refused, b.id)).toContain(`ERROR worker group ${g} does not allow tenant ${refused}`);
  });

  it("with no live worker: WAIT keeps the task waiting and says why, FAIL fails it, CANCEL cancels the execution; a group not defined alike", async () => {
    const g = await group();
    engineRoles();
    const tenant = (await makeTenant()).id;
    const waiting = await (await flowWith([logTask({ key: g })], tenant)).start();
    const failing = await (await flowWith([logTask({ key: g, fallback: "FAIL" })], tenant)).start();
    const cancelled = await (await flowWith([logTask({ key: g, fallback: "CANCEL" })], tenant)).start();
    const unknown = uniq("undefined");
    const undefinedFail = await (await flowWith([logTask({ key: unknown, fallback: "FAIL" })], tenant)).start();

    const failed = await ended(tenant, failing.id);
    expect([failed.execution.state, failed.taskRuns[0].state]).toEqual(["FAILED", "FAILED"]);
    expect(await logsOf(tenant, failing.id)).toContain(`ERROR no live worker in worker group ${g}: the task run fails (workerGroup.fallback FAIL)`);

    // a restart keeps the task's fallback: its new attempt fails the same way
    await restartExecution(await tenantContext(cliActor(), tenant), failing.id);
    const refailed = await until(async () => {
      const s = await stateOf(tenant, failing.id);
      return s && s.execution.state === "FAILED" && s.taskRuns[0].attempts.length === 2 ? s : null;
    }, 20_000, "the restarted attempt to fail");
    expect(refailed.taskRuns[0].attempts.map((a) => a.state)).toEqual(["FAILED", "FAILED"]);

    const cancel = await ended(tenant, cancelled.id);
    expect([cancel.execution.state, cancel.taskRuns[0].state]).toEqual(["CANCELLED", "CANCELLED"]);

    const notDefined = await ended(tenant, undefinedFail.id);
    expect(notDefined.execution.state).toBe("FAILED");
    expect(await logsOf(tenant, undefinedFail.id)).toContain(`ERROR worker group ${unknown} is not defined: the task run fails (workerGroup.fallback FAIL)`);

    const why = `WARN no live worker in worker group ${g}: the task waits for one (workerGroup.fallback WAIT)`;
    await until(async () => (await logsOf(tenant, waiting.id)).includes(why), 20_000, "the WAIT notice");
    const still = await stateOf(tenant, waiting.id);
    expect(still!.execution.state).toBe("RUNNING");
    expect(await db.taskJob.count({ where: { tenantId: tenant, executionId: waiting.id, claimedBy: null } })).toBe(1);
    // said once, however many passes go by
    await applyWorkerGroupFallbacks();
    expect((await logsOf(tenant, waiting.id)).filter((l) => l === why)).toHaveLength(1);

    // a worker of the group comes: the waiting task runs
    roles.push(runWorker({ group: g, pollMs: 200, leaseMs: 5_000 }));
    expect((await ended(tenant, waiting.id)).execution.state).toBe("SUCCESS");
  });

  it("list the live workers with their group, load and heartbeat; a stopped worker leaves, a dead one is removed", async () => {
    const g = await group();
    const id = uniq("worker");
    const worker = runWorker({ id, group: g, concurrency: 2, pollMs: 200, leaseMs: 5_000 });
    roles = [worker];
    const listed = await until(async () => (await listWorkerGroups(cliActor())).groups.find((x) => x.key === g)?.workers.find((w) => w.id === id), 10_000, "the worker listed");
    expect(listed).toMatchObject({ id, workerGroup: g, concurrency: 2, running: 0, pid: process.pid });
    expect(listed.lastHeartbeat.getTime()).toBeGreaterThanOrEqual(listed.startedAt.getTime());
    await worker.stop();
    roles = [];
    expect((await liveWorkers({ groups: [g] })).map((w) => w.id)).toEqual([]);

    // a worker that stopped answering long ago: not live, and its row removed by the scheduler's pass
    const dead = uniq("dead");
    const old = new Date(Date.now() - 3_600_000);
    await db.worker.create({ data: { id: dead, workerGroup: g, host: "gone", pid: 1, concurrency: 1, startedAt: old, lastHeartbeat: old } });
    expect((await liveWorkers({ groups: [g] })).map((w) => w.id)).toEqual([]);
    await applyWorkerGroupFallbacks();
    expect(await db.worker.count({ where: { id: dead } })).toBe(0);
  });

  it("refuse a non-superadmin's list and changes", async () => {
    const user = await makeUser();
    await expect(listWorkerGroups(actorOf(user))).rejects.toMatchObject({ status: 403 });
    await expect(createWorkerGroup(actorOf(user), { key: uniq("wg") })).rejects.toMatchObject({ status: 403 });
  });
});
