import { describe, expect, it } from "vitest";
import { GET as backendsRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/backends/route";
import { GET as pluginDefaultsRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/inherited-plugindefaults/route";
import { GET as variablesRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/inherited-variables/route";
import * as namespaceRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import { POST as createFlowRoute } from "@/app/api/v1/[tenant]/flows/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

const LOG = "io.kestra.plugin.core.log.Log";

async function setup() {
  const admin = await makeUser();
  const tenant = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  for (const name of ["company", "company.team", "company.team.project", "other"]) await createNamespace(ctx, { name });
  return { admin, tenant, ctx, token: await tokenOf(admin) };
}

const put = (tenant: string, token: string, namespace: string, body: unknown, ifMatch?: string) =>
  call(namespaceRoute.PUT, request("PUT", "/", { token, body, headers: ifMatch ? { "if-match": ifMatch } : {} }), { tenant, namespace });
const get = (handler: typeof variablesRoute, tenant: string, token: string, namespace: string) =>
  call(handler, request("GET", "/", { token }), { tenant, namespace });

describe("namespace settings through the API", () => {
  it("stores variables, plugin defaults and allowed namespaces, and shows them back", async () => {
    const { tenant, token } = await setup();
    const res = await put(tenant, token, "company", {
      variables: { region: "eu-west-1", retries: 3, conf: { a: [1, 2] } },
      pluginDefaults: [{ type: LOG, forced: true, values: { level: "ERROR" } }],
      allowedNamespaces: ["company", "other"],
    });
    expect(res.status).toBe(200);
    const got = await call(namespaceRoute.GET, request("GET", "/", { token }), { tenant, namespace: "company" });
    expect(got.json).toMatchObject({
      variables: { region: "eu-west-1", retries: 3, conf: { a: [1, 2] } },
      pluginDefaults: [{ type: LOG, forced: true, values: { level: "ERROR" } }],
      allowedNamespaces: ["company", "other"],
      storage: null,
      secrets: null,
    });
    // a field not sent is left alone
    await put(tenant, token, "company", { description: "changed" });
    const again = await call(namespaceRoute.GET, request("GET", "/", { token }), { tenant, namespace: "company" });
    expect(again.json.variables).toEqual({ region: "eu-west-1", retries: 3, conf: { a: [1, 2] } });
    expect(again.json.description).toBe("changed");
  });

  it("refuses bad settings with one detail per problem, and changes nothing", async () => {
    const { tenant, token } = await setup();
    const cases: unknown[] = [
      { variables: { "1bad": "x" } },
      { variables: ["not", "a", "map"] },
      { pluginDefaults: [{ type: "not a type", values: {} }] },
      { pluginDefaults: [{ type: LOG, values: { level: "A" } }, { type: LOG, values: { level: "B" } }] },
      { pluginDefaults: [{ type: LOG, forced: "yes", values: {} }] },
      { allowedNamespaces: ["Not.Valid"] },
      { allowedNamespaces: "company" },
      { variables: { deep: JSON.parse("[".repeat(40) + "]".repeat(40)) } },
      { unknownField: 1 },
      {},
      { storage: { type: "ftp" } },
      { secrets: { type: "env", prefix: "TENANTFLOW_" } },
    ];
    for (const body of cases) {
      const res = await put(tenant, token, "company", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.details.length).toBeGreaterThan(0);
    }
    const row = await db.namespace.findFirst({ where: { tenantId: tenant, name: "company" } });
    expect(row).toMatchObject({ variables: "{}", pluginDefaults: "[]", allowedNamespaces: null, version: 1 });
  });

  it("refuses an edit based on a stale version (412)", async () => {
    const { tenant, token } = await setup();
    expect((await put(tenant, token, "company", { variables: { a: 1 } }, '"1"')).status).toBe(200);
    const stale = await put(tenant, token, "company", { variables: { a: 2 } }, '"1"');
    expect(stale.status).toBe(412);
    const row = await db.namespace.findFirst({ where: { tenantId: tenant, name: "company" } });
    expect(JSON.parse(row!.variables)).toEqual({ a: 1 });
  });

  it("lets only a superadmin choose backends", async () => {
    const { tenant, token, admin, ctx } = await setup();
    const refused = await put(tenant, token, "company", { storage: { type: "local", directory: "fast" } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/superadmin/);
    expect((await db.namespace.findFirst({ where: { tenantId: tenant, name: "company" } }))!.storageConfig).toBeNull();

    const root = await makeUser({ superadmin: true });
    await grantAccess(ctx, root.username);
    await createBinding(ctx, { user: root.username, role: "Admin" });
    const ok = await put(tenant, await tokenOf(root), "company", {
      storage: { type: "s3", bucket: "company-bucket", endpoint: "http://127.0.0.1:9000", forcePathStyle: true },
      secrets: { type: "env" },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.storage).toEqual({ type: "s3", bucket: "company-bucket", region: "us-east-1", endpoint: "http://127.0.0.1:9000", forcePathStyle: true });
    expect(ok.json.secrets).toEqual({ type: "env", prefix: "SECRET_" });
    expect(admin.superadmin).toBe(false);
  });

  it("keeps a superadmin's backend choice: a tenant Admin cannot delete and re-create the namespace around it", async () => {
    const { tenant, token, ctx } = await setup();
    const root = await makeUser({ superadmin: true });
    await grantAccess(ctx, root.username);
    await createBinding(ctx, { user: root.username, role: "Admin" });
    const rootToken = await tokenOf(root);
    expect((await put(tenant, rootToken, "company", { secrets: { type: "env" }, storage: { type: "local", directory: "fast" } })).status).toBe(200);
    const del = (t: string) => call(namespaceRoute.DELETE, request("DELETE", "/", { token: t }), { tenant, namespace: "company" });
    const refused = await del(token);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/superadmin/);
    const row = await db.namespace.findFirst({ where: { tenantId: tenant, name: "company" } });
    expect(JSON.parse(row!.secretConfig!)).toEqual({ type: "env", prefix: "SECRET_" });
    expect((await get(backendsRoute, tenant, token, "company.team")).json.secrets.source).toEqual({ level: "namespace", namespace: "company" });
    // a namespace without a dedicated backend is still the Admin's to delete, and the superadmin may delete this one
    expect((await call(namespaceRoute.DELETE, request("DELETE", "/", { token }), { tenant, namespace: "other" })).status).toBe(200);
    expect((await del(rootToken)).status).toBe(200);
  });

  it("writes the change to the audit log with before and after", async () => {
    const { tenant, token } = await setup();
    await put(tenant, token, "company", { variables: { a: 1 } });
    const entry = await db.auditLog.findFirst({ where: { tenantId: tenant, resourceType: "NAMESPACE", action: "UPDATE" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(entry!.before!)).toEqual({ variables: {} });
    expect(JSON.parse(entry!.after!)).toEqual({ variables: { a: 1 } });
  });
});

describe("inheritance", () => {
  it("shows variables in force, nearest wins, with where each is defined", async () => {
    const { tenant, token } = await setup();
    await put(tenant, token, "company", { variables: { region: "us-east-1", bucket: "company-data" } });
    await put(tenant, token, "company.team", { variables: { region: "eu-west-1" } });
    const res = await get(variablesRoute, tenant, token, "company.team.project");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      total: 2,
      hidden: 0,
      results: [
        { key: "bucket", value: "company-data", namespace: "company", overrides: [] },
        { key: "region", value: "eu-west-1", namespace: "company.team", overrides: ["company"] },
      ],
    });
    // a sibling tree inherits nothing from company
    expect((await get(variablesRoute, tenant, token, "other")).json.total).toBe(0);
  });

  it("applies plugin defaults nearest first, except a forced ancestor's", async () => {
    const { tenant, token } = await setup();
    await put(tenant, token, "company", {
      pluginDefaults: [
        { type: LOG, forced: true, values: { level: "ERROR" } },
        { type: "io.kestra.plugin.core.http.Request", values: { method: "GET" } },
      ],
    });
    await put(tenant, token, "company.team", {
      pluginDefaults: [
        { type: LOG, values: { level: "DEBUG", message: "team" } },
        { type: "io.kestra.plugin.core.http.Request", values: { method: "POST" } },
      ],
    });
    const res = await get(pluginDefaultsRoute, tenant, token, "company.team.project");
    const byKey = Object.fromEntries(res.json.results.map((e: any) => [`${e.type}#${e.property}`, [e.value, e.namespace, e.forced]]));
    expect(byKey).toEqual({
      [`${LOG}#level`]: ["ERROR", "company", true],
      [`${LOG}#message`]: ["team", "company.team", false],
      ["io.kestra.plugin.core.http.Request#method"]: ["POST", "company.team", false],
    });
  });

  it("resolves backends: nearest namespace, then the tenant, then the instance default", async () => {
    const { tenant, token } = await setup();
    const base = await get(backendsRoute, tenant, token, "company.team");
    expect(base.json.storage).toEqual({ config: { type: "local" }, source: { level: "instance" } });
    expect(base.json.storageOrder.map((s: any) => s.source.namespace ?? s.source.level)).toEqual(["company.team", "company", "tenant"]);

    await db.tenant.update({ where: { id: tenant }, data: { storageConfig: JSON.stringify({ type: "local", directory: "tenant-dir" }) } });
    expect((await get(backendsRoute, tenant, token, "company.team")).json.storage).toEqual({
      config: { type: "local", directory: "tenant-dir" },
      source: { level: "tenant" },
    });
    await db.namespace.updateMany({ where: { tenantId: tenant, name: "company" }, data: { storageConfig: JSON.stringify({ type: "s3", bucket: "co-bucket" }), secretConfig: JSON.stringify({ type: "env" }) } });
    const near = await get(backendsRoute, tenant, token, "company.team");
    expect(near.json.storage.source).toEqual({ level: "namespace", namespace: "company" });
    expect(near.json.storage.config).toMatchObject({ type: "s3", bucket: "co-bucket" });
    expect(near.json.secrets).toEqual({ config: { type: "env", prefix: "SECRET_" }, source: { level: "namespace", namespace: "company" } });
    // other trees keep the tenant's
    expect((await get(backendsRoute, tenant, token, "other")).json.storage.source).toEqual({ level: "tenant" });
  });
});

describe("allowed namespaces and subflows", () => {
  const caller = (ns: string, target: string) =>
    `id: caller\nnamespace: ${ns}\ntasks:\n  - id: run\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${target}\n    flowId: child\n`;
  const post = (tenant: string, token: string, body: string) =>
    call(createFlowRoute, request("POST", "/", { token, body, headers: { "content-type": "application/x-yaml" } }), { tenant });

  it("refuses a subflow call into a namespace that does not allow the caller, and allows listed ones", async () => {
    const { tenant, token } = await setup();
    await put(tenant, token, "company", { allowedNamespaces: ["company.team"] });
    const refused = await post(tenant, token, caller("other", "company"));
    expect(refused.status).toBe(422);
    expect(refused.json.error.details).toEqual([
      { path: "tasks[0].namespace", message: "namespace company does not allow other to use its flows as subflows" },
    ]);
    expect(await db.flow.count({ where: { tenantId: tenant, namespace: "other" } })).toBe(0);
    // an allowed namespace and its descendants may
    expect((await post(tenant, token, caller("company.team.project", "company"))).status).toBe(201);
    // nested inside a flowable task too
    const nested = `id: nested\nnamespace: other\ntasks:\n  - id: seq\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n      - id: run\n        type: io.kestra.plugin.core.flow.Subflow\n        namespace: company\n        flowId: child\n`;
    const r = await post(tenant, token, nested);
    expect(r.status).toBe(422);
    expect(r.json.error.details[0].path).toBe("tasks[0].tasks[0].namespace");
    // lifting the restriction lets it through
    await put(tenant, token, "company", { allowedNamespaces: null });
    expect((await post(tenant, token, caller("other", "company"))).status).toBe(201);
  });
});
