import { describe, expect, it } from "vitest";
import { GET as revisionRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/revisions/[revision]/route";
import { GET as revisionsRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/revisions/route";
import * as flowRoute from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import { POST as createRoute } from "@/app/api/v1/[tenant]/flows/route";
import { db } from "@/lib/db";
import { applyFlowSource } from "@/lib/flows/apply";
import { MAX_FLOW_SOURCE_BYTES, createFlow, updateFlow } from "@/lib/flows/flows";
import { bindingKey } from "@/lib/rbac/binding-key";
import { call, ctxOf, makeTenant, makeUser, request, tokenOf } from "./helpers";

// Answers built from lists are bounded: a flow's revisions come a page at a time without their
// sources (one source per request), and a flow's source is at most 1 MiB wherever it is written.

const YAML = { "content-type": "application/x-yaml" };
const flowYaml = (id: string, message: string, padding = 0) =>
  `id: ${id}\nnamespace: company.team\n${padding ? `# ${"x".repeat(padding)}\n` : ""}tasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;

async function setup() {
  const admin = await makeUser();
  const t = (await makeTenant(admin)).id;
  return { admin, t, token: await tokenOf(admin) };
}

async function viewer(tenantId: string) {
  const u = await makeUser();
  await db.tenantAccess.create({ data: { tenantId, userId: u.id } });
  const r = await db.role.findFirstOrThrow({ where: { tenantId, name: "Viewer" } });
  await db.binding.create({ data: { tenantId, roleId: r.id, userId: u.id, namespace: null, key: bindingKey({ roleId: r.id, userId: u.id, namespace: null }) } });
  return tokenOf(u);
}

const revisions = (t: string, token: string, query = "", id = "paged") =>
  call(revisionsRoute, request("GET", `/${query}`, { token }), { tenant: t, namespace: "company.team", id });
const revision = (t: string, token: string, n: string, id = "paged") =>
  call(revisionRoute, request("GET", "/", { token }), { tenant: t, namespace: "company.team", id, revision: n });

describe("flow revisions", () => {
  it("are listed a page at a time, newest first, without sources; one source is fetched alone", async () => {
    const { admin, t } = await setup();
    const ctx = await ctxOf(admin, t);
    await createFlow(ctx, flowYaml("paged", "v1"));
    for (let n = 2; n <= 30; n++) await updateFlow(ctx, "company.team", "paged", flowYaml("paged", `v${n}`), n - 1);
    const token = await viewer(t);

    const first = await revisions(t, token);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ total: 30, page: 1, size: 25 });
    expect(first.json.results).toHaveLength(25);
    expect(first.json.results[0]).toEqual({ revision: 30, created: expect.any(String), author: admin.username });
    expect(first.text).not.toContain("io.kestra.plugin.core.log.Log");

    const third = await revisions(t, token, "?page=3&size=10");
    expect(third.json.results.map((r: { revision: number }) => r.revision)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await revisions(t, token, "?page=4&size=10")).json.results).toEqual([]);
    for (const bad of ["?size=101", "?size=0", "?page=0", "?page=x"]) expect((await revisions(t, token, bad)).status, bad).toBe(422);

    const one = await revision(t, token, "7");
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ revision: 7, source: flowYaml("paged", "v7"), author: admin.username });
    for (const missing of ["31", "0", "99999999999999999999", "1e3", "-1"]) {
      expect((await revision(t, token, missing)).status, missing).toBeGreaterThanOrEqual(404);
    }
  });

  it("of another tenant's flow, or a flow the caller cannot read, are not found", async () => {
    const a = await setup();
    const b = await setup();
    await createFlow(await ctxOf(a.admin, a.t), flowYaml("mine", "hi"));
    // b's Admin naming a's tenant is refused before anything; naming its own tenant finds nothing
    expect((await revisions(b.t, b.token, "", "mine")).status).toBe(404);
    expect((await revision(b.t, b.token, "1", "mine")).status).toBe(404);
    expect((await revision(a.t, b.token, "1", "mine")).status).toBe(404);
    const outsider = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: a.t, userId: outsider.id } });
    expect((await revision(a.t, await tokenOf(outsider), "1", "mine")).status).toBe(404);
  });
});

