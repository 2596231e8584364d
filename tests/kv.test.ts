import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/route";
import * as keyRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/[key]/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// The KV store over the API: typed values, TTL, inheritance through allowing ancestors,
// permissions per SPEC §4, the audit log, and no lost update.

let tenant = "";
let admin = "";

const put = (token: string, ns: string, key: string, body: unknown, headers: Record<string, string> = {}, t = tenant) =>
  call(keyRoute.PUT, request("PUT", "/", { token, body, headers }), { tenant: t, namespace: ns, key });
const get = (token: string, ns: string, key: string, query = "", t = tenant) =>
  call(keyRoute.GET, request("GET", `/${query}`, { token }), { tenant: t, namespace: ns, key });
const del = (token: string, ns: string, key: string, headers: Record<string, string> = {}) =>
  call(keyRoute.DELETE, request("DELETE", "/", { token, headers }), { tenant, namespace: ns, key });
const list = (token: string, ns: string, query = "") => call(listRoute, request("GET", `/${query}`, { token }), { tenant, namespace: ns });

async function member(role: string, namespace: string | null = null) {
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), tenant);
  await grantAccess(ctx, u.username);
  await createBinding(ctx, { user: u.username, role, namespace });
  return tokenOf(u);
}

beforeAll(async () => {
  const a = await makeUser();
  tenant = (await makeTenant(a)).id;
  admin = await tokenOf(a);
});

