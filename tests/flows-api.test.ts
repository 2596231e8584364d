import { describe, expect, it } from "vitest";
import * as flowRoute from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import { GET as revisionsRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/revisions/route";
import { POST as restoreRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/revisions/[revision]/restore/route";
import { POST as createRoute } from "@/app/api/v1/[tenant]/flows/route";
import * as namespaceRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import * as namespacesRoute from "@/app/api/v1/[tenant]/namespaces/route";
import { db } from "@/lib/db";
import { bindingKey } from "@/lib/rbac/binding-key";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

const YAML = { "content-type": "application/x-yaml" };

const flowYaml = (namespace: string, id = "hello", message = "hi") => `# a comment that must survive
id: ${id}
namespace: ${namespace}
description: Says ${message}
labels:
  team: data
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: ${message}   # trailing comment
`;

async function adminSetup() {
  const admin = await makeUser();
  const t = await makeTenant(admin);
  return { admin, t, token: await tokenOf(admin) };
}

const create = (tenant: string, token: string, body: string, headers: Record<string, string> = YAML) =>
  call(createRoute, request("POST", `/api/v1/${tenant}/flows`, { token, body, headers }), { tenant });
const get = (tenant: string, token: string, namespace: string, id: string, headers: Record<string, string> = {}) =>
  call(flowRoute.GET, request("GET", "/", { token, headers }), { tenant, namespace, id });
const put = (tenant: string, token: string, namespace: string, id: string, body: string, ifMatch?: string) =>
  call(flowRoute.PUT, request("PUT", "/", { token, body, headers: { ...YAML, ...(ifMatch ? { "if-match": ifMatch } : {}) } }), {
    tenant,
    namespace,
    id,
  });

async function member(tenantId: string, role: string, namespace: string | null) {
  const u = await makeUser();
  await db.tenantAccess.create({ data: { tenantId, userId: u.id } });
  const r = await db.role.findFirstOrThrow({ where: { tenantId, name: role } });
  await db.binding.create({ data: { tenantId, roleId: r.id, userId: u.id, namespace, key: bindingKey({ roleId: r.id, userId: u.id, namespace }) } });
  return tokenOf(u);
}

describe("flows API", () => {
  it("creates from YAML, answers SPEC §5's shape, and returns the source verbatim", async () => {
    const { t, token } = await adminSetup();
    const source = flowYaml("company.team");
    const r = await create(t.id, token, source);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ id: "hello", namespace: "company.team", revision: 1, source, description: "Says hi", labels: { team: "data" } });
    expect(typeof r.json.updated).toBe("string");
    const g = await get(t.id, token, "company.team", "hello");
    expect(g.headers.get("etag")).toBe('"1"');
    expect(g.json.source).toBe(source);
    const raw = await call(flowRoute.GET, request("GET", "/?source=true", { token, headers: { accept: "application/x-yaml" } }), {
      tenant: t.id,
      namespace: "company.team",
      id: "hello",
    });
    expect(raw.headers.get("content-type")).toContain("application/x-yaml");
    expect(raw.text).toBe(source);
  });

  it("lets the same namespace and flow id live in two tenants", async () => {
    const a = await adminSetup();
    const b = await adminSetup();
    expect((await create(a.t.id, a.token, flowYaml("shared", "same", "from A"))).status).toBe(201);
    expect((await create(b.t.id, b.token, flowYaml("shared", "same", "from B"))).status).toBe(201);
    expect((await get(a.t.id, a.token, "shared", "same")).json.description).toBe("Says from A");
    expect((await get(b.t.id, b.token, "shared", "same")).json.description).toBe("Says from B");
    // and neither reaches the other's
    expect((await get(b.t.id, a.token, "shared", "same")).status).toBe(404);
  });

  it("answers 409 for a duplicate, 400 for broken YAML or a wrong content type, 422 with every problem", async () => {
    const { t, token } = await adminSetup();
    await create(t.id, token, flowYaml("dup"));
    expect((await create(t.id, token, flowYaml("dup"))).status).toBe(409);
    expect((await create(t.id, token, "id: [unclosed\n")).status).toBe(400);
    expect((await create(t.id, token, flowYaml("x"), { "content-type": "application/octet-stream" })).status).toBe(400);
    expect((await create(t.id, token, "", YAML)).status).toBe(400);
    const bad = await create(t.id, token, "id: bad id\nnamespace: a..b\ntasks:\n  - id: t1\n    type: io.kestra.plugin.core.log.Nope\n");
    expect(bad.status).toBe(422);
    const paths = bad.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["id", "namespace", "tasks[0].type"]));
    const typeProblem = bad.json.error.details.find((d: { path: string }) => d.path === "tasks[0].type");
    expect(typeProblem).toMatchObject({ line: 5 });
    expect(typeProblem.message).toContain("io.kestra.plugin.core.log.Nope");
    expect(await db.flow.count({ where: { tenantId: t.id } })).toBe(1);
  });

  it("validates with the plugin defaults of the flow's namespace chain, forced ones included", async () => {
    const { t, token } = await adminSetup();
    const LOG = "io.kestra.plugin.core.log.Log";
    const noMessage = (namespace: string, level = "") =>
      `id: from_defaults\nnamespace: ${namespace}\ntasks:\n  - id: log\n    type: ${LOG}\n${level}`;
    // nothing supplies Log's message yet
    const before = await create(t.id, token, noMessage("company.team"));
    expect(before.status).toBe(422);
    expect(before.json.error.details[0].message).toContain('missing required property "message"');

    await db.namespace.create({
      data: { tenantId: t.id, name: "company", pluginDefaults: JSON.stringify([{ type: LOG, values: { message: "from company" } }]) },
    });
    expect((await create(t.id, token, noMessage("company.team"))).status).toBe(201);
    // another tenant's namespace of the same name lends nothing
    const other = await adminSetup();
    expect((await create(other.t.id, other.token, noMessage("company.team"))).status).toBe(422);

    // a forced default of an ancestor replaces the flow's own value, and is checked like it
    await db.namespace.create({
      data: { tenantId: t.id, name: "strict", pluginDefaults: JSON.stringify([{ type: LOG, forced: true, values: { message: "m", level: "LOUD" } }]) },
    });
    const forced = await create(t.id, token, noMessage("strict.team", "    level: INFO\n"));
    expect(forced.status).toBe(422);
    expect(forced.json.error.details).toEqual([
      expect.objectContaining({ path: "tasks[0].level", message: expect.stringContaining("forced by the plugin defaults of namespace strict") }),
    ]);
  });

  it("saves revisions with If-Match: 428 without it, 412 when stale, nothing written on refusal", async () => {
    const { t, token } = await adminSetup();
    await create(t.id, token, flowYaml("rev"));
    expect((await put(t.id, token, "rev", "hello", flowYaml("rev", "hello", "v2"))).status).toBe(428);
    const ok = await put(t.id, token, "rev", "hello", flowYaml("rev", "hello", "v2"), '"1"');
    expect(ok.status).toBe(200);
    expect(ok.json.revision).toBe(2);
    expect(ok.headers.get("etag")).toBe('"2"');
    const stale = await put(t.id, token, "rev", "hello", flowYaml("rev", "hello", "v3"), '"1"');
    expect(stale.status).toBe(412);
    expect(stale.json.error.message).toContain("changed since revision 1");
    expect((await get(t.id, token, "rev", "hello")).json.description).toBe("Says v2");
    const same = await put(t.id, token, "rev", "hello", flowYaml("rev", "hello", "v2"), '"2"');
    expect(same.json.revision).toBe(2);
    expect(await db.flowRevision.count({ where: { tenantId: t.id, flowId: "hello" } })).toBe(2);
  });

  it("refuses a change of namespace with SPEC's message", async () => {
    const { t, token } = await adminSetup();
    await create(t.id, token, flowYaml("marketing"));
    const r = await put(t.id, token, "marketing", "hello", flowYaml("sales"), '"1"');
    expect(r.status).toBe(422);
    expect(r.json.error.details[0].message).toContain("namespace of a saved flow cannot change");
    expect(r.json.error.details[0].message).toContain("create a new flow");
    expect(await db.flow.count({ where: { tenantId: t.id, namespace: "sales" } })).toBe(0);
  });

  it("lets exactly one of many concurrent saves from the same base land", async () => {
    const { t, token } = await adminSetup();
    await create(t.id, token, flowYaml("race"));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => put(t.id, token, "race", "hello", flowYaml("race", "hello", `v${i}`), '"1"')),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    expect(await db.flowRevision.count({ where: { tenantId: t.id, namespace: "race" } })).toBe(2);
  });

  it("soft-deletes, keeps revisions, and continues revision numbers on re-create", async () => {
    const { t, token } = await adminSetup();
    await create(t.id, token, flowYaml("del"));
    await put(t.id, token, "del", "hello", flowYaml("del", "hello", "v2"), '"1"');
    const del = await call(flowRoute.DELETE, request("DELETE", "/", { token }), { tenant: t.id, namespace: "del", id: "hello" });
    expect(del.status).toBe(200);
    expect((await get(t.id, token, "del", "hello")).status).toBe(404);
    expect(await db.flowRevision.count({ where: { tenantId: t.id, flowId: "hello", namespace: "del" } })).toBe(2);
    const again = await create(t.id, token, flowYaml("del", "hello", "v3"));
    expect(again.json.revision).toBe(3);
    const revs = await call(revisionsRoute, request("GET", "/", { token }), { tenant: t.id, namespace: "del", id: "hello" });
    expect(revs.json.results.map((r: { revision: number }) => r.revision)).toEqual([3, 2, 1]);
  });

  it("restores an old revision as a new one", async () => {
    const { t, token } = await adminSetup();
    await create(t.id, token, flowYaml("restore"));
    await put(t.id, token, "restore", "hello", flowYaml("restore", "hello", "v2"), '"1"');
    const r = await call(restoreRoute, request("POST", "/", { token, headers: { "if-match": '"2"' } }), {
      tenant: t.id,
      namespace: "restore",
      id: "hello",
      revision: "1",
    });
    expect(r.status).toBe(200);
    expect(r.json.revision).toBe(3);
    expect(r.json.source).toBe(flowYaml("restore"));
  });

  it("enforces RBAC: Viewer reads but gets 403 on write; a sibling binding sees 404; nothing changes", async () => {
    const { t, token } = await adminSetup();
    await create(t.id, token, flowYaml("company.team"));
    const viewer = await member(t.id, "Viewer", "company.team");
    const sibling = await member(t.id, "Developer", "company.other");
    expect((await get(t.id, viewer, "company.team", "hello")).status).toBe(200);
    const w = await put(t.id, viewer, "company.team", "hello", flowYaml("company.team", "hello", "x"), '"1"');
    expect(w.status).toBe(403);
    expect(w.json.error.message).toContain("FLOW:UPDATE");
    const d = await call(flowRoute.DELETE, request("DELETE", "/", { token: viewer }), { tenant: t.id, namespace: "company.team", id: "hello" });
    expect(d.status).toBe(403);
    const s = await get(t.id, sibling, "company.team", "hello");
    expect(s.status).toBe(404);
    expect(s.text).not.toContain("hello");
    const sw = await put(t.id, sibling, "company.team", "hello", flowYaml("company.team", "hello", "x"), '"1"');
    expect(sw.status).toBe(404);
    const c = await create(t.id, viewer, flowYaml("company.team", "other"));
    expect(c.status).toBe(403);
    expect((await create(t.id, sibling, flowYaml("company.other", "mine"))).status).toBe(201);
    const row = await db.flow.findFirstOrThrow({ where: { tenantId: t.id, namespace: "company.team", flowId: "hello" } });
    expect(row.revision).toBe(1);
    expect(row.deleted).toBe(false);
  });
});

