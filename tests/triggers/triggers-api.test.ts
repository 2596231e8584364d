import { beforeAll, describe, expect, it } from "vitest";
import { PUT as updateRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/triggers/[triggerId]/route";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/triggers/search/route";
import { POST as unlockRoute } from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/unlock/route";
import * as backfillRoute from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/backfill/route";
import { POST as pauseRoute } from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/backfill/pause/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createFlow } from "@/lib/flows/flows";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { cli } from "../cli";
import { call, makeTenant, makeUser, request, tokenOf } from "../helpers";

// The triggers API as each kind of user meets it: FLOW:READ lists (the readable namespaces only),
// FLOW:UPDATE changes, another tenant's trigger is not there; and the CLI over the same functions.

const flow = (ns: string, id: string) =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n`;

let tenant = "";
let other = "";
const tokens: Record<"admin" | "viewer" | "teamEditor" | "outsider", string> = { admin: "", viewer: "", teamEditor: "", outsider: "" };

beforeAll(async () => {
  const admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  other = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  await createFlow(ctx, flow("company.team", "etl"));
  await createFlow(ctx, flow("company.other", "etl"));
  await createFlow(await tenantContext(cliActor(), other), flow("company.team", "etl"));
  const viewer = await makeUser();
  const teamEditor = await makeUser();
  for (const u of [viewer, teamEditor]) await grantAccess(ctx, u.username);
  await createBinding(ctx, { user: viewer.username, role: "Viewer" });
  await createBinding(ctx, { user: teamEditor.username, role: "Editor", namespace: "company.team" });
  const outsider = await makeUser();
  await grantAccess(await tenantContext(cliActor(), other), outsider.username);
  await createBinding(await tenantContext(cliActor(), other), { user: outsider.username, role: "Admin" });
  tokens.admin = await tokenOf(admin);
  tokens.viewer = await tokenOf(viewer);
  tokens.teamEditor = await tokenOf(teamEditor);
  tokens.outsider = await tokenOf(outsider);
});

const key = { namespace: "company.team", flowId: "etl", triggerId: "daily" };
const search = (who: keyof typeof tokens, query = "", t = tenant) => call(searchRoute, request("GET", `/${query}`, { token: tokens[who] }), { tenant: t });
const disable = (who: keyof typeof tokens, disabled: boolean, ns = "company.team", t = tenant) =>
  call(updateRoute, request("PUT", "/", { token: tokens[who], body: { disabled } }), { tenant: t, namespace: ns, id: "etl", triggerId: "daily" });
const row = (t: string, ns = "company.team") => db.trigger.findFirstOrThrow({ where: { tenantId: t, namespace: ns, flowId: "etl" } });

describe("the triggers API", () => {
  it("lists the triggers of readable namespaces with their next date", async () => {
    const all = await search("viewer");
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(2);
    expect(all.json.results[0]).toMatchObject({ namespace: "company.other", flowId: "etl", triggerId: "daily", disabled: false, locked: false, backfill: null });
    expect(all.json.results[0].nextExecutionDate).toMatch(/T09:00:00.000Z$/);
    const team = await search("teamEditor");
    expect(team.json.results.map((r: { namespace: string }) => r.namespace)).toEqual(["company.team"]);
    expect((await search("viewer", "?namespace=company.team")).json.total).toBe(1);
    expect((await search("viewer", "?flowId=nope")).json.total).toBe(0);
  });

  it("lets FLOW:UPDATE disable and enable, refuses a reader (403) and hides other namespaces and tenants (404)", async () => {
    const before = await row(tenant);
    expect((await disable("viewer", true)).status).toBe(403);
    expect((await disable("teamEditor", true, "company.other")).status).toBe(404);
    expect((await disable("outsider", true, "company.team", tenant)).status).toBe(404);
    expect((await row(tenant)).disabled).toBe(false);
    expect((await row(tenant)).updatedAt).toEqual(before.updatedAt);

    const off = await disable("teamEditor", true);
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ disabled: true, nextExecutionDate: null });
    expect((await row(tenant)).disabled).toBe(true);
    // the same names in the other tenant are untouched
    expect((await row(other)).disabled).toBe(false);
    const on = await disable("teamEditor", false);
    expect(on.json.disabled).toBe(false);
    expect(new Date(on.json.nextExecutionDate).getTime()).toBeGreaterThan(Date.now());
    const audits = await db.auditLog.findMany({ where: { tenantId: tenant, resourceType: "TRIGGER" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.action, a.resourceId])).toEqual([
      ["UPDATE", "company.team.etl.daily"],
      ["UPDATE", "company.team.etl.daily"],
    ]);
  });

  it("unlocks a stuck trigger, and sets, pauses and removes a backfill", async () => {
    await db.trigger.updateMany({ where: { tenantId: tenant, namespace: "company.team" }, data: { lockedBy: "dead-scheduler", lockedUntil: new Date(Date.now() + 3600_000) } });
    expect((await search("admin", "?namespace=company.team")).json.results[0]).toMatchObject({ locked: true, lockedBy: "dead-scheduler" });
    expect((await call(unlockRoute, request("POST", "/", { token: tokens.viewer }), { tenant, ...key })).status).toBe(403);
    expect((await call(unlockRoute, request("POST", "/", { token: tokens.outsider }), { tenant, ...key })).status).toBe(404);
    const unlocked = await call(unlockRoute, request("POST", "/", { token: tokens.teamEditor }), { tenant, ...key });
    expect(unlocked.json).toMatchObject({ locked: false, lockedBy: null });

    const set = await call(backfillRoute.PUT, request("PUT", "/", { token: tokens.teamEditor, body: { start: "2026-01-01T00:00:00Z", end: "2026-01-03T00:00:00Z" } }), { tenant, ...key });
    expect(set.status).toBe(200);
    expect(set.json.backfill).toEqual({ start: "2026-01-01T00:00:00.000Z", end: "2026-01-03T00:00:00.000Z", currentDate: "2026-01-01T00:00:00.000Z", paused: false });
    const paused = await call(pauseRoute, request("POST", "/", { token: tokens.teamEditor }), { tenant, ...key });
    expect(paused.json.backfill.paused).toBe(true);
    const removed = await call(backfillRoute.DELETE, request("DELETE", "/", { token: tokens.teamEditor }), { tenant, ...key });
    expect(removed.json.backfill).toBeNull();
    expect((await call(pauseRoute, request("POST", "/", { token: tokens.teamEditor }), { tenant, ...key })).status).toBe(404);
  });

  it("answers the CLI with the same functions", async () => {
    const listed = await cli("triggers", "list", "--tenant", tenant, "--namespace", "company.team");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^company\.team\.etl {2}daily {2}next=\S+T09:00:00\.000Z {2}last=- {2}enabled$/);
    const off = await cli("triggers", "disable", "--tenant", tenant, "company.team", "etl", "daily");
    expect(off.code).toBe(0);
    expect(off.out).toContain("disabled");
    expect((await row(tenant)).disabled).toBe(true);
    expect((await cli("triggers", "enable", "--tenant", tenant, "company.team", "etl", "daily")).code).toBe(0);
    expect((await row(tenant)).disabled).toBe(false);
    const missing = await cli("triggers", "unlock", "--tenant", tenant, "company.team", "etl", "nope");
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/Trigger not found/);
  });
});
