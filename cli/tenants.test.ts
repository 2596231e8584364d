import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { bindingKey } from "@/lib/rbac/binding-key";
import { freshInstance } from "@/tests/fresh-db";
import { uniq } from "@/tests/helpers";
import { cli } from "@/tests/cli";

describe("tenantflow tenants", () => {
  it("creates, lists and deletes a tenant, with clear output", async () => {
    const id = uniq("dev");
    const admin = `${uniq("adm")}@example.com`;
    await cli("users", "create", admin, "--password", "pass-word-1");
    const created = await cli("tenants", "create", "--tenant", id, "--name", "Development environment", "--admin-username", admin);
    expect(created).toEqual({ code: 0, out: `created tenant ${id} (Development environment), admin ${admin}`, err: "" });
    const access = await db.tenantAccess.findFirst({ where: { tenantId: id, user: { username: admin } } });
    expect(access).not.toBeNull();
    const binding = await db.binding.findFirst({ where: { tenantId: id, user: { username: admin } }, include: { role: true } });
    expect(binding?.role.name).toBe("Admin");

    const list = await cli("tenants", "list");
    expect(list.code).toBe(0);
    expect(list.out.split("\n")).toContain(`${id}\tDevelopment environment`);

    const del = await cli("tenants", "delete", id);
    expect(del).toMatchObject({ code: 0, out: `deleted tenant ${id} (soft delete: a superadmin can restore it)` });
    expect((await cli("tenants", "list")).out).not.toContain(id);
    expect((await cli("tenants", "list", "--all")).out).toContain(`${id}\tDevelopment environment\t(deleted)`);
    expect(await db.role.count({ where: { tenantId: id } })).toBe(5);

    // its id is a deleted tenant's: creating says so, and restoring brings it back
    const again = await cli("tenants", "create", "--tenant", id, "--name", "Again");
    expect(again.code).toBe(1);
    expect(again.err).toContain("A deleted tenant has the id");
    expect(await cli("tenants", "restore", id)).toMatchObject({ code: 0, out: `restored tenant ${id} (Development environment)` });
    expect((await cli("tenants", "list")).out.split("\n")).toContain(`${id}\tDevelopment environment`);
  });

  it.each([
    [["tenants", "create", "--name", "X"], 2, "needs --tenant"],
    [["tenants", "create", "--tenant", "x"], 2, "needs --name"],
    [["tenants", "create", "--tenant", "admin", "--name", "X"], 1, "reserved"],
    [["tenants", "create", "--tenant", "Bad", "--name", "X"], 1, "lowercase"],
    [["tenants", "create", "--tenant", "okay", "--name", "X", "--admin-username", "ghost@example.com"], 2, "user ghost@example.com not found"],
    [["tenants", "delete"], 2, "tenants delete ID"],
    [["tenants", "restore"], 2, "tenants restore ID"],
    [["tenants", "restore", "no-such-tenant-x"], 1, "Tenant not found"],
    [["tenants", "delete", "no-such-tenant-x"], 1, "Tenant not found"],
    [["tenants", "delete", "main"], 1, "default tenant cannot be deleted"],
    [["migrate", "default-tenant", "--tenant-id", "x"], 2, "--tenant-name"],
    [["migrate", "default-tenant", "--tenant-id", "main", "--tenant-name", "X"], 1, "other than the default tenant"],
  ])("%j exits %i with one line on stderr, writing nothing", async (argv, code, message) => {
    const before = await db.tenant.findMany({ select: { id: true, deleted: true } });
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
    expect(r.err.split("\n")).toHaveLength(1);
    const after = await db.tenant.findMany({ select: { id: true, deleted: true } });
    // other test files create tenants concurrently: only this command's effect matters
    expect(after.filter((t) => ["admin", "Bad", "okay", "x"].includes(t.id))).toEqual([]);
    expect(after.find((t) => t.id === "main")?.deleted).toBe(false);
    expect(after.length).toBeGreaterThanOrEqual(before.length);
  });

  it("tenants update sets a tenant's concurrency limit and weight, and lifts the limit with none", async () => {
    const id = uniq("eng");
    await cli("tenants", "create", "--tenant", id, "--name", "Engine");
    expect(await cli("tenants", "update", id, "--concurrency-limit", "5", "--weight", "3")).toEqual({ code: 0, out: `tenant ${id}: concurrency limit 5, weight 3, worker group default`, err: "" });
    expect(await db.tenant.findUnique({ where: { id }, select: { concurrencyLimit: true, weight: true } })).toEqual({ concurrencyLimit: 5, weight: 3 });
    expect(await cli("tenants", "update", id, "--concurrency-limit", "none")).toMatchObject({ code: 0, out: `tenant ${id}: concurrency limit none, weight 3, worker group default` });
    // the tenant's default worker group: a defined group, or none for the instance's default
    const group = uniq("tgrp");
    await cli("worker-groups", "create", group);
    expect(await cli("tenants", "update", id, "--worker-group", group)).toMatchObject({ code: 0, out: `tenant ${id}: concurrency limit none, weight 3, worker group ${group}` });
    expect((await db.tenant.findUnique({ where: { id } }))?.workerGroup).toBe(group);
    expect(await cli("tenants", "update", id, "--worker-group", "no-such-group")).toMatchObject({ code: 1, err: expect.stringContaining("no-such-group") });
    expect(await cli("tenants", "update", id, "--worker-group", "none")).toMatchObject({ code: 0, out: expect.stringContaining("worker group default") });
    expect((await db.tenant.findUnique({ where: { id } }))?.workerGroup).toBeNull();
    for (const [argv, code, message] of [
      [["tenants", "update", id], 2, "nothing to change"],
      [["tenants", "update", id, "--weight", "x"], 2, "--weight must be a whole number"],
      [["tenants", "update", id, "--weight", "0"], 1, "weight must be at least 1"],
      [["tenants", "update", id, "--concurrency-limit", "1.5"], 2, "--concurrency-limit must be a whole number or none"],
    ] as const) {
      const r = await cli(...argv);
      expect(r.code).toBe(code);
      expect(r.err).toContain(message);
    }
    expect(await db.tenant.findUnique({ where: { id }, select: { concurrencyLimit: true, weight: true } })).toEqual({ concurrencyLimit: null, weight: 3 });
  });

  it("refuses a duplicate tenant id with exit 1", async () => {
    const id = uniq("dup");
    await cli("tenants", "create", "--tenant", id, "--name", "One");
    const r = await cli("tenants", "create", "--tenant", id, "--name", "Two");
    expect(r).toMatchObject({ code: 1, err: `error: A tenant with id "${id}" already exists` });
  });
});