describe("KV values", () => {
  const ROUND_TRIP: [string, unknown][] = [
    ["STRING", "hello\nworld ✓"],
    ["string", ""],
    ["NUMBER", 42.5],
    ["number", -7],
    ["BOOLEAN", false],
    ["DATETIME", "2025-01-31T09:30:00Z"],
    ["datetime", "2024-02-29T23:59:59.123+02:00"],
    ["DATE", "2025-12-31"],
    ["DURATION", "PT1H30M"],
    ["duration", "P2D"],
    ["JSON", { nested: { list: [1, "two", null, true] }, n: 1.5 }],
    ["JSON", [1, 2, 3]],
    ["JSON", "a JSON string"],
    ["JSON", null],
  ];
  it.each(ROUND_TRIP.map(([t, v], i) => [t, JSON.stringify(v).slice(0, 40), v, i] as const))("%s %s round-trips", async (type, _s, value, i) => {
    const key = `rt-${i}`;
    const res = await put(admin, "values", key, { type, value });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.json).toMatchObject({ key, value, version: 1, created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const got = await get(admin, "values", key);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ key, namespace: "values", type: type.toUpperCase(), value, expiresAt: null, version: 1 });
    expect(got.json.inheritedFrom).toBeUndefined();
    expect(got.headers.get("etag")).toBe('"1"');
  });

  const MISMATCHES: [string, unknown][] = [
    ["STRING", 5],
    ["NUMBER", "5"],
    ["NUMBER", null],
    ["BOOLEAN", "true"],
    ["BOOLEAN", 1],
    ["DATETIME", "2025-01-31"],
    ["DATETIME", "2025-01-31T09:30:00"],
    ["DATETIME", "2025-02-30T09:30:00Z"],
    ["DATETIME", "yesterday"],
    ["DATE", "2025-13-01"],
    ["DATE", "2025-01-31T00:00:00Z"],
    ["DURATION", "1h"],
    ["DURATION", "P1Y"],
    ["DURATION", 3600],
  ];
  it.each(MISMATCHES.map(([t, v]) => [t, JSON.stringify(v), v] as const))("%s refuses %s with 422", async (type, _s, value) => {
    const res = await put(admin, "values", "mismatch", { type, value });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([{ path: "value", message: expect.stringContaining(type) }]);
    expect(await db.kvEntry.count({ where: { tenantId: tenant, key: "mismatch" } })).toBe(0);
  });

  it("names each broken rule: type, value, ttl and key", async () => {
    const res = await put(admin, "values", "k", { type: "INT", ttl: "1 hour" });
    expect(res.status).toBe(422);
    expect(res.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["ttl", "type", "value"]);
    const missing = await put(admin, "values", "k", { type: "JSON" });
    expect(missing.status).toBe(422);
    expect(missing.json.error.details[0].path).toBe("value");
    for (const key of ["-lead", "has space", "a/b", "ä", "k".repeat(256)]) {
      const bad = await put(admin, "values", key, { type: "STRING", value: "x" });
      expect(bad.status, key).toBe(422);
      expect(bad.json.error.details[0].path).toBe("key");
    }
    expect((await put(admin, "values", "Mixed_Case.key-1", { type: "STRING", value: "x" })).status).toBe(201);
    for (const ttl of ["PT0S", "P99999D", "-PT1H"]) expect((await put(admin, "values", "k", { type: "STRING", value: "x", ttl })).status, ttl).toBe(422);
  });

  it("refuses a value over the size limit with 413 and a clear message", async () => {
    const res = await put(admin, "values", "big", { type: "STRING", value: "x".repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(res.json.error.message).toMatch(/at most 262144 bytes/);
    expect(await db.kvEntry.count({ where: { tenantId: tenant, key: "big" } })).toBe(0);
  });
});

describe("KV inheritance", () => {
  beforeAll(async () => {
    for (const [ns, key, value] of [
      ["company", "region", "eu"],
      ["company", "owner", "company-owner"],
      ["company.team", "owner", "team-owner"],
      ["company.team.etl", "batch", "own"],
      ["companyx", "region", "not-an-ancestor"],
    ]) {
      expect((await put(admin, ns, key, { type: "STRING", value })).status).toBe(201);
    }
  });

  it("reads a key from the nearest namespace that has it", async () => {
    const region = await get(admin, "company.team.etl", "region");
    expect(region.json).toMatchObject({ value: "eu", namespace: "company", inheritedFrom: "company" });
    expect(region.headers.get("etag")).toBeNull();
    expect((await get(admin, "company.team.etl", "owner")).json).toMatchObject({ value: "team-owner", inheritedFrom: "company.team" });
    expect((await get(admin, "company.team", "owner")).json).toMatchObject({ value: "team-owner", namespace: "company.team" });
    expect((await get(admin, "company.team.etl", "region", "?inherited=false")).status).toBe(404);
    // segment boundaries: companyx is no ancestor of company.x
    expect((await get(admin, "company", "batch")).status).toBe(404);
  });

  it("lists its own entries, or with ?inherited=true the ancestors' too, nearest first", async () => {
    const own = await list(admin, "company.team.etl");
    expect(own.json).toMatchObject({ total: 1, results: [{ key: "batch", namespace: "company.team.etl" }] });
    expect(own.json.results[0].value).toBeUndefined();
    const all = await list(admin, "company.team.etl", "?inherited=true");
    expect(all.json.total).toBe(3);
    expect(all.json.results.map((e: { key: string; inheritedFrom?: string; preview: string }) => [e.key, e.inheritedFrom ?? null, e.preview])).toEqual([
      ["batch", null, "own"],
      ["owner", "company.team", "team-owner"],
      ["region", "company", "eu"],
    ]);
    const page2 = await list(admin, "company.team.etl", "?inherited=true&size=2&page=2");
    expect(page2.json).toMatchObject({ total: 3, results: [{ key: "region" }] });
    expect((await list(admin, "company.team.etl", "?inherited=maybe")).status).toBe(422);
  });

  it("skips an ancestor whose allowed namespaces leave the reader out", async () => {
    await db.namespace.deleteMany({ where: { tenantId: tenant, name: { in: ["company", "company.team"] } } });
    const ctx = await tenantContext(cliActor(), tenant);
    await createNamespace(ctx, { name: "company.team" });
    await db.namespace.updateMany({ where: { tenantId: tenant, name: "company.team" }, data: { allowedNamespaces: JSON.stringify(["finance"]) } });
    // company.team refuses etl: its owner is skipped, company's shows through
    expect((await get(admin, "company.team.etl", "owner")).json).toMatchObject({ value: "company-owner", inheritedFrom: "company" });
    const all = await list(admin, "company.team.etl", "?inherited=true");
    expect(all.json.results.map((e: { key: string; namespace: string }) => `${e.key}@${e.namespace}`)).toEqual(["batch@company.team.etl", "owner@company", "region@company"]);
    // the namespace itself still reads its own entries
    expect((await get(admin, "company.team", "owner")).json.value).toBe("team-owner");
    await db.namespace.updateMany({ where: { tenantId: tenant, name: "company.team" }, data: { allowedNamespaces: JSON.stringify(["company.team.etl"]) } });
    expect((await get(admin, "company.team.etl", "owner")).json.value).toBe("team-owner");
  });

  it("keeps tenants apart: the same namespace and key in another tenant is another entry", async () => {
    const other = await makeUser();
    const t2 = (await makeTenant(other)).id;
    const token2 = await tokenOf(other);
    expect((await get(token2, "company", "region", "", t2)).status).toBe(404);
    expect((await put(token2, "company", "region", { type: "NUMBER", value: 2 }, {}, t2)).status).toBe(201);
    expect((await get(admin, "company", "region")).json.value).toBe("eu");
    expect((await get(token2, "company", "region", "", t2)).json.value).toBe(2);
    // and the admin of one tenant cannot reach the other
    expect((await get(admin, "company", "region", "", t2)).status).toBe(404);
  });
});

describe("KV time to live", () => {
  it("stores the expiry of a ttl and drops the expiry on a replace without one", async () => {
    const res = await put(admin, "ttl", "session", { type: "STRING", value: "s", ttl: "PT1H" });
    expect(res.status).toBe(201);
    const expires = Date.parse(res.json.expiresAt);
    expect(expires).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    const replaced = await put(admin, "ttl", "session", { type: "STRING", value: "s2" });
    expect(replaced.json.expiresAt).toBeNull();
  });

  it("never returns an expired entry (own, listed or inherited) and purges it", async () => {
    expect((await put(admin, "ttl", "gone", { type: "STRING", value: "old", ttl: "PT1H" })).status).toBe(201);
    expect((await put(admin, "ttl.child", "mine", { type: "BOOLEAN", value: true })).status).toBe(201);
    await db.kvEntry.updateMany({ where: { tenantId: tenant, namespace: "ttl", key: "gone" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await get(admin, "ttl.child", "gone")).status).toBe(404);
    const listed = await list(admin, "ttl.child", "?inherited=true");
    expect(listed.json.results.map((e: { key: string }) => e.key)).toEqual(["mine", "session"]);
    expect((await get(admin, "ttl", "gone")).status).toBe(404);
    expect(await db.kvEntry.count({ where: { tenantId: tenant, key: "gone" } })).toBe(0);
  });

  it("lets a write reuse the key of an expired entry as a new one", async () => {
    expect((await put(admin, "ttl", "again", { type: "STRING", value: "1", ttl: "P1D" })).status).toBe(201);
    await db.kvEntry.updateMany({ where: { tenantId: tenant, key: "again" }, data: { expiresAt: new Date(Date.now() - 1000), version: 5 } });
    const res = await put(admin, "ttl", "again", { type: "STRING", value: "2" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ version: 1, expiresAt: null });
  });
});

describe("KV permissions (SPEC §4)", () => {
  const body = { type: "STRING", value: "v" };
  beforeAll(async () => {
    expect((await put(admin, "perm.team", "existing", body)).status).toBe(201);
  });

  it("Developer: create, read, update, delete", async () => {
    const dev = await member("Developer");
    expect((await put(dev, "perm.team", "d1", body)).status).toBe(201);
    expect((await put(dev, "perm.team", "d1", { ...body, value: "w" })).status).toBe(200);
    expect((await get(dev, "perm.team", "d1")).json.value).toBe("w");
    expect((await del(dev, "perm.team", "d1")).status).toBe(200);
  });

  it("Editor: create, read, update, but no delete", async () => {
    const editor = await member("Editor");
    expect((await put(editor, "perm.team", "e1", body)).status).toBe(201);
    expect((await put(editor, "perm.team", "e1", { ...body, value: "w" })).status).toBe(200);
    const refused = await del(editor, "perm.team", "e1");
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain("KVSTORE:DELETE");
    expect(await db.kvEntry.count({ where: { tenantId: tenant, key: "e1" } })).toBe(1);
  });

  it("Viewer: read only", async () => {
    const viewer = await member("Viewer");
    expect((await get(viewer, "perm.team", "existing")).status).toBe(200);
    expect((await list(viewer, "perm.team")).json.total).toBeGreaterThan(0);
    const create = await put(viewer, "perm.team", "v1", body);
    expect(create.status).toBe(403);
    expect(create.json.error.message).toContain("KVSTORE:UPDATE");
    expect((await put(viewer, "perm.team", "existing", { ...body, value: "hijack" })).status).toBe(403);
    expect((await del(viewer, "perm.team", "existing")).status).toBe(403);
    expect((await get(admin, "perm.team", "existing")).json.value).toBe("v");
  });

  it("Launcher: nothing, and the store is as invisible as a missing one", async () => {
    const launcher = await member("Launcher");
    for (const res of [await get(launcher, "perm.team", "existing"), await list(launcher, "perm.team"), await put(launcher, "perm.team", "l1", body), await del(launcher, "perm.team", "existing")]) {
      expect(res.status).toBe(404);
      expect(res.text).not.toContain("existing");
    }
  });

  it("a namespace binding reaches the descendants and nothing else", async () => {
    const dev = await member("Developer", "perm");
    expect((await put(dev, "perm.team.deep", "n1", body)).status).toBe(201);
    expect((await get(dev, "perm.team", "existing")).status).toBe(200);
    expect((await put(dev, "permx", "n1", body)).status).toBe(404);
    expect((await get(dev, "other", "n1")).status).toBe(404);
    expect((await list(dev, "other")).status).toBe(404);
  });
});

describe("KV audit and concurrency", () => {
  it("writes an audit entry for each mutation, with the value before and after", async () => {
    const count = () => db.auditLog.count({ where: { tenantId: tenant, resourceType: "KV", resourceId: "audit/k" } });
    expect((await put(admin, "audit", "k", { type: "NUMBER", value: 1 })).status).toBe(201);
    expect((await put(admin, "audit", "k", { type: "NUMBER", value: 2 }, { "if-match": '"1"' })).status).toBe(200);
    expect((await del(admin, "audit", "k")).status).toBe(200);
    expect(await count()).toBe(3);
    const entries = await db.auditLog.findMany({ where: { tenantId: tenant, resourceType: "KV", resourceId: "audit/k" }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    expect(JSON.parse(entries[1].before!)).toMatchObject({ type: "NUMBER", value: 1 });
    expect(JSON.parse(entries[1].after!)).toMatchObject({ type: "NUMBER", value: 2 });
    expect(entries.every((e) => e.namespace === "audit")).toBe(true);
  });

  it("refuses a write based on a stale version with 412, and If-None-Match: * on an existing key", async () => {
    expect((await put(admin, "conc", "k", { type: "STRING", value: "a" })).status).toBe(201);
    expect((await put(admin, "conc", "k", { type: "STRING", value: "b" }, { "if-match": '"1"' })).status).toBe(200);
    const stale = await put(admin, "conc", "k", { type: "STRING", value: "c" }, { "if-match": '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.json.error.message).toMatch(/version 2/);
    expect((await put(admin, "conc", "k", { type: "STRING", value: "c" }, { "if-none-match": "*" })).status).toBe(412);
    expect((await put(admin, "conc", "absent", { type: "STRING", value: "c" }, { "if-match": '"1"' })).status).toBe(412);
    expect((await del(admin, "conc", "k", { "if-match": '"1"' })).status).toBe(412);
    expect((await get(admin, "conc", "k")).json).toMatchObject({ value: "b", version: 2 });
    expect((await put(admin, "conc", "k", { type: "STRING", value: "x" }, { "if-match": "nonsense" })).status).toBe(400);
  });

  it("lets exactly one of 20 concurrent edits from the same version land", async () => {
    expect((await put(admin, "conc", "race", { type: "NUMBER", value: 0 })).status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => put(admin, "conc", "race", { type: "NUMBER", value: i + 1 }, { "if-match": '"1"' })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(19);
    const final = await get(admin, "conc", "race");
    expect(final.json.version).toBe(2);
    expect(final.json.value).toBe(results.find((r) => r.status === 200)!.json.value);
    expect(await db.auditLog.count({ where: { tenantId: tenant, resourceId: "conc/race" } })).toBe(2);
  });

  it("creates one entry when 10 creations of a key race", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => put(admin, "conc", "born", { type: "NUMBER", value: i })));
    expect(results.map((r) => r.status).sort(), results.map((r) => r.text).join("\n")).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await db.kvEntry.count({ where: { tenantId: tenant, namespace: "conc", key: "born" } })).toBe(1);
  });
});