describe("a flow's source", () => {
  const big = (id: string) => flowYaml(id, "big", MAX_FLOW_SOURCE_BYTES);

  it("is refused over 1 MiB with 413 on create and update, through every path, writing nothing", async () => {
    const { admin, t, token } = await setup();
    const ctx = await ctxOf(admin, t);
    // exactly at the limit is fine
    const fits = flowYaml("fits", "ok");
    const atLimit = flowYaml("fits", "ok", MAX_FLOW_SOURCE_BYTES - Buffer.byteLength(fits) - 3);
    expect(Buffer.byteLength(atLimit)).toBe(MAX_FLOW_SOURCE_BYTES);
    expect((await createFlow(ctx, atLimit)).revision).toBe(1);

    await expect(createFlow(ctx, big("huge"))).rejects.toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    await createFlow(ctx, flowYaml("small", "v1"));
    await expect(updateFlow(ctx, "company.team", "small", big("small"), 1)).rejects.toMatchObject({ status: 413 });
    // multi-byte text counts in bytes
    await expect(createFlow(ctx, flowYaml("wide", "x", 0).replace("tasks:", `# ${"é".repeat(MAX_FLOW_SOURCE_BYTES / 2)}\ntasks:`))).rejects.toMatchObject({
      status: 413,
    });
    // the CLI's flows apply goes through applyFlowSource
    const applied = await applyFlowSource(ctx, big("applied"));
    expect(applied).toEqual({ status: "failed", problems: [expect.stringContaining("limit is 1048576 bytes")] });

    const created = await call(createRoute, request("POST", `/api/v1/${t}/flows`, { token, body: big("api"), headers: YAML }), { tenant: t });
    expect(created.status).toBe(413);
    const updated = await call(flowRoute.PUT, request("PUT", "/", { token, body: big("small"), headers: { ...YAML, "if-match": '"1"' } }), {
      tenant: t,
      namespace: "company.team",
      id: "small",
    });
    expect(updated.status).toBe(413);
    expect(await db.flow.count({ where: { tenantId: t, flowId: { in: ["huge", "wide", "applied", "api"] } } })).toBe(0);
    expect(await db.flowRevision.count({ where: { tenantId: t, flowId: "small" } })).toBe(1);
  });
});

describe("namespace and file listings", () => {
  it("are paged: page and size bound the answer, total counts everything", async () => {
    const { admin, t, token } = await setup();
    const ctx = await ctxOf(admin, t);
    const { createNamespace } = await import("@/lib/namespaces/namespaces");
    const { writeFile } = await import("@/lib/files/files");
    for (let i = 0; i < 12; i++) await createNamespace(ctx, { name: `ns${String(i).padStart(2, "0")}` });
    for (let i = 0; i < 12; i++) await writeFile(ctx, "ns00", `dir/f${String(i).padStart(2, "0")}.txt`, new TextEncoder().encode("x"));
    await writeFile(ctx, "ns00", "top.txt", new TextEncoder().encode("x"));

    const namespaces = await import("@/app/api/v1/[tenant]/namespaces/route");
    const files = await import("@/app/api/v1/[tenant]/namespaces/[namespace]/files/route");
    const ns = await call(namespaces.GET, request("GET", "/?page=2&size=5", { token }), { tenant: t });
    expect(ns.json).toMatchObject({ total: 12, page: 2, size: 5 });
    expect(ns.json.results.map((n: { name: string }) => n.name)).toEqual(["ns05", "ns06", "ns07", "ns08", "ns09"]);
    expect((await call(namespaces.GET, request("GET", "/", { token }), { tenant: t })).json.results).toHaveLength(12);
    expect((await call(namespaces.GET, request("GET", "/?size=1001", { token }), { tenant: t })).status).toBe(422);

    const folder = await call(files.GET, request("GET", "/?path=dir&page=3&size=5", { token }), { tenant: t, namespace: "ns00" });
    expect(folder.json).toMatchObject({ total: 12, page: 3, size: 5, path: "dir" });
    expect(folder.json.results.map((f: { name: string }) => f.name)).toEqual(["f10.txt", "f11.txt"]);
    const all = await call(files.GET, request("GET", "/?recursive=true&size=4", { token }), { tenant: t, namespace: "ns00" });
    expect(all.json).toMatchObject({ total: 13, page: 1, size: 4 });
    expect(all.json.results.map((f: { path: string }) => f.path)).toEqual(["dir/f00.txt", "dir/f01.txt", "dir/f02.txt", "dir/f03.txt"]);
    expect((await call(files.GET, request("GET", "/?size=0", { token }), { tenant: t, namespace: "ns00" })).status).toBe(422);
  });
});
