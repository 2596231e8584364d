import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { insertExecution } from "@/lib/executions/access";
import { executionStats } from "@/lib/executions/stats";
import { execution } from "@/lib/executions/test-support";
import type { State } from "@/lib/executions/types";
import { grantAccess } from "@/lib/tenants/access";
import { createBinding } from "@/lib/rbac/bindings";
import { ctxOf, makeTenant, makeUser, uniq } from "../helpers";

// The dashboard's counts: per state and per hour or day, counted by the database, only in the
// namespaces the caller may read, never another tenant's.

const NOW = new Date("2026-06-15T10:30:00Z");
const HOUR = 3_600_000;
let tenant = "";
let other = "";

async function add(tenantId: string, namespace: string, state: State, at: Date, deleted = false) {
  const e = execution({ id: uniq("e").replace("-", ""), tenantId, namespace, state });
  await tenantDb(tenantId).$transaction(async (tx) => {
    await insertExecution(tx, e, at);
    if (deleted) await tx.execution.update({ where: { id: e.id }, data: { deleted: true } });
  });
}

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  await add(tenant, "team.a", "SUCCESS", new Date(NOW.getTime() - 10 * 60_000)); // this hour
  await add(tenant, "team.a", "FAILED", new Date(NOW.getTime() - 20 * 60_000)); // this hour
  await add(tenant, "team.a.sub", "SUCCESS", new Date(NOW.getTime() - 2 * HOUR)); // two hours ago
  await add(tenant, "team.b", "RUNNING", new Date(NOW.getTime() - 5 * 60_000)); // this hour, other namespace
  await add(tenant, "team.b", "SUCCESS", new Date(NOW.getTime() - 3 * 24 * HOUR)); // three days ago
  await add(tenant, "team.a", "SUCCESS", new Date(NOW.getTime() - 40 * 24 * HOUR)); // too old for both
  await add(tenant, "team.a", "SUCCESS", new Date(NOW.getTime() - 60_000), true); // deleted
  await add(other, "team.a", "SUCCESS", new Date(NOW.getTime() - 60_000)); // another tenant
});

describe("executionStats", () => {
  it("counts per state, per hour over 24 hours and per day over 30 days, in the database", async () => {
    const stats = await executionStats(await tenantContext(cliActor(), tenant), NOW);
    expect(stats.hourly).toHaveLength(24);
    expect(stats.daily).toHaveLength(30);
    expect(stats.hourly.at(-1)).toEqual({ start: "2026-06-15T10:00:00.000Z", counts: { SUCCESS: 1, FAILED: 1, RUNNING: 1 }, total: 3 });
    expect(stats.hourly.at(-3)).toEqual({ start: "2026-06-15T08:00:00.000Z", counts: { SUCCESS: 1 }, total: 1 });
    expect(stats.hourly.reduce((s, b) => s + b.total, 0)).toBe(4);
    expect(stats.daily.at(-1)).toEqual({ start: "2026-06-15T00:00:00.000Z", counts: { SUCCESS: 2, FAILED: 1, RUNNING: 1 }, total: 4 });
    expect(stats.daily.at(-4)).toEqual({ start: "2026-06-12T00:00:00.000Z", counts: { SUCCESS: 1 }, total: 1 });
    expect(stats.daily[0].start).toBe("2026-05-17T00:00:00.000Z");
    expect(stats.total).toBe(5);
  });

  it("counts only the namespaces a scoped reader may read (and their descendants)", async () => {
    const reader = await makeUser();
    const admin = await tenantContext(cliActor(), tenant);
    await grantAccess(admin, reader.username);
    await createBinding(admin, { user: reader.username, role: "Viewer", namespace: "team.a" });
    const stats = await executionStats(await ctxOf(reader, tenant), NOW);
    expect(stats.hourly.at(-1)?.counts).toEqual({ SUCCESS: 1, FAILED: 1 });
    expect(stats.daily.at(-1)?.counts).toEqual({ SUCCESS: 2, FAILED: 1 });
    expect(stats.total).toBe(3);
  });

  it("counts nothing for a member who may read no executions", async () => {
    const member = await makeUser();
    await grantAccess(await tenantContext(cliActor(), tenant), member.username);
    const stats = await executionStats(await ctxOf(member, tenant), NOW);
    expect(stats.total).toBe(0);
    expect(stats.hourly.every((b) => b.total === 0)).toBe(true);
  });
});