describe("on a whole instance", () => {
  let inst: Awaited<ReturnType<typeof freshInstance>>;
  beforeAll(async () => {
    inst = await freshInstance({ TENANTS_ENABLED: "true" });
  }, 120_000);
  afterAll(async () => inst?.close());

  it("users sync-access grants existing users the default tenant, keeps bindings, and is idempotent", { timeout: 120_000 }, async () => {
    // users created before multi-tenancy: no access record
    const alice = await inst.db.user.create({ data: { username: "alice@example.com", passwordHash: "x", displayName: "Alice" } });
    const bob = await inst.db.user.create({ data: { username: "bob@example.com", passwordHash: "x", displayName: "Bob" } });
    const viewer = await inst.db.role.findFirstOrThrow({ where: { tenantId: "main", name: "Viewer" } });
    await inst.db.binding.create({
      data: { tenantId: "main", roleId: viewer.id, userId: alice.id, namespace: "company", key: bindingKey({ roleId: viewer.id, userId: alice.id, namespace: "company" }) },
    });

    const first = inst.cli("users", "sync-access");
    expect(first.code).toBe(0);
    expect(first.out.split("\n")).toEqual([
      "granted alice@example.com access to the default tenant",
      "granted bob@example.com access to the default tenant",
    ]);
    expect(await inst.db.tenantAccess.count({ where: { tenantId: "main", userId: { in: [alice.id, bob.id] } } })).toBe(2);
    expect(await inst.db.binding.count({ where: { tenantId: "main", userId: alice.id, namespace: "company" } })).toBe(1);

    const second = inst.cli("users", "sync-access");
    expect(second).toMatchObject({ code: 0, out: "every user already has access to the default tenant: nothing changed" });
    expect(await inst.db.tenantAccess.count({ where: { tenantId: "main" } })).toBe(3);
  });

  it("migrate default-tenant: --dry-run prints counts and moves nothing; the real run moves everything", { timeout: 120_000 }, async () => {
    const d = inst.db;
    for (const n of [1, 2]) {
      await d.flow.create({ data: { tenantId: "main", namespace: "company.team", flowId: `f${n}`, revision: 2, source: "x", parsed: "{}" } });
      for (const r of [1, 2]) {
        await d.flowRevision.create({ data: { tenantId: "main", namespace: "company.team", flowId: `f${n}`, revision: r, source: "x" } });
      }
    }
    const carol = await d.user.create({ data: { username: "carol@example.com", passwordHash: "x", displayName: "Carol" } });
    await d.tenantAccess.create({ data: { tenantId: "main", userId: carol.id } });
    const editor = await d.role.findFirstOrThrow({ where: { tenantId: "main", name: "Editor" } });
    await d.binding.create({
      data: { tenantId: "main", roleId: editor.id, userId: carol.id, namespace: "company.team", key: bindingKey({ roleId: editor.id, userId: carol.id, namespace: "company.team" }) },
    });
    const fileDir = path.join(inst.storageRoot, "main", "company.team");
    fs.mkdirSync(fileDir, { recursive: true });
    fs.writeFileSync(path.join(fileDir, "script.py"), "print('hi')");
    await d.namespaceFile.create({ data: { tenantId: "main", namespace: "company.team", path: "script.py", size: 11 } });
    // a namespace with a dedicated directory: its keys carry the tenant id inside that directory
    await d.namespace.create({ data: { tenantId: "main", name: "fast", storageConfig: JSON.stringify({ type: "local", directory: "ssd" }) } });
    const dedicatedDir = path.join(inst.storageRoot, "_dedicated", "ssd", "main", "fast");
    fs.mkdirSync(dedicatedDir, { recursive: true });
    fs.writeFileSync(path.join(dedicatedDir, "data.csv"), "a,b");
    await d.namespaceFile.create({ data: { tenantId: "main", namespace: "fast", path: "data.csv", size: 3 } });
    await d.tenant.update({ where: { id: "main" }, data: { secretConfig: JSON.stringify({ type: "env", prefix: "SECRET_" }) } });

    const countsBefore = {
      flows: await d.flow.count({ where: { tenantId: "main" } }),
      revisions: await d.flowRevision.count({ where: { tenantId: "main" } }),
      bindings: await d.binding.count({ where: { tenantId: "main" } }),
    };
    const dry = inst.cli("migrate", "default-tenant", "--tenant-id", "legacy", "--tenant-name", "Legacy", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("dry run: would move into tenant legacy:");
    expect(dry.out).toContain(`  flow: ${countsBefore.flows}`);
    expect(dry.out).toContain(`  flowRevision: ${countsBefore.revisions}`);
    expect(dry.out).toContain(`  binding: ${countsBefore.bindings}`);
    expect(dry.out).toContain("  files: 2");
    expect(await d.tenant.findUnique({ where: { id: "legacy" } })).toBeNull();
    expect(await d.flow.count({ where: { tenantId: "main" } })).toBe(countsBefore.flows);

    const real = inst.cli("migrate", "default-tenant", "--tenant-id", "legacy", "--tenant-name", "Legacy");
    expect(real.code).toBe(0);
    expect(real.out).toContain("moved the default tenant's data into tenant legacy:");
    expect(await d.flow.count({ where: { tenantId: "legacy" } })).toBe(2);
    expect(await d.flowRevision.count({ where: { tenantId: "legacy" } })).toBe(4);
    expect(await d.flow.count({ where: { tenantId: "main" } })).toBe(0);
    const moved = await d.binding.findFirst({ where: { tenantId: "legacy", userId: carol.id }, include: { role: true } });
    expect(moved).toMatchObject({ namespace: "company.team", role: { name: "Editor", tenantId: "legacy" } });
    expect(fs.readFileSync(path.join(inst.storageRoot, "legacy", "company.team", "script.py"), "utf8")).toBe("print('hi')");
    expect(fs.existsSync(path.join(inst.storageRoot, "main", "company.team", "script.py"))).toBe(false);
    expect(await d.namespaceFile.count({ where: { tenantId: "legacy" } })).toBe(2);
    expect(fs.readFileSync(path.join(inst.storageRoot, "_dedicated", "ssd", "legacy", "fast", "data.csv"), "utf8")).toBe("a,b");
    expect(fs.existsSync(path.join(dedicatedDir, "data.csv"))).toBe(false);
    expect((await d.tenant.findUniqueOrThrow({ where: { id: "legacy" } })).secretConfig).toBe(JSON.stringify({ type: "env", prefix: "SECRET_" }));
    // the default tenant stays usable: fresh managed roles, same users
    expect(await d.role.count({ where: { tenantId: "main", managed: true } })).toBe(5);
    expect(await d.tenantAccess.count({ where: { tenantId: "legacy", userId: carol.id } })).toBe(1);

    const again = inst.cli("migrate", "default-tenant", "--tenant-id", "legacy", "--tenant-name", "Legacy");
    expect(again).toMatchObject({ code: 1, err: 'error: A tenant with id "legacy" already exists' });
  });
});
