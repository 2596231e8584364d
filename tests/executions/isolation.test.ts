import { afterEach, describe, expect, it } from "vitest";
import { isPostgres } from "@/lib/config";
import { db, tenantDb } from "@/lib/db";
import { claimJobs, completeJob } from "@/lib/executions/queue";
import { advanceExecution, resetEngine, setEngine } from "@/lib/executions/processes";
import { fakeStep } from "./support/fake-engine";
import { flowWith } from "./support/data";

// Every table of executions belongs to one tenant: the tenant-bound client sees and writes only
// its own tenant's rows, the database refuses a child row under another tenant's execution, and on
// PostgreSQL row-level security holds even for raw SQL without a tenant filter.

afterEach(async () => {
  resetEngine();
  await db.taskJob.deleteMany({});
  await db.executionEvent.deleteMany({});
});

const TABLES = ["execution", "taskRun", "executionLog", "executionEvent", "taskJob"] as const;
const SQL_TABLES = ["Execution", "TaskRun", "ExecutionLog", "ExecutionEvent", "TaskJob"];

type Any = {
  findMany(a?: unknown): Promise<{ tenantId: string }[]>;
  count(a?: unknown): Promise<number>;
  deleteMany(a?: unknown): Promise<{ count: number }>;
};
const model = (client: unknown, t: string) => (client as Record<string, Any>)[t];

/** A tenant with an execution that has a row in every table (a task run, a log line, an event, a job). */
async function tenantWithExecution() {
  setEngine({ step: fakeStep });
  const flow = await flowWith([{ id: "a", type: "test.Sleep" }]);
  const execution = await flow.start();
  await advanceExecution({ tenantId: flow.tenantId, executionId: execution.id });
  await db.executionEvent.create({ data: { tenantId: flow.tenantId, executionId: execution.id, payload: JSON.stringify({ type: "kill" }) } });
  return { tenantId: flow.tenantId, executionId: execution.id };
}

describe("executions tables and tenants", () => {
  it("are reached through the tenant-bound client for its own tenant only", async () => {
    const a = await tenantWithExecution();
    const b = await tenantWithExecution();
    for (const t of TABLES) {
      for (const own of [a, b]) {
        const rows = await model(tenantDb(own.tenantId), t).findMany({});
        expect(rows.length, t).toBeGreaterThan(0);
        expect([...new Set(rows.map((r) => r.tenantId))], t).toEqual([own.tenantId]);
      }
      // a where naming the other tenant's execution finds nothing, and deletes nothing
      const where = t === "execution" ? { id: b.executionId } : { executionId: b.executionId };
      expect(await model(tenantDb(a.tenantId), t).count({ where }), t).toBe(0);
      expect((await model(tenantDb(a.tenantId), t).deleteMany({ where })).count, t).toBe(0);
      expect(await model(db, t).count({ where }), t).toBeGreaterThan(0);
    }
    // a's worker cannot report a result into b's execution through a's client
    const [job] = await claimJobs({ workerId: "w", limit: 10, leaseMs: 60_000 }).then((jobs) => jobs.filter((j) => j.tenantId === b.tenantId));
    expect(await completeJob({ ...job, tenantId: a.tenantId }, "w", { state: "SUCCESS" })).toBe("stale");
    expect(await completeJob(job, "w", { state: "SUCCESS" })).toBe("accepted");
  });

  it("refuse a row under another tenant's execution (references carry the tenant)", async () => {
    const a = await tenantWithExecution();
    const b = await tenantWithExecution();
    const cross = { tenantId: a.tenantId, executionId: b.executionId };
    await expect(db.taskRun.create({ data: { ...cross, id: "cross-run", seq: 99, taskId: "x", state: "CREATED" } })).rejects.toThrow();
    await expect(
      db.executionLog.create({ data: { ...cross, namespace: "n", flowId: "f", level: "INFO", timestamp: new Date(), message: "m" } }),
    ).rejects.toThrow();
    await expect(db.executionEvent.create({ data: { ...cross, payload: "{}" } })).rejects.toThrow();
    await expect(db.taskJob.create({ data: { ...cross, taskRunId: "x", attempt: 1, taskId: "x" } })).rejects.toThrow();
    // and the tenant-bound client never lets a caller name another tenant
    await expect(tenantDb(a.tenantId).taskRun.findMany({ where: { tenantId: b.tenantId } })).rejects.toThrow();
  });

  it.skipIf(!isPostgres(process.env.DATABASE_URL))("hold under row-level security for raw SQL without a tenant filter (PostgreSQL)", async () => {
    const a = await tenantWithExecution();
    const b = await tenantWithExecution();
    for (const table of SQL_TABLES) {
      for (const own of [a, b]) {
        const rows = await tenantDb(own.tenantId).$queryRawUnsafe<{ tenantId: string }[]>(`SELECT "tenantId" FROM "${table}"`);
        expect(rows.length, table).toBeGreaterThan(0);
        expect([...new Set(rows.map((r) => r.tenantId))], table).toEqual([own.tenantId]);
      }
      // writing another tenant's row through the policy-bound role is refused by the database
      await expect(
        tenantDb(a.tenantId).$transaction((tx) => tx.$executeRawUnsafe(`UPDATE "${table}" SET "tenantId" = "tenantId" WHERE "tenantId" = $1`, b.tenantId)),
        table,
      ).resolves.toBe(0);
    }
    await expect(
      tenantDb(a.tenantId).$transaction((tx) =>
        tx.$executeRaw`INSERT INTO "ExecutionEvent" ("tenantId", "executionId", "payload") VALUES (${b.tenantId}, ${b.executionId}, '{}')`,
      ),
    ).rejects.toThrow(/row-level security|policy/);
  });
});
