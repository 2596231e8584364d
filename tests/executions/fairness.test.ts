import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { db, tenantDb } from "@/lib/db";
import { type Role, advanceExecution, resetEngine, runExecutor, runWorker, setEngine } from "@/lib/executions/processes";
import { claimJobs, dueExecutions } from "@/lib/executions/queue";
import { createExecution, newId } from "@/lib/executions/store";
import { TERMINAL_STATES } from "@/lib/executions/types";
import { updateTenant } from "@/lib/tenants/tenants";
import { createWorkerGroup } from "@/lib/workers/groups";
import { makeTenant, uniq } from "../helpers";
import { fakeStep } from "./support/fake-engine";
import { emptyQueue, flowWith, until } from "./support/data";

// Fairness between tenants (SPEC §7): weighted turns in the executor's and the workers' queues,
// counted in controlled claim loops; and a tenant's backlog of thousands that does not hold back
// another tenant's execution, counted by how many of the backlog ended before it (not by time).

beforeAll(emptyQueue);
let roles: Role[] = [];
afterEach(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  roles = [];
  resetEngine();
  await db.taskJob.deleteMany({});
  await db.executionEvent.deleteMany({});
});

/** A tenant of weight `weight` with one started execution of `tasks` jobs in worker group `group`. */
async function tenantWithJobs(weight: number, tasks: number, group: string) {
  setEngine({ step: fakeStep });
  const { id } = await makeTenant();
  if (weight !== 1) await updateTenant(cliActor(), id, { weight });
  const flow = await flowWith(Array.from({ length: tasks }, (_, i) => ({ id: `t${i}`, type: "test.Sleep", workerGroup: { key: group } })), id);
  const execution = await flow.start();
  await advanceExecution({ tenantId: id, executionId: execution.id });
  return id;
}

describe("weighted turns between tenants", () => {
  it("a tenant of weight 3 gets three claims for each one of a tenant of weight 1", async () => {
    const group = uniq("weights");
    // a defined group: a group that is not defined claims nothing
    await createWorkerGroup(cliActor(), { key: group });
    const heavy = await tenantWithJobs(3, 60, group);
    const light = await tenantWithJobs(1, 60, group);
    const claims = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const [job] = await claimJobs({ workerId: "w", group, limit: 1, leaseMs: 60_000 });
      claims.set(job.tenantId, (claims.get(job.tenantId) ?? 0) + 1);
    }
    expect(claims.get(heavy)).toBe(30);
    expect(claims.get(light)).toBe(10);
    // a larger claim is shared by weight too
    const jobs = await claimJobs({ workerId: "w", group, limit: 8, leaseMs: 60_000 });
    expect(jobs.filter((j) => j.tenantId === heavy)).toHaveLength(6);
    expect(jobs.filter((j) => j.tenantId === light)).toHaveLength(2);
  });

  it("the executor's passes take each tenant's due executions by weight", async () => {
    setEngine({ step: fakeStep });
    const heavy = await flowWith([{ id: "a", type: "test.Sleep" }]);
    const light = await flowWith([{ id: "a", type: "test.Sleep" }]);
    await updateTenant(cliActor(), heavy.tenantId, { weight: 3 });
    for (let i = 0; i < 20; i++) {
      await heavy.start();
      await light.start();
    }
    const due = await dueExecutions(8);
    expect(due.filter((d) => d.tenantId === heavy.tenantId)).toHaveLength(6);
    expect(due.filter((d) => d.tenantId === light.tenantId)).toHaveLength(2);
  });
});

describe("a tenant's backlog", () => {
  it("does not hold back another tenant's execution: few of the backlog end before it", async () => {
    const backlog = await flowWith([{ id: "log", type: "io.kestra.plugin.core.log.Log", message: "a" }]);
    const other = await flowWith([{ id: "log", type: "io.kestra.plugin.core.log.Log", message: "b" }]);
    // tenant A enqueues 5,000 executions (rows and start events written in bulk, as createExecution does one by one)
    const now = new Date();
    const ids = Array.from({ length: 5000 }, () => newId());
    const histories = JSON.stringify([{ state: "CREATED", date: now.toISOString() }]);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await tenantDb(backlog.tenantId).$transaction(async (tx) => {
        await tx.execution.createMany({
          data: chunk.map((id) => ({
            id,
            tenantId: backlog.tenantId,
            namespace: "company.team",
            flowId: backlog.flowId,
            flowRevision: 1,
            state: "CREATED",
            histories,
            startDate: now,
            createdAt: now,
          })),
        });
        await tx.executionEvent.createMany({ data: chunk.map((id) => ({ tenantId: backlog.tenantId, executionId: id, payload: JSON.stringify({ type: "start" }) })) });
      });
    }
    roles = [runExecutor({ pollMs: 200 }), runWorker({ concurrency: 4, pollMs: 200 })];
    // then tenant B starts one
    await until(() => db.execution.count({ where: { tenantId: backlog.tenantId, state: { not: "CREATED" } } }), 60_000, "the backlog to start");
    const mine = await createExecution({ db: tenantDb(other.tenantId), tenantId: other.tenantId }, { namespace: "company.team", flowId: other.flowId, flowRevision: 1 });
    const ended = await until(
      async () => {
        const row = await tenantDb(other.tenantId).execution.findFirst({ where: { id: mine.id } });
        return row && TERMINAL_STATES.has(row.state as never) ? row : null;
      },
      120_000,
      "tenant B's execution to end",
    );
    expect(ended.state).toBe("SUCCESS");
    await Promise.all(roles.map((r) => r.stop()));
    roles = [];
    const aheadOfIt = await db.execution.count({ where: { tenantId: backlog.tenantId, endDate: { lte: ended.endDate! } } });
    const done = await db.execution.count({ where: { tenantId: backlog.tenantId, endDate: { not: null } } });
    console.info(`fairness: ${aheadOfIt} of tenant A's 5000 executions ended before tenant B's (${done} had ended when the roles stopped)`);
    expect(aheadOfIt).toBeLessThan(50);
  }, 300_000);
});
