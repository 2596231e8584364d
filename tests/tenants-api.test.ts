import { describe, expect, it } from "vitest";
import * as tenantsRoute from "@/app/api/v1/tenants/route";
import * as tenantRoute from "@/app/api/v1/tenants/[id]/route";
import * as restoreRoute from "@/app/api/v1/tenants/[id]/restore/route";
import * as usersRoute from "@/app/api/v1/[tenant]/users/route";
import * as userRoute from "@/app/api/v1/[tenant]/users/[username]/route";
import { GET as me } from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser, request, tokenOf, uniq } from "./helpers";

async function snapshot() {
  return {
    tenants: await db.tenant.findMany({ orderBy: { id: "asc" } }),
    access: await db.tenantAccess.count(),
    bindings: await db.binding.count(),
    roles: await db.role.count(),
  };
}

describe("POST /api/v1/tenants", () => {
  it("creates a tenant with its managed roles; the creator gets access and Admin at once", async () => {
    const admin = await makeUser({ superadmin: true });
    const token = await tokenOf(admin);
    const id = uniq("prod");
    const r = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token, body: { id, name: "Production", description: "live" } }));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ id, name: "Production", description: "live", deleted: false });
    const roles = await db.role.findMany({ where: { tenantId: id }, select: { name: true, managed: true } });
    expect(roles.map((x) => x.name).sort()).toEqual(["Admin", "Developer", "Editor", "Launcher", "Viewer"]);
    expect(roles.every((x) => x.managed)).toBe(true);
    const mine = await call(me, request("GET", "/api/v1/me", { token }));
    expect(mine.json.tenants).toContainEqual({ id, name: "Production" });
    const binding = await db.binding.findFirst({ where: { tenantId: id, userId: admin.id }, include: { role: true } });
    expect(binding?.role.name).toBe("Admin");
    expect(binding?.namespace).toBeNull();
  });

  it("lets a user granted TENANT:CREATE create one", async () => {
    const creator = await makeUser({ canCreateTenant: true });
    const id = uniq("team");
    const r = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token: await tokenOf(creator), body: { id, name: "Team" } }));
    expect(r.status).toBe(201);
    expect(await db.tenantAccess.count({ where: { tenantId: id, userId: creator.id } })).toBe(1);
  });

  it("refuses a user without TENANT:CREATE with 403 and changes nothing", async () => {
    const user = await makeUser();
    const before = await snapshot();
    const r = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token: await tokenOf(user), body: { id: uniq("x"), name: "X" } }));
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: "FORBIDDEN", message: "Missing permission TENANT:CREATE" });
    expect(await snapshot()).toEqual(before);
  });

  it("answers 401 without credentials", async () => {
    const r = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { body: { id: uniq("x"), name: "X" } }));
    expect(r.status).toBe(401);
  });

  it.each([
    [{ id: "api", name: "X" }, "id", "reserved"],
    [{ id: "Bad_Id", name: "X" }, "id", "lowercase"],
    [{ id: "-x", name: "X" }, "id", "must start"],
    [{ id: "a".repeat(65), name: "X" }, "id", "at most 64"],
    [{ name: "X" }, "id", "id is required"],
    [{ id: "ok-id", name: "" }, "name", "name is required"],
    [{ id: "ok-id", name: "n".repeat(201) }, "name", "at most 200"],
    [{ id: "ok-id" }, "name", "name is required"],
    [{ id: 42, name: "X" }, "id", ""],
    [{ id: "ok-id", name: ["X"] }, "name", ""],
  ])("answers 422 for %j naming the field", async (body, path, message) => {
    const admin = await makeUser({ superadmin: true });
    const before = await snapshot();
    const r = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token: await tokenOf(admin), body }));
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("VALIDATION_FAILED");
    const detail = r.json.error.details.find((d: { path: string }) => d.path === path);
    expect(detail?.message).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["not json", "application/json", 400],
    ["{\"id\":", "application/json", 400],
    ["id=x&name=y", "application/x-www-form-urlencoded", 400],
    ["[1,2]", "application/json", 422],
    ["null", "application/json", 422],
  ])("answers %s (%s) with %i", async (body, contentType, status) => {
    const admin = await makeUser({ superadmin: true });
    const r = await call(
      tenantsRoute.POST,
      request("POST", "/api/v1/tenants", { token: await tokenOf(admin), body, headers: { "content-type": contentType } }),
    );
    expect(r.status).toBe(status);
    expect(r.json.error.message).toBeTruthy();
  });

  it("answers 409 for a duplicate id and keeps the original", async () => {
    const admin = await makeUser({ superadmin: true });
    const token = await tokenOf(admin);
    const id = uniq("dup");
    await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token, body: { id, name: "First" } }));
    const r = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token, body: { id, name: "Second" } }));
    expect(r.status).toBe(409);
    expect(r.json.error.message).toBe(`A tenant with id "${id}" already exists`);
    expect((await db.tenant.findUnique({ where: { id } }))?.name).toBe("First");
  });

  it("creates one tenant when the same id is created concurrently", async () => {
    const admin = await makeUser({ superadmin: true });
    const token = await tokenOf(admin);
    const id = uniq("race");
    const results = await Promise.all(
      Array.from({ length: 5 }, () => call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token, body: { id, name: "Race" } }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await db.role.count({ where: { tenantId: id } })).toBe(5);
  });

  it("refuses a body over the size limit with 413", async () => {
    const admin = await makeUser({ superadmin: true });
    const body = JSON.stringify({ id: uniq("big"), name: "x", description: "d".repeat(1_100_000) });
    const r = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token: await tokenOf(admin), body }));
    expect(r.status).toBe(413);
  });
});

