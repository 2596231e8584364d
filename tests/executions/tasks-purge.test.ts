import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db, tenantDb } from "@/lib/db";
import { putKv } from "@/lib/kv/kv";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { insertExecution } from "@/lib/executions/access";
import { InternalStorage, executionFolder } from "@/lib/executions/internal-storage";
import { execution, run } from "@/lib/executions/test-support";
import type { State } from "@/lib/executions/types";
import { makeTenant, uniq } from "../helpers";

// log.PurgeLogs, execution.PurgeExecutions and kv.PurgeKV delete only the execution's tenant's
// data, only in namespaces its flow may act on, never the running execution's.

const PURGE_LOGS = "io.kestra.plugin.core.log.PurgeLogs";
const PURGE_EXECUTIONS = "io.kestra.plugin.core.execution.PurgeExecutions";
const PURGE_KV = "io.kestra.plugin.core.kv.PurgeKV";
const OLD = new Date("2026-01-01T00:00:00Z");
const CUTOFF = "2026-06-01T00:00:00Z";

let tenant = "";
let other = "";

/** An execution that ended at OLD, with a log line and a file. */
async function ended(tenantId: string, namespace: string, state: State = "SUCCESS", id = uniq("e").replace("-", "")) {
  const e = execution({ id, tenantId, namespace, flowId: "f", state });
  await tenantDb(tenantId).$transaction((tx) => insertExecution(tx, e, OLD));
  await db.execution.update({ where: { id }, data: { endDate: OLD } });
  await db.executionLog.create({ data: { tenantId, namespace, flowId: "f", executionId: id, level: "INFO", timestamp: OLD, message: "old" } });
  await new InternalStorage(tenantDb(tenantId), namespace).put(`${executionFolder(namespace, "f", id)}/tasks/t/tr/out.txt`, "x");
  return id;
}

const alive = async (id: string) => (await db.execution.findFirst({ where: { id, deleted: false } })) !== null;
const logsOf = (id: string) => db.executionLog.count({ where: { executionId: id } });

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  for (const t of [tenant, other]) {
    const ctx = await tenantContext(cliActor(), t);
    for (const name of ["company.team", "closed", "shared"]) await createNamespace(ctx, { name }).catch(() => undefined);
    await updateNamespace(ctx, "closed", { allowedNamespaces: ["finance"] });
    await updateNamespace(ctx, "shared", { allowedNamespaces: ["company.team"] });
  }
});

describe("execution.PurgeExecutions", () => {
  it("purges ended executions, logs and files of the flow's namespace and below; not other tenants', other namespaces', nor itself", async () => {
    const mine = await ended(tenant, "company.team");
    const child = await ended(tenant, "company.team.sub", "FAILED");
    const closed = await ended(tenant, "closed");
    const theirs = await ended(other, "company.team");
    const self = await ended(tenant, "company.team", "SUCCESS");
    const { result, logs } = await run({ id: "p", type: PURGE_EXECUTIONS, endDate: CUTOFF }, { tenantId: tenant, execution: execution({ id: self, tenantId: tenant }) });
    expect(result.state).toBe("SUCCESS");
    expect(result.outputs).toEqual({ executionsCount: 2, logsCount: 2, storagesCount: 2, metricsCount: 0 });
    expect([await alive(mine), await alive(child)]).toEqual([false, false]);
    expect([await alive(closed), await alive(theirs), await alive(self)]).toEqual([true, true, true]);
    expect([await logsOf(closed), await logsOf(theirs), await logsOf(self)]).toEqual([1, 1, 1]);
    expect(await new InternalStorage(tenantDb(tenant), "company.team").get(`${executionFolder("company.team", "f", mine)}/tasks/t/tr/out.txt`)).toBeNull();
    expect(await new InternalStorage(tenantDb(other), "company.team").get(`${executionFolder("company.team", "f", theirs)}/tasks/t/tr/out.txt`)).not.toBeNull();
    expect(logs.some((l) => l.message.includes("Purged 2 execution(s)"))).toBe(true);
    const audit = await db.auditLog.findFirst({ where: { tenantId: tenant, resourceType: "EXECUTION", resourceId: mine, action: "DELETE" } });
    expect(audit).toMatchObject({ actorName: `execution ${self}`, via: "engine" });
  });

  it("leaves a namespace that does not allow the flow's, and honours states, dates and the purge flags", async () => {
    const closed = await ended(tenant, "closed");
    const refused = await run({ id: "p", type: PURGE_EXECUTIONS, namespace: "closed", endDate: CUTOFF }, { tenantId: tenant });
    expect(refused.result.outputs).toMatchObject({ executionsCount: 0 });
    expect(refused.logs).toContainEqual({ level: "WARN", message: "Left alone (they do not allow company.team): closed" });
    expect(await alive(closed)).toBe(true);

    const shared = await ended(tenant, "shared", "KILLED");
    const ok = await ended(tenant, "shared", "SUCCESS");
    const early = await run({ id: "p", type: PURGE_EXECUTIONS, namespace: "shared", endDate: "2025-12-01T00:00:00Z" }, { tenantId: tenant });
    expect(early.result.outputs).toMatchObject({ executionsCount: 0 });
    const logsOnly = await run({ id: "p", type: PURGE_EXECUTIONS, namespace: "shared", flowId: "f", endDate: CUTOFF, states: ["KILLED"], purgeExecution: false, purgeStorage: false }, { tenantId: tenant });
    expect(logsOnly.result.outputs).toEqual({ executionsCount: 0, logsCount: 1, storagesCount: 0, metricsCount: 0 });
    expect([await alive(shared), await logsOf(shared), await logsOf(ok)]).toEqual([true, 0, 1]);
    const bad = await run({ id: "p", type: PURGE_EXECUTIONS, endDate: "someday" }, { tenantId: tenant });
    expect(bad.result).toMatchObject({ state: "FAILED", error: 'property "endDate" must be a date (ISO-8601), not "someday"' });
  });
});

