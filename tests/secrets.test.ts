import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as nsSecretRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/secrets/[key]/route";
import * as nsSecretsRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/secrets/route";
import * as tenantSecretRoute from "@/app/api/v1/[tenant]/secrets/[key]/route";
import * as tenantSecretsRoute from "@/app/api/v1/[tenant]/secrets/route";
import { GET as auditRoute } from "@/app/api/v1/[tenant]/auditlogs/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { config, isPostgres, resetConfigCache } from "@/lib/config";
import { db, tenantDb } from "@/lib/db";
import { createBinding } from "@/lib/rbac/bindings";
import { decryptSecret } from "@/lib/secrets/crypto";
import { verifyInstanceKey } from "@/lib/secrets/instance-key";
import { listNamespaceSecrets, putSecret } from "@/lib/secrets/secrets";
import { resealSecrets, resolveSecretValue } from "@/lib/secrets/values";
import { grantAccess } from "@/lib/tenants/access";
import { freshInstance } from "./fresh-db";
import { type TestUser, call, makeTenant, makeUser, request, tokenOf, uniq } from "./helpers";

const json = (value: string, description?: string) => ({ value, ...(description !== undefined && { description }) });

let tenant = "";
let admin: TestUser;
let adminToken = "";

async function member(role: string, namespace: string | null) {
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), tenant);
  await grantAccess(ctx, u.username);
  await createBinding(ctx, { user: u.username, role, namespace });
  return { user: u, token: await tokenOf(u) };
}

const putNs = (token: string, namespace: string, key: string, body: unknown) =>
  call(nsSecretRoute.PUT, request("PUT", "/", { token, body }), { tenant, namespace, key });
const putTenant = (token: string, key: string, body: unknown) => call(tenantSecretRoute.PUT, request("PUT", "/", { token, body }), { tenant, key });
const listNs = (token: string, namespace: string, query = "") =>
  call(nsSecretsRoute.GET, request("GET", `/${query}`, { token }), { tenant, namespace });

beforeAll(async () => {
  admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  adminToken = await tokenOf(admin);
});

afterEach(() => vi.restoreAllMocks());