describe("namespaces API", () => {
  it("creates explicit namespaces, validates names, counts flows of the subtree", async () => {
    const { t, token } = await adminSetup();
    const post = (body: unknown) => call(namespacesRoute.POST, request("POST", "/", { token, body }), { tenant: t.id });
    expect((await post({ name: "company", description: "The company" })).status).toBe(201);
    expect((await post({ name: "company" })).status).toBe(409);
    for (const name of ["a..b", ".a", "a.", "Upper", "search", "x".repeat(151)]) {
      expect((await post({ name })).status, name).toBe(422);
    }
    await create(t.id, token, flowYaml("company.team"));
    await create(t.id, token, flowYaml("company.team.etl"));
    await create(t.id, token, flowYaml("companyx"));
    const g = await call(namespaceRoute.GET, request("GET", "/", { token }), { tenant: t.id, namespace: "company" });
    expect(g.json).toMatchObject({ name: "company", explicit: true, description: "The company", flows: 2 });
    const implicit = await call(namespaceRoute.GET, request("GET", "/", { token }), { tenant: t.id, namespace: "company.team" });
    expect(implicit.json).toMatchObject({ explicit: false, flows: 2 });
    const list = await call(namespacesRoute.GET, request("GET", "/", { token }), { tenant: t.id });
    expect(list.json.results.map((n: { name: string }) => n.name)).toEqual(["company", "company.team", "company.team.etl", "companyx"]);
    const missing = await call(namespaceRoute.GET, request("GET", "/", { token }), { tenant: t.id, namespace: "nothing.here" });
    expect(missing.status).toBe(404);
  });

  it("refuses a stale namespace edit with 412", async () => {
    const { t, token } = await adminSetup();
    await call(namespacesRoute.POST, request("POST", "/", { token, body: { name: "ns" } }), { tenant: t.id });
    const edit = (description: string) =>
      call(namespaceRoute.PUT, request("PUT", "/", { token, body: { description }, headers: { "if-match": '"1"' } }), { tenant: t.id, namespace: "ns" });
    expect((await edit("first")).status).toBe(200);
    expect((await edit("second")).status).toBe(412);
  });
});