describe("log.PurgeLogs", () => {
  it("purges logs before endDate by level, in its tenant and namespaces only, never this execution's", async () => {
    const a = await ended(tenant, "company.team");
    await db.executionLog.create({ data: { tenantId: tenant, namespace: "company.team", flowId: "f", executionId: a, level: "ERROR", timestamp: OLD, message: "kept" } });
    const closed = await ended(tenant, "closed");
    const theirs = await ended(other, "company.team");
    const self = await ended(tenant, "company.team");
    const { result } = await run(
      { id: "p", type: PURGE_LOGS, endDate: CUTOFF, logLevels: ["TRACE", "DEBUG", "INFO", "WARN"] },
      { tenantId: tenant, execution: execution({ id: self, tenantId: tenant }) },
    );
    expect(result.state).toBe("SUCCESS");
    expect(result.outputs!.count).toBeGreaterThanOrEqual(1);
    expect(await db.executionLog.findMany({ where: { executionId: a }, select: { message: true } })).toEqual([{ message: "kept" }]);
    expect([await logsOf(closed), await logsOf(theirs), await logsOf(self)]).toEqual([1, 1, 1]);
    const closedRun = await run({ id: "p", type: PURGE_LOGS, namespace: "closed", endDate: CUTOFF }, { tenantId: tenant });
    expect(closedRun.result.outputs).toEqual({ count: 0 });
    expect(await logsOf(closed)).toBe(1);
    const missing = await run({ id: "p", type: PURGE_LOGS }, { tenantId: tenant });
    expect(missing.result).toMatchObject({ state: "FAILED", error: 'missing required property "endDate"' });
  });
});

describe("kv.PurgeKV", () => {
  it("purges expired keys by default, every matching key with expiredOnly false, in allowed namespaces of its tenant only", async () => {
    for (const t of [tenant, other]) {
      const ctx = await tenantContext(cliActor(), t);
      await putKv(ctx, "company.team", "AI_live", { type: "STRING", value: "v" });
      await putKv(ctx, "company.team", "AI_old", { type: "STRING", value: "v" });
      await putKv(ctx, "company.team", "other", { type: "STRING", value: "v" });
      await putKv(ctx, "closed", "AI_x", { type: "STRING", value: "v" });
    }
    await db.kvEntry.updateMany({ where: { key: "AI_old" }, data: { expiresAt: OLD } });
    const keys = async (t: string) => (await db.kvEntry.findMany({ where: { tenantId: t }, select: { namespace: true, key: true }, orderBy: [{ namespace: "asc" }, { key: "asc" }] })).map((k) => `${k.namespace}/${k.key}`);

    const expired = await run({ id: "p", type: PURGE_KV }, { tenantId: tenant });
    expect(expired.result.outputs).toEqual({ size: 1 });
    expect(await keys(tenant)).toEqual(["closed/AI_x", "company.team/AI_live", "company.team/other"]);

    const all = await run({ id: "p", type: PURGE_KV, namespaces: ["company", "closed"], keyPattern: "AI_*", behavior: { type: "key", expiredOnly: false } }, { tenantId: tenant });
    expect(all.result.outputs).toEqual({ size: 1 });
    expect(all.logs).toContainEqual({ level: "WARN", message: "Left alone (they do not allow company.team): closed" });
    expect(await keys(tenant)).toEqual(["closed/AI_x", "company.team/other"]);
    expect(await keys(other)).toEqual(["closed/AI_x", "company.team/AI_live", "company.team/AI_old", "company.team/other"]);
    const audit = await db.auditLog.findFirst({ where: { tenantId: tenant, resourceType: "KV", resourceId: "company.team/AI_live", action: "DELETE" } });
    expect(audit).toMatchObject({ actorName: "execution exec1", via: "engine" });
  });
});
