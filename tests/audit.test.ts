import { describe, expect, it } from "vitest";
import { GET as instanceExportRoute } from "@/app/api/v1/admin/auditlogs/export/route";
import { GET as instanceAuditRoute } from "@/app/api/v1/admin/auditlogs/route";
import { GET as exportRoute } from "@/app/api/v1/[tenant]/auditlogs/export/route";
import { GET as auditRoute } from "@/app/api/v1/[tenant]/auditlogs/route";
import * as flowRoute from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import { POST as createFlowRoute } from "@/app/api/v1/[tenant]/flows/route";
import * as rolesRoute from "@/app/api/v1/[tenant]/roles/route";
import * as bindingsRoute from "@/app/api/v1/[tenant]/bindings/route";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser, request, sessionCookie, tokenOf } from "./helpers";

const YAML = { "content-type": "application/x-yaml" };
const flow = (ns: string, id = "f", msg = "hi") =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${msg}\n`;

async function setup() {
  const admin = await makeUser();
  const t = await makeTenant(admin);
  const token = await tokenOf(admin);
  const post = (ns: string, id = "f") =>
    call(createFlowRoute, request("POST", "/", { token, body: flow(ns, id), headers: YAML }), { tenant: t.id });
  return { admin, t, token, post };
}

describe("audit log", () => {
  it("records who did what, through which interface, with the diff, newest first", async () => {
    const { admin, t, token, post } = await setup();
    await post("company.team");
    await call(flowRoute.PUT, request("PUT", "/", { token, body: flow("company.team", "f", "changed"), headers: { ...YAML, "if-match": '"1"' } }), {
      tenant: t.id,
      namespace: "company.team",
      id: "f",
    });
    const r = await call(auditRoute, request("GET", "/?resourceType=FLOW", { token }), { tenant: t.id });
    expect(r.status).toBe(200);
    expect(r.json.total).toBe(2);
    const [update, create] = r.json.results;
    expect(update).toMatchObject({ action: "UPDATE", resourceType: "FLOW", resourceId: "company.team.f", namespace: "company.team", actorName: admin.username, via: "api" });
    expect(update.tokenId).toBeTruthy();
    expect(update.before.source).toContain("message: hi");
    expect(update.after.source).toContain("message: changed");
    expect(create.action).toBe("CREATE");
  });

  it("filters by actor, action, resource type, namespace and time, and refuses bad filters", async () => {
    const { admin, t, token, post } = await setup();
    await post("a");
    await post("b.c");
    const q = async (query: string) => (await call(auditRoute, request("GET", `/?${query}`, { token }), { tenant: t.id })).json;
    expect((await q("namespace=b")).results.map((e: { resourceId: string }) => e.resourceId)).toEqual(["b.c.f"]);
    expect((await q(`actor=${encodeURIComponent(admin.username)}&action=CREATE&resourceType=FLOW`)).total).toBe(2);
    expect((await q("actor=nobody")).total).toBe(0);
    expect((await q(`from=${new Date(Date.now() + 60_000).toISOString()}`)).total).toBe(0);
    expect((await q(`to=${new Date(Date.now() + 60_000).toISOString()}&resourceType=FLOW`)).total).toBe(2);
    const bad = await call(auditRoute, request("GET", "/?from=yesterday-ish", { token }), { tenant: t.id });
    expect(bad.status).toBe(422);
  });

  it("shows a namespace-scoped reader only the entries of their namespaces", async () => {
    const { t, token, post } = await setup();
    await post("company.team");
    await post("companyx");
    await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "Auditor", permissions: { AUDITLOG: ["READ"] } } }), { tenant: t.id });
    const reader = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: t.id, userId: reader.id } });
    await call(bindingsRoute.POST, request("POST", "/", { token, body: { user: reader.username, role: "Auditor", namespace: "company" } }), { tenant: t.id });
    const r = await call(auditRoute, request("GET", "/?size=100", { token: await tokenOf(reader) }), { tenant: t.id });
    expect(r.status).toBe(200);
    const seen = r.json.results.map((e: { resourceType: string; namespace: string | null }) => [e.resourceType, e.namespace]);
    // the flow in company.team and the binding on company; not companyx, not tenant-level entries (the role)
    expect(seen).toEqual([
      ["BINDING", "company"],
      ["FLOW", "company.team"],
    ]);
    expect(r.json.total).toBe(2);
    const none = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: t.id, userId: none.id } });
    const denied = await call(auditRoute, request("GET", "/", { token: await tokenOf(none) }), { tenant: t.id });
    expect(denied.status).toBe(403);
  });

  it("writes nothing for a refused or failed mutation", async () => {
    const { t, token, post } = await setup();
    await post("x");
    const count = () => db.auditLog.count({ where: { tenantId: t.id } });
    const before = await count();
    await post("x"); // 409
    await call(createFlowRoute, request("POST", "/", { token, body: "id: [", headers: YAML }), { tenant: t.id }); // 400
    await call(flowRoute.PUT, request("PUT", "/", { token, body: flow("x", "f", "y"), headers: { ...YAML, "if-match": '"7"' } }), { tenant: t.id, namespace: "x", id: "f" }); // 412
    await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "" , permissions: {} } }), { tenant: t.id }); // 422
    expect(await count()).toBe(before);
  });

  it("is append-only in the database itself", async () => {
    const { t, post } = await setup();
    await post("ro");
    const entry = await db.auditLog.findFirstOrThrow({ where: { tenantId: t.id } });
    await expect(db.auditLog.update({ where: { id: entry.id }, data: { action: "FORGED" } })).rejects.toThrow();
    await expect(db.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow();
    const instance = await db.instanceAuditLog.findFirstOrThrow();
    await expect(db.instanceAuditLog.delete({ where: { id: instance.id } })).rejects.toThrow();
    expect((await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).action).toBe("CREATE");
    expect(await db.instanceAuditLog.findUnique({ where: { id: instance.id } })).not.toBeNull();
  });

  it("exports the filtered range as CSV, defusing spreadsheet formulas", async () => {
    const { t, token, post } = await setup();
    await post("csv");
    await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "Ops", description: "=HYPERLINK(1)", permissions: {} } }), { tenant: t.id });
    const r = await call(exportRoute, request("GET", "/", { token }), { tenant: t.id });
    expect(r.headers.get("content-type")).toContain("text/csv");
    const lines = r.text.trim().split("\r\n");
    expect(lines[0]).toBe("time,actor,via,action,resourceType,resourceId,namespace,before,after");
    expect(lines.some((l) => l.includes(",FLOW,csv.f,csv,"))).toBe(true);
    expect(r.text).not.toMatch(/(^|,)=HYPERLINK/m);
    const filtered = await call(exportRoute, request("GET", "/?resourceType=ROLE", { token }), { tenant: t.id });
    expect(filtered.text.trim().split("\r\n")).toHaveLength(2);
  });

  it("says via browser for the browser's own API calls (a session cookie) and via api for an API token", async () => {
    const { admin, t, token, post } = await setup();
    await post("via");
    const cookie = await sessionCookie(admin);
    const origin = { origin: "http://localhost:3000", host: "localhost:3000" };
    const r = await call(flowRoute.PUT, request("PUT", "/", { cookie, body: flow("via", "f", "from the page"), headers: { ...YAML, ...origin, "if-match": '"1"' } }), {
      tenant: t.id,
      namespace: "via",
      id: "f",
    });
    expect(r.status).toBe(200);
    const log = await call(auditRoute, request("GET", "/?namespace=via", { token }), { tenant: t.id });
    expect(log.json.results.map((e: { action: string; via: string }) => `${e.action} ${e.via}`)).toEqual(["UPDATE browser", "CREATE api"]);
  });

  it("matches the actor filter on any part of the username, in any case", async () => {
    const { admin, t, token, post } = await setup();
    await post("who");
    const part = admin.username.slice(3, 9).toUpperCase();
    const hit = await call(auditRoute, request("GET", `/?namespace=who&actor=${encodeURIComponent(part)}`, { token }), { tenant: t.id });
    expect(hit.json.total).toBe(1);
    const miss = await call(auditRoute, request("GET", `/?namespace=who&actor=${encodeURIComponent(part + "zz")}`, { token }), { tenant: t.id });
    expect(miss.json.total).toBe(0);
  });

  it("serves the instance log filtered and as CSV to superadmins only", async () => {
    const root = await makeUser({ superadmin: true });
    const rootToken = await tokenOf(root);
    const created = await makeUser();
    const list = await call(instanceAuditRoute, request("GET", `/?resourceType=USER&action=CREATE&actor=`, { token: rootToken }), {});
    expect(list.status).toBe(200);
    expect(list.json.results.every((e: { resourceType: string; action: string }) => e.resourceType === "USER" && e.action === "CREATE")).toBe(true);
    expect(list.json.results.some((e: { resourceId: string }) => e.resourceId === created.username)).toBe(true);
    const csv = await call(instanceExportRoute, request("GET", `/?resourceType=USER`, { token: rootToken }), {});
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("time,actor,via,action,resourceType,resourceId,namespace,before,after");
    expect(lines.some((l) => l.includes(`,USER,${created.username},`))).toBe(true);
    expect(lines.slice(1).every((l) => l.includes(",USER,"))).toBe(true);
    // not for a tenant's Admin, nor anyone else
    const { token: adminToken } = await setup();
    expect((await call(instanceAuditRoute, request("GET", "/", { token: adminToken }), {})).status).toBe(403);
    expect((await call(instanceExportRoute, request("GET", "/", { token: adminToken }), {})).status).toBe(403);
    expect((await call(instanceExportRoute, request("GET", "/"), {})).status).toBe(401);
  });
});
