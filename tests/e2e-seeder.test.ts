import { afterAll, describe, expect, it } from "vitest";
import { Seeder } from "@/e2e/support/seeder";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/passwords";
import { hashToken } from "@/lib/tokens/tokens";

// The Playwright suite's seeding thread, here against the test database (its env: this process's).
describe("the end-to-end seeder", () => {
  const first = new Seeder(3, {});
  const second = new Seeder(4, {});
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it("creates users, a tenant, access, bindings, flows and tokens through the product's functions, and answers synchronously", async () => {
    const world = first.seed({
      users: { ada: {}, bob: { displayName: "Bob B" } },
      tenants: { acme: { admin: "ada", access: ["bob"] } },
      bindings: [{ tenant: "acme", user: "bob", role: "Viewer", namespace: "company" }],
      flows: [{ tenant: "acme", namespace: "company", id: "hello", description: "Says hi" }],
      tokens: [{ user: "bob", name: "ci" }],
    });
    expect(world).not.toBeInstanceOf(Promise);
    const t = world.tenants.acme.id;
    const ada = await db.user.findUniqueOrThrow({ where: { id: world.users.ada.id } });
    expect(ada.username).toBe(world.users.ada.username);
    expect(await verifyPassword(world.users.ada.password, ada.passwordHash)).toBe(true);
    expect(world.users.bob.displayName).toBe("Bob B");
    expect(await db.tenantAccess.count({ where: { tenantId: t } })).toBe(2);
    const bindings = await db.binding.findMany({ where: { tenantId: t }, include: { role: true } });
    expect(bindings.map((b) => [b.userId, b.role.name, b.namespace]).sort()).toEqual(
      [
        [world.users.ada.id, "Admin", null],
        [world.users.bob.id, "Viewer", "company"],
      ].sort(),
    );
    const flow = await db.flow.findFirstOrThrow({ where: { tenantId: t, namespace: "company", flowId: "hello" } });
    expect(flow.description).toBe("Says hi");
    const token = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(world.tokens.ci) } });
    expect(token.userId).toBe(world.users.bob.id);
  });

  it("names every user and tenant uniquely per call and per worker", () => {
    const spec = { users: { ada: {} }, tenants: { acme: { admin: "ada" } } };
    const worlds = [first.seed(spec), first.seed(spec), second.seed(spec)];
    const usernames = worlds.map((w) => w.users.ada.username);
    const tenantIds = worlds.map((w) => w.tenants.acme.id);
    expect(new Set(usernames).size).toBe(3);
    expect(new Set(tenantIds).size).toBe(3);
    expect(usernames[0]).toMatch(/w3n/);
    expect(usernames[2]).toMatch(/w4n/);
    expect(tenantIds[2]).toMatch(/^acme-.*w4n/);
  });

  it("reports what the product refused, and seeds again after it", () => {
    expect(() => first.seed({ tenants: { x: { id: "admin" } } })).toThrow(/seeding failed: [\s\S]*reserved/);
    const world = first.seed({ users: { cy: {} } });
    expect(world.users.cy.username).toMatch(/^cy-/);
  });

  it("sets and clears a tenant's secret backend", async () => {
    const t = first.seed({ tenants: { sb: {} } }).tenants.sb.id;
    const setting = JSON.stringify({ type: "env", prefix: "SECRET_SEEDER_" });
    first.setTenantSecretBackend(t, setting);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: t } })).secretConfig).toBe(setting);
    first.setTenantSecretBackend(t, null);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: t } })).secretConfig).toBeNull();
  });

  it("starts a new thread after being closed, keeping its names unique", async () => {
    const before = second.seed({ users: { dee: {} } }).users.dee.username;
    await second.close();
    const after = second.seed({ users: { dee: {} } }).users.dee.username;
    expect(after).not.toBe(before);
    expect(await db.user.count({ where: { username: { in: [before, after] } } })).toBe(2);
  });
});