describe("secrets API", () => {
  it("creates (201), replaces (200) and deletes, answering keys and dates only", async () => {
    const a = await putNs(adminToken, "company.team", "DB_PASSWORD", json("first-value-q1", "the database"));
    expect(a.status, a.text).toBe(201);
    expect(a.json).toMatchObject({ key: "DB_PASSWORD", namespace: "company.team", description: "the database" });
    expect(a.json.value).toBeUndefined();
    const b = await putNs(adminToken, "company.team", "DB_PASSWORD", json("second-value-q1"));
    expect(b.status).toBe(200);
    expect(b.json.description).toBe("the database"); // an omitted description is kept
    expect(await resolveSecretValue(tenantDb(tenant), "company.team", "DB_PASSWORD")).toBe("second-value-q1");
    const list = await listNs(adminToken, "company.team");
    expect(list.json.results.find((r: { key: string }) => r.key === "DB_PASSWORD")).toEqual({
      key: "DB_PASSWORD",
      description: "the database",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      backend: "internal",
    });
    const del = await call(nsSecretRoute.DELETE, request("DELETE", "/", { token: adminToken }), { tenant, namespace: "company.team", key: "DB_PASSWORD" });
    expect(del.status).toBe(200);
    expect(await resolveSecretValue(tenantDb(tenant), "company.team", "DB_PASSWORD")).toBeNull();
    const again = await call(nsSecretRoute.DELETE, request("DELETE", "/", { token: adminToken }), { tenant, namespace: "company.team", key: "DB_PASSWORD" });
    expect(again.status).toBe(404);
  });

  it("refuses bad keys and namespaces (422 with details), an oversized value (413) and an empty one (422)", async () => {
    for (const key of ["1abc", "_x", "with-dash", "sp ace", "a".repeat(256), "dot.ted", "ünï"]) {
      const r = await putNs(adminToken, "company", key, json("v"));
      expect(r.status, key).toBe(422);
      expect(r.json.error.details[0]).toMatchObject({ path: "key" });
    }
    expect((await putNs(adminToken, "company", "A".repeat(255), json("v"))).status).toBe(201);
    expect((await putNs(adminToken, "a..b", "OK", json("v"))).status).toBe(422);
    const big = await putNs(adminToken, "company", "BIG", json("x".repeat(64 * 1024 + 1)));
    expect(big.status).toBe(413);
    expect((await putNs(adminToken, "company", "EXACT", json("x".repeat(64 * 1024)))).status).toBe(201);
    const empty = await putNs(adminToken, "company", "EMPTY", json(""));
    expect(empty.status).toBe(422);
    expect((await putNs(adminToken, "company", "EXTRA", { value: "v", other: 1 })).status).toBe(422);
    expect((await putNs(adminToken, "company", "NUM", { value: 5 })).status).toBe(422);
    expect(await db.secret.count({ where: { tenantId: tenant, key: { in: ["BIG", "EMPTY", "EXTRA", "NUM"] } } })).toBe(0);
  });

  it("stores ciphertext, never the value, in the database", async () => {
    const value = `plain-marker-${crypto.randomBytes(8).toString("hex")}`;
    expect((await putTenant(adminToken, "AT_REST", json(value))).status).toBe(201);
    const row = await db.secret.findFirst({ where: { tenantId: tenant, namespace: "", key: "AT_REST" } });
    expect(row!.ciphertext).toMatch(/^v1:/);
    expect(row!.ciphertext).not.toContain(value);
    expect(decryptSecret(config().secretKey!, { tenantId: tenant, namespace: "", key: "AT_REST" }, row!.ciphertext)).toBe(value);
    if (isPostgres()) {
      const rows = await db.$queryRawUnsafe<{ ciphertext: string }[]>(`SELECT "ciphertext"::text FROM "Secret" WHERE "tenantId" = $1`, tenant);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.ciphertext).not.toContain(value);
      const hits = await db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "Secret" WHERE position($1 in "ciphertext" || "description" || "key") > 0`,
        value,
      );
      expect(Number(hits[0].n)).toBe(0);
    } else {
      // the database file and its write-ahead log, read as bytes
      const file = config().databaseUrl.replace(/^file:/, "");
      await db.$queryRawUnsafe("PRAGMA wal_checkpoint(FULL)");
      for (const f of [file, `${file}-wal`]) {
        if (!fs.existsSync(f)) continue;
        const bytes = fs.readFileSync(f);
        expect(bytes.includes(Buffer.from(value)), f).toBe(false);
      }
    }
  });

  it("never lets a value out: API answers, audit entries and console output", async () => {
    const value = `never-out-${crypto.randomBytes(8).toString("hex")}`;
    const printed: string[] = [];
    for (const m of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(a.map(String).join(" ")));
    }
    const out = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => (printed.push(String(c)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => (printed.push(String(c)), true));
    const answers = [
      await putNs(adminToken, "leak.check", "LEAK", json(value, "leak test")),
      await putNs(adminToken, "leak.check", "LEAK", json(value)),
      await putNs(adminToken, "leak.check", "LEAK", json(value + "x".repeat(70_000))),
      await putNs(adminToken, "leak.check", "bad-key", json(value)),
      await putNs(adminToken, "leak.check", "LEAK", { value, description: { nested: value } }),
      await putTenant(adminToken, "LEAK_T", json(value)),
      await putTenant(adminToken, "LEAK_T", json(value)),
      await listNs(adminToken, "leak.check"),
      await listNs(adminToken, "leak.check.child"),
      await call(tenantSecretsRoute.GET, request("GET", "/", { token: adminToken }), { tenant }),
      await call(auditRoute, request("GET", "/?size=100", { token: adminToken }), { tenant }),
      await call(nsSecretRoute.DELETE, request("DELETE", "/", { token: adminToken }), { tenant, namespace: "leak.check", key: "LEAK" }),
      await call(tenantSecretRoute.DELETE, request("DELETE", "/", { token: adminToken }), { tenant, key: "LEAK_T" }),
    ];
    out.mockRestore();
    err.mockRestore();
    expect(answers.map((a) => a.status)).toEqual([201, 200, 413, 422, 422, 201, 200, 200, 200, 200, 200, 200, 200]);
    for (const a of answers) expect(a.text).not.toContain(value);
    const entries = await db.auditLog.findMany({ where: { tenantId: tenant, resourceType: "SECRET" } });
    expect(entries.filter((e) => ["LEAK", "LEAK_T"].includes(e.resourceId)).map((e) => e.action).sort()).toEqual(
      ["CREATE", "CREATE", "DELETE", "DELETE", "UPDATE", "UPDATE"],
    );
    expect(JSON.stringify(await db.auditLog.findMany({ where: { tenantId: tenant } }))).not.toContain(value);
    expect(entries.find((e) => e.resourceId === "LEAK" && e.action === "CREATE")!.after).toContain('"value":"******"');
    expect(printed.join("\n")).not.toContain(value);
  });
});

describe("effective secrets of a namespace", () => {
  let t = "";
  beforeAll(async () => {
    t = (await makeTenant(admin)).id;
    const ctx = await tenantContext(cliActor(), t);
    await putSecret(ctx, null, "SHARED", { value: "tenant", description: "tenant level" });
    await putSecret(ctx, null, "ONLY_TENANT", { value: "tenant-only" });
    await putSecret(ctx, "company", "SHARED", { value: "company" });
    await putSecret(ctx, "company", "ONLY_COMPANY", { value: "company-only" });
    await putSecret(ctx, "company.team", "SHARED", { value: "team" });
    await putSecret(ctx, "company.team", "ONLY_TEAM", { value: "team-only" });
    await putSecret(ctx, "other", "ONLY_OTHER", { value: "x" });
  });

  it("lists its own, each ancestor's and the tenant's, nearest first, saying where each comes from", async () => {
    const ctx = await tenantContext(cliActor(), t);
    const deep = await listNamespaceSecrets(ctx, "company.team.project");
    expect(deep.results.map((r) => [r.key, r.inheritedFrom])).toEqual([
      ["ONLY_COMPANY", { level: "namespace", namespace: "company" }],
      ["ONLY_TEAM", { level: "namespace", namespace: "company.team" }],
      ["ONLY_TENANT", { level: "tenant" }],
      ["SHARED", { level: "namespace", namespace: "company.team" }],
    ]);
    const team = await listNamespaceSecrets(ctx, "company.team");
    expect(team.results.find((r) => r.key === "SHARED")!.inheritedFrom).toBeUndefined();
    expect(team.results.find((r) => r.key === "ONLY_TEAM")!.inheritedFrom).toBeUndefined();
    expect(team.results.map((r) => r.key)).not.toContain("ONLY_OTHER");
    expect(await resolveSecretValue(tenantDb(t), "company.team.project", "SHARED")).toBe("team");
    expect(await resolveSecretValue(tenantDb(t), "company", "SHARED")).toBe("company");
    expect(await resolveSecretValue(tenantDb(t), "elsewhere", "SHARED")).toBe("tenant");
    expect(await resolveSecretValue(tenantDb(t), null, "SHARED")).toBe("tenant");
    const paged = await listNamespaceSecrets(ctx, "company.team.project", { page: 2, size: 3 });
    expect(paged).toMatchObject({ total: 4, results: [{ key: "SHARED" }] });
  });

  it("skips an ancestor that does not allow the namespace, keeping the ones above it", async () => {
    await db.namespace.create({ data: { tenantId: t, name: "company.team", allowedNamespaces: JSON.stringify(["company.team.allowed"]) } });
    try {
      const ctx = await tenantContext(cliActor(), t);
      const blocked = await listNamespaceSecrets(ctx, "company.team.blocked");
      expect(blocked.results.map((r) => r.key)).not.toContain("ONLY_TEAM");
      expect(blocked.results.find((r) => r.key === "SHARED")!.inheritedFrom).toEqual({ level: "namespace", namespace: "company" });
      expect(await resolveSecretValue(tenantDb(t), "company.team.blocked", "SHARED")).toBe("company");
      expect(await resolveSecretValue(tenantDb(t), "company.team.blocked", "ONLY_TEAM")).toBeNull();
      const allowed = await listNamespaceSecrets(ctx, "company.team.allowed.x");
      expect(allowed.results.map((r) => r.key)).toContain("ONLY_TEAM");
      // the namespace itself always sees its own
      expect((await listNamespaceSecrets(ctx, "company.team")).results.map((r) => r.key)).toContain("ONLY_TEAM");
    } finally {
      await db.namespace.deleteMany({ where: { tenantId: t, name: "company.team" } });
    }
  });
});

describe("secret permissions (SPEC §4)", () => {
  it("lets a Developer bound on company.team manage secrets there and below, nowhere else", async () => {
    const dev = await member("Developer", "company.team");
    expect((await putNs(dev.token, "company.team", "DEV_KEY", json("v"))).status).toBe(201);
    expect((await putNs(dev.token, "company.team.sub", "DEV_KEY", json("v"))).status).toBe(201);
    expect((await putNs(dev.token, "company", "DEV_KEY", json("v"))).status).toBe(404);
    expect((await putNs(dev.token, "companyx", "DEV_KEY", json("v"))).status).toBe(404);
    expect((await listNs(dev.token, "company")).status).toBe(404);
    expect((await listNs(dev.token, "company.team")).status).toBe(200);
    // tenant-level secrets need the permission tenant-wide
    expect((await putTenant(dev.token, "DEV_KEY", json("v"))).status).toBe(403);
    expect((await call(tenantSecretsRoute.GET, request("GET", "/", { token: dev.token }), { tenant })).status).toBe(403);
    const del = await call(nsSecretRoute.DELETE, request("DELETE", "/", { token: dev.token }), { tenant, namespace: "company.team.sub", key: "DEV_KEY" });
    expect(del.status).toBe(200);
  });

  it("lets an Editor read keys but not write (403 naming SECRET), and shows a Viewer nothing (404)", async () => {
    await putNs(adminToken, "company.team", "EDIT_ME", json("v"));
    const editor = await member("Editor", null);
    expect((await listNs(editor.token, "company.team")).status).toBe(200);
    const put = await putNs(editor.token, "company.team", "EDIT_ME", json("changed"));
    expect(put.status).toBe(403);
    expect(put.json.error.message).toContain("SECRET:UPDATE");
    const create = await putNs(editor.token, "company.team", "NEW_ONE", json("v"));
    expect(create.json.error.message).toContain("SECRET:CREATE");
    expect((await call(nsSecretRoute.DELETE, request("DELETE", "/", { token: editor.token }), { tenant, namespace: "company.team", key: "EDIT_ME" })).status).toBe(403);
    expect(await resolveSecretValue(tenantDb(tenant), "company.team", "EDIT_ME")).toBe("v");
    expect((await call(tenantSecretsRoute.GET, request("GET", "/", { token: editor.token }), { tenant })).status).toBe(200);
    const viewer = await member("Viewer", null);
    expect((await listNs(viewer.token, "company.team")).status).toBe(404);
    expect((await putNs(viewer.token, "company.team", "V", json("v"))).status).toBe(404);
    expect((await call(tenantSecretsRoute.GET, request("GET", "/", { token: viewer.token }), { tenant })).status).toBe(403);
  });
});

describe("secret backends", () => {
  const vars: string[] = [];
  const setEnv = (name: string, value: string) => {
    vars.push(name);
    process.env[name] = Buffer.from(value).toString("base64");
  };
  afterEach(() => {
    for (const v of vars.splice(0)) delete process.env[v];
  });

  it("reads a namespace's secrets from environment variables when it chooses the env backend, and refuses writes", async () => {
    const t = (await makeTenant(admin)).id;
    const ctx = await tenantContext(cliActor(), t);
    await putSecret(ctx, null, "FROM_TENANT", { value: "tenant" });
    await putSecret(ctx, "ops", "STORED", { value: "stored-before" });
    await db.namespace.create({ data: { tenantId: t, name: "ops", secretConfig: JSON.stringify({ type: "env", prefix: "SECRET_TFTEST_" }) } });
    setEnv("SECRET_TFTEST_API_TOKEN", "tök€n value");
    setEnv("SECRET_TFTEST_OTHER", "o");
    const own = await listNamespaceSecrets(ctx, "ops");
    expect(own.results.map((r) => [r.key, r.backend, r.inheritedFrom?.level ?? "own"])).toEqual([
      ["API_TOKEN", "env", "own"],
      ["FROM_TENANT", "internal", "tenant"],
      ["OTHER", "env", "own"],
    ]);
    expect(own.results[0]).toMatchObject({ createdAt: null, updatedAt: null });
    expect(await resolveSecretValue(tenantDb(t), "ops.sub", "API_TOKEN")).toBe("tök€n value");
    // a child that inherits the setting lists the variables as its ancestor's
    const child = await listNamespaceSecrets(ctx, "ops.sub");
    expect(child.results.find((r) => r.key === "API_TOKEN")!.inheritedFrom).toEqual({ level: "namespace", namespace: "ops" });
    const token = await tokenOf(admin);
    const write = await call(nsSecretRoute.PUT, request("PUT", "/", { token, body: json("v") }), { tenant: t, namespace: "ops", key: "API_TOKEN" });
    expect(write.status).toBe(409);
    expect(write.json.error.message).toMatch(/environment variables.*read-only.*SECRET_TFTEST_API_TOKEN/);
    const child409 = await call(nsSecretRoute.PUT, request("PUT", "/", { token, body: json("v") }), { tenant: t, namespace: "ops.sub", key: "NEW" });
    expect(child409.status).toBe(409);
    expect((await call(nsSecretRoute.DELETE, request("DELETE", "/", { token }), { tenant: t, namespace: "ops", key: "STORED" })).status).toBe(409);
    // the tenant keeps its internal store
    expect((await call(tenantSecretRoute.PUT, request("PUT", "/", { token, body: json("v") }), { tenant: t, key: "MORE" })).status).toBe(201);
  });

  it("uses the tenant's env backend for tenant-level secrets and namespaces that set none; a namespace may go back to internal", async () => {
    const t = (await makeTenant(admin)).id;
    await db.tenant.update({ where: { id: t }, data: { secretConfig: JSON.stringify({ type: "env", prefix: "SECRET_TFT2_" }) } });
    await db.namespace.create({ data: { tenantId: t, name: "own", secretConfig: JSON.stringify({ type: "internal" }) } });
    setEnv("SECRET_TFT2_GLOBAL", "g");
    const ctx = await tenantContext(cliActor(), t);
    expect((await listNamespaceSecrets(ctx, "any.where")).results).toEqual([
      { key: "GLOBAL", description: "", createdAt: null, updatedAt: null, backend: "env", inheritedFrom: { level: "tenant" } },
    ]);
    await expect(putSecret(ctx, null, "X", { value: "v" })).rejects.toMatchObject({ status: 409 });
    await expect(putSecret(ctx, "any", "X", { value: "v" })).rejects.toMatchObject({ status: 409 });
    await putSecret(ctx, "own", "LOCAL", { value: "local" });
    expect((await listNamespaceSecrets(ctx, "own")).results.map((r) => [r.key, r.backend])).toEqual([
      ["GLOBAL", "env"],
      ["LOCAL", "internal"],
    ]);
    expect(await resolveSecretValue(tenantDb(t), "own", "LOCAL")).toBe("local");
    expect(await resolveSecretValue(tenantDb(t), "own", "GLOBAL")).toBe("g");
  });
});

describe("tenant moves", () => {
  it("re-seals secrets under the new tenant's key", async () => {
    const from = (await makeTenant(admin)).id;
    const to = uniq("moved");
    await putSecret(await tenantContext(cliActor(), from), "ns", "K", { value: "moved-value" });
    await db.tenant.create({ data: { id: to, name: "Moved" } });
    expect(await db.$transaction((tx) => resealSecrets(tx, from, to))).toBe(1);
    expect(await resolveSecretValue(tenantDb(to), "ns", "K")).toBe("moved-value");
    expect(await resolveSecretValue(tenantDb(from), "ns", "K")).toBeNull();
  });
});

describe("instance key at start-up", () => {
  it("stores a check value on the first start, and refuses a different key with one line", { timeout: 300_000 }, async () => {
    const inst = await freshInstance();
    try {
      expect(await inst.db.instanceSetting.count()).toBe(1);
      const run = (key: string) =>
        spawnSync(process.execPath, ["bin/tenantflow.mjs", "bootstrap"], { env: { ...inst.env, TENANTFLOW_SECRET_KEY: key }, encoding: "utf8" });
      const other = run("a-completely-different-instance-key-0123456789");
      expect(other.status).not.toBe(0);
      expect(other.stderr.trim().split("\n")).toHaveLength(1);
      expect(other.stderr).toMatch(/TENANTFLOW_SECRET_KEY: it does not match the key/);
      if (isPostgres(inst.env.DATABASE_URL)) {
        // the embedded default generates a key; PostgreSQL needs one set
        const missing = run("");
        expect(missing.status).not.toBe(0);
        expect(missing.stderr).toMatch(/TENANTFLOW_SECRET_KEY: required/);
      }
    } finally {
      await inst.close();
    }
  });

  it("refuses to seal or open anything without a key, and with a key other than the stored check's", async () => {
    const saved = process.env.TENANTFLOW_SECRET_KEY;
    try {
      process.env.TENANTFLOW_SECRET_KEY = "";
      resetConfigCache();
      await expect(verifyInstanceKey()).rejects.toThrow(/TENANTFLOW_SECRET_KEY: required/);
      process.env.TENANTFLOW_SECRET_KEY = "yet-another-instance-key-0123456789abcdef";
      resetConfigCache();
      await expect(verifyInstanceKey()).rejects.toThrow(/does not match/);
    } finally {
      process.env.TENANTFLOW_SECRET_KEY = saved;
      resetConfigCache();
    }
    expect(await verifyInstanceKey()).toBe("verified");
  });
});
