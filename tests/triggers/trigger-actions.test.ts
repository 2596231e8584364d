import { beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createFlow } from "@/lib/flows/flows";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { deleteBackfillAction, pauseBackfillAction, setBackfillAction, setTriggerDisabledAction, unlockTriggerAction } from "@/lib/triggers/actions";
import { makeTenant, makeUser, sessionCookie } from "../helpers";

// The triggers' server actions (the Triggers tab and page): FLOW:UPDATE in the trigger's namespace
// changes it, FLOW:READ alone is refused with the reason, another tenant's trigger is not found
// and nothing of it changes; each change is audited.

const session = { cookie: "" };
vi.mock("next/headers", () => ({
  cookies: async () => {
    const jar = new Map(
      session.cookie.split(";").filter(Boolean).map((c) => {
        const i = c.indexOf("=");
        return [c.slice(0, i).trim(), c.slice(i + 1).trim()] as const;
      }),
    );
    return { getAll: () => [...jar].map(([name, value]) => ({ name, value })), get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n) } : undefined) };
  },
  headers: async () => new Headers({ origin: "http://localhost:3000", host: "localhost:3000" }),
}));

const flow = (ns: string) =>
  `id: etl\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n`;

let tenant = "";
let other = "";
const cookies = { admin: "", viewer: "", outsider: "" };
const as = async <T>(who: keyof typeof cookies, fn: () => Promise<T>) => {
  session.cookie = cookies[who];
  try {
    return await fn();
  } finally {
    session.cookie = "";
  }
};
const key = () => ({ tenant, namespace: "company.team", flowId: "etl", triggerId: "daily" });
const row = (t: string) => db.trigger.findFirstOrThrow({ where: { tenantId: t, namespace: "company.team", flowId: "etl" } });

beforeAll(async () => {
  const admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  await createFlow(ctx, flow("company.team"));
  const viewer = await makeUser();
  await grantAccess(ctx, viewer.username);
  await createBinding(ctx, { user: viewer.username, role: "Viewer" });
  const outsider = await makeUser();
  other = (await makeTenant(outsider)).id;
  await createFlow(await tenantContext(cliActor(), other), flow("company.team"));
  cookies.admin = await sessionCookie(admin);
  cookies.viewer = await sessionCookie(viewer);
  cookies.outsider = await sessionCookie(outsider);
});

describe("the triggers' server actions", () => {
  it("disable, enable, backfill, pause, resume, cancel and unlock with FLOW:UPDATE, each audited", async () => {
    const off = await as("admin", () => setTriggerDisabledAction({ ...key(), disabled: true }));
    expect(off).toMatchObject({ ok: true, data: { triggerId: "daily", disabled: true } });
    expect((await row(tenant)).disabled).toBe(true);
    await as("admin", () => setTriggerDisabledAction({ ...key(), disabled: false }));
    expect((await row(tenant)).nextDate?.toISOString()).toMatch(/T09:00:00.000Z$/);

    const set = await as("admin", () => setBackfillAction({ ...key(), start: "2026-01-01T00:00:00Z", end: "2026-01-03T00:00:00Z" }));
    expect(set).toMatchObject({ ok: true, data: { backfill: true } });
    expect((await row(tenant)).backfillCurrent?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    await as("admin", () => pauseBackfillAction({ ...key(), paused: true }));
    expect((await row(tenant)).backfillPaused).toBe(true);
    await as("admin", () => pauseBackfillAction({ ...key(), paused: false }));
    expect((await row(tenant)).backfillPaused).toBe(false);
    await as("admin", () => deleteBackfillAction({ ...key() }));
    expect((await row(tenant)).backfillStart).toBeNull();

    await db.trigger.updateMany({ where: { tenantId: tenant }, data: { lockedBy: "dead-scheduler", lockedUntil: new Date(Date.now() + 3_600_000) } });
    expect(await as("admin", () => unlockTriggerAction(key()))).toMatchObject({ ok: true, data: { locked: false } });
    expect((await row(tenant)).lockedUntil).toBeNull();

    const audits = await db.auditLog.findMany({ where: { tenantId: tenant, resourceType: "TRIGGER" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => JSON.parse(a.after ?? "{}").change).sort()).toEqual(["backfill", "delete backfill", "disable", "enable", "pause backfill", "unlock", "unpause backfill"]);
  });

  it("refuses a reader without FLOW:UPDATE (403 naming it) and changes nothing", async () => {
    const before = await row(tenant);
    const r = await as("viewer", () => setTriggerDisabledAction({ ...key(), disabled: true }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.status).toBe(403);
      expect(r.error.message).toContain("FLOW");
    }
    const b = await as("viewer", () => setBackfillAction({ ...key(), start: "2026-01-01T00:00:00Z", end: null }));
    expect(b.ok).toBe(false);
    expect(await row(tenant)).toEqual(before);
  });

  it("another tenant's trigger is not found, whatever the caller's rights in their own, and nothing changes", async () => {
    const before = await row(tenant);
    // the outsider is Admin of their own tenant: they name the target tenant's trigger
    for (const call of [
      () => setTriggerDisabledAction({ ...key(), disabled: true }),
      () => unlockTriggerAction(key()),
      () => setBackfillAction({ ...key(), start: "2026-01-01T00:00:00Z", end: null }),
      () => pauseBackfillAction({ ...key(), paused: true }),
      () => deleteBackfillAction(key()),
    ]) {
      const r = await as("outsider", call);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.status).toBe(404);
    }
    // and the admin of the target names the outsider's tenant
    const cross = await as("admin", () => setTriggerDisabledAction({ ...key(), tenant: other, disabled: true }));
    expect(cross.ok).toBe(false);
    if (!cross.ok) expect(cross.error.status).toBe(404);
    expect(await row(tenant)).toEqual(before);
    expect((await row(other)).disabled).toBe(false);
  });

  it("an invalid backfill is refused with its reason", async () => {
    const r = await as("admin", () => setBackfillAction({ ...key(), start: "2026-02-01T00:00:00Z", end: "2026-01-01T00:00:00Z" }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.status).toBe(422);
  });
});