describe("GET /api/v1/tenants and /api/v1/tenants/{id}", () => {
  it("lists every tenant for a superadmin, and refuses a plain user", async () => {
    const admin = await makeUser({ superadmin: true });
    const t = await makeTenant();
    const list = await call(tenantsRoute.GET, request("GET", "/api/v1/tenants", { token: await tokenOf(admin) }));
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(list.json.results.length);
    expect(list.json.results.map((x: { id: string }) => x.id)).toContain(t.id);
    const plain = await makeUser();
    const refused = await call(tenantsRoute.GET, request("GET", "/api/v1/tenants", { token: await tokenOf(plain) }));
    expect(refused.status).toBe(403);
  });

  it("shows a TENANT:CREATE user only the tenants they administer", async () => {
    const creator = await makeUser({ canCreateTenant: true });
    const mine = await makeTenant(creator);
    const other = await makeTenant();
    const list = await call(tenantsRoute.GET, request("GET", "/api/v1/tenants", { token: await tokenOf(creator) }));
    const ids = list.json.results.map((x: { id: string }) => x.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(other.id);
    const r = await call(tenantRoute.GET, request("GET", `/api/v1/tenants/${other.id}`, { token: await tokenOf(creator) }), { id: other.id });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain(other.name);
  });

  it("answers 404 for a missing tenant", async () => {
    const admin = await makeUser({ superadmin: true });
    const r = await call(tenantRoute.GET, request("GET", "/api/v1/tenants/nope", { token: await tokenOf(admin) }), { id: "nope-" + uniq("x") });
    expect(r.status).toBe(404);
  });
});

describe("PUT, DELETE and restore", () => {
  it("edits name and description, refusing bad values", async () => {
    const admin = await makeUser({ superadmin: true });
    const token = await tokenOf(admin);
    const t = await makeTenant(admin);
    const ok = await call(tenantRoute.PUT, request("PUT", `/api/v1/tenants/${t.id}`, { token, body: { name: "Renamed", description: "new" } }), { id: t.id });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ id: t.id, name: "Renamed", description: "new" });
    const bad = await call(tenantRoute.PUT, request("PUT", `/api/v1/tenants/${t.id}`, { token, body: { name: "" } }), { id: t.id });
    expect(bad.status).toBe(422);
    expect((await db.tenant.findUnique({ where: { id: t.id } }))?.name).toBe("Renamed");
  });

  it("soft-deletes (data kept, tenant hidden) and a superadmin restores it", async () => {
    const admin = await makeUser({ superadmin: true });
    const token = await tokenOf(admin);
    const t = await makeTenant(admin);
    await db.namespace.create({ data: { tenantId: t.id, name: "kept" } });
    const del = await call(tenantRoute.DELETE, request("DELETE", `/api/v1/tenants/${t.id}`, { token }), { id: t.id });
    expect(del.status).toBe(200);
    expect(del.json.deleted).toBe(true);
    expect((await call(me, request("GET", "/api/v1/me", { token }))).json.tenants.map((x: { id: string }) => x.id)).not.toContain(t.id);
    expect(await db.namespace.count({ where: { tenantId: t.id } })).toBe(1);
    const restored = await call(restoreRoute.POST, request("POST", `/api/v1/tenants/${t.id}/restore`, { token }), { id: t.id });
    expect(restored.json.deleted).toBe(false);
    expect((await call(me, request("GET", "/api/v1/me", { token }))).json.tenants.map((x: { id: string }) => x.id)).toContain(t.id);
  });

  it("refuses deleting the default tenant", async () => {
    const admin = await makeUser({ superadmin: true });
    const r = await call(tenantRoute.DELETE, request("DELETE", "/api/v1/tenants/main", { token: await tokenOf(admin) }), { id: "main" });
    expect(r.status).toBe(422);
    expect((await db.tenant.findUnique({ where: { id: "main" } }))?.deleted).toBe(false);
  });

  it("refuses a user who does not administer the tenant, changing nothing", async () => {
    const t = await makeTenant();
    const creator = await makeUser({ canCreateTenant: true });
    const token = await tokenOf(creator);
    const before = await snapshot();
    for (const [handler, method] of [
      [tenantRoute.PUT, "PUT"],
      [tenantRoute.DELETE, "DELETE"],
    ] as const) {
      const r = await call(handler, request(method, `/api/v1/tenants/${t.id}`, { token, body: { name: "Hacked" } }), { id: t.id });
      expect(r.status).toBe(404);
    }
    const restore = await call(restoreRoute.POST, request("POST", `/api/v1/tenants/${t.id}/restore`, { token }), { id: t.id });
    expect(restore.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe("tenant access: /api/v1/{tenant}/users", () => {
  it("a tenant Admin grants and revokes access; bindings stay but grant nothing without access", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const bob = await makeUser();
    const adminToken = await tokenOf(admin);
    const bobToken = await tokenOf(bob);
    const grant = await call(userRoute.PUT, request("PUT", `/api/v1/${t.id}/users/${bob.username}`, { token: adminToken }), {
      tenant: t.id,
      username: bob.username,
    });
    expect(grant.status).toBe(200);
    expect((await call(me, request("GET", "/api/v1/me", { token: bobToken }))).json.tenants).toContainEqual({ id: t.id, name: t.name });
    const list = await call(usersRoute.GET, request("GET", `/api/v1/${t.id}/users`, { token: adminToken }), { tenant: t.id });
    expect(list.json.results.map((u: { username: string }) => u.username).sort()).toEqual([admin.username, bob.username].sort());
    expect(list.json.total).toBe(2);
    const revoke = await call(userRoute.DELETE, request("DELETE", `/api/v1/${t.id}/users/${bob.username}`, { token: adminToken }), {
      tenant: t.id,
      username: bob.username,
    });
    expect(revoke.status).toBe(200);
    expect((await call(me, request("GET", "/api/v1/me", { token: bobToken }))).json.tenants).not.toContainEqual({ id: t.id, name: t.name });
    const denied = await call(usersRoute.GET, request("GET", `/api/v1/${t.id}/users`, { token: bobToken }), { tenant: t.id });
    expect(denied.status).toBe(404);
  });

  it("answers 404 for a tenant the caller cannot access and changes nothing", async () => {
    const t = await makeTenant();
    const outsider = await makeUser();
    const victim = await makeUser();
    const before = await snapshot();
    const r = await call(userRoute.PUT, request("PUT", `/api/v1/${t.id}/users/${victim.username}`, { token: await tokenOf(outsider) }), {
      tenant: t.id,
      username: victim.username,
    });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain(t.id);
    expect(await snapshot()).toEqual(before);
  });
});

describe("a tenant's dedicated backends", () => {
  const s3 = { type: "s3", bucket: "tenant-bucket", region: "eu-west-1", endpoint: "http://127.0.0.1:9000", forcePathStyle: true };

  it("are chosen by a superadmin at creation or later, and shown parsed", async () => {
    const root = await makeUser({ superadmin: true });
    const token = await tokenOf(root);
    const id = uniq("bk");
    const created = await call(tenantsRoute.POST, request("POST", "/", { token, body: { id, name: "B", storage: s3, secrets: { type: "env", prefix: "SECRET_B_" } } }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ storage: s3, secrets: { type: "env", prefix: "SECRET_B_" } });
    expect(created.json).not.toHaveProperty("storageConfig");
    const cleared = await call(tenantRoute.PUT, request("PUT", "/", { token, body: { storage: null } }), { id });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ storage: null, secrets: { type: "env", prefix: "SECRET_B_" } });
    expect((await db.tenant.findUnique({ where: { id } }))!.storageConfig).toBeNull();
  });

  it("are refused to a tenant's own Admin (403) and invalid ones answer 422, changing nothing", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    const refused = await call(tenantRoute.PUT, request("PUT", "/", { token, body: { storage: s3 } }), { id: t.id });
    expect(refused.status).toBe(403);
    const root = await tokenOf(await makeUser({ superadmin: true }));
    for (const storage of [{ type: "s3" }, { type: "local", directory: "../etc" }, { type: "s3", bucket: "b", endpoint: "file:///etc" }, { type: "nfs" }]) {
      const bad = await call(tenantRoute.PUT, request("PUT", "/", { token: root, body: { storage } }), { id: t.id });
      expect(bad.status, JSON.stringify(storage)).toBe(422);
    }
    const row = await db.tenant.findUnique({ where: { id: t.id } });
    expect(row).toMatchObject({ storageConfig: null, secretConfig: null });
    // editing the name stays theirs
    expect((await call(tenantRoute.PUT, request("PUT", "/", { token, body: { name: "Renamed" } }), { id: t.id })).status).toBe(200);
  });
});
