import { describe, expect, it } from "vitest";
import * as bindingRoute from "@/app/api/v1/[tenant]/bindings/[id]/route";
import * as bindingsRoute from "@/app/api/v1/[tenant]/bindings/route";
import { GET as flowsInNamespace } from "@/app/api/v1/[tenant]/flows/[namespace]/route";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/flows/search/route";
import * as groupRoute from "@/app/api/v1/[tenant]/groups/[id]/route";
import * as groupsRoute from "@/app/api/v1/[tenant]/groups/route";
import * as roleRoute from "@/app/api/v1/[tenant]/roles/[id]/route";
import * as rolesRoute from "@/app/api/v1/[tenant]/roles/route";
import * as userRoute from "@/app/api/v1/[tenant]/users/[username]/route";
import { ACTIONS, type Action, PERMISSIONS, type Permission } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { bindingKey } from "@/lib/rbac/binding-key";
import { type TestUser, call, ctxOf, makeTenant, makeUser, request, tokenOf, uniq } from "./helpers";

async function bind(tenantId: string, who: { userId?: string; groupId?: string }, roleName: string, namespace: string | null = null) {
  const role = await db.role.findFirstOrThrow({ where: { tenantId, name: roleName } });
  await db.binding.create({
    data: { tenantId, roleId: role.id, ...who, namespace, key: bindingKey({ roleId: role.id, ...who, namespace }) },
  });
}

/** A user with access to the tenant and the given bindings. */
async function member(tenantId: string, ...bindings: [string, string | null][]) {
  const u = await makeUser();
  await db.tenantAccess.create({ data: { tenantId, userId: u.id } });
  for (const [role, ns] of bindings) await bind(tenantId, { userId: u.id }, role, ns);
  return u;
}

async function addFlows(tenantId: string, namespace: string, n: number) {
  for (let i = 0; i < n; i++) {
    await db.flow.create({
      data: { tenantId, namespace, flowId: `f${String(i).padStart(3, "0")}`, revision: 1, source: "x", parsed: "{}" },
    });
  }
}

// SPEC §4's table, written out independently of lib/authz/permissions.ts
const C = "CREATE", R = "READ", U = "UPDATE", D = "DELETE";
const SPEC_TABLE: Record<string, Partial<Record<Permission, string[]>>> = {
  Admin: Object.fromEntries(PERMISSIONS.map((p) => [p, [C, R, U, D]])),
  Developer: { FLOW: [C, R, U, D], EXECUTION: [C, R, U, D], KVSTORE: [C, R, U, D], SECRET: [C, R, U, D], NAMESPACE: [C, R, U], AUDITLOG: [R] },
  Editor: { FLOW: [C, R, U], EXECUTION: [C, R, U], KVSTORE: [C, R, U], NAMESPACE: [R], SECRET: [R] },
  Launcher: { FLOW: [R], NAMESPACE: [R], EXECUTION: [C, R] },
  Viewer: { FLOW: [R], EXECUTION: [R], NAMESPACE: [R], KVSTORE: [R] },
};

describe("managed roles", () => {
  const cases = Object.keys(SPEC_TABLE).flatMap((role) =>
    PERMISSIONS.flatMap((p) => ACTIONS.map((a) => [role, p, a, SPEC_TABLE[role][p]?.includes(a) ?? false] as const)),
  );
  const tenantPromise = makeTenant();
  const usersByRole = new Map<string, Promise<TestUser>>();
  const userFor = async (role: string) => {
    const t = await tenantPromise;
    if (!usersByRole.has(role)) usersByRole.set(role, member(t.id, [role, null]));
    return usersByRole.get(role)!;
  };

  it.each(cases)("%s: %s:%s is %s", async (role, permission, action, expected) => {
    const t = await tenantPromise;
    const ctx = await ctxOf(await userFor(role), t.id);
    expect(ctx.can(permission, action as Action)).toBe(expected);
    expect(ctx.can(permission, action as Action, "any.namespace")).toBe(expected);
  });

  it("are neither editable nor deletable", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    const viewer = await db.role.findFirstOrThrow({ where: { tenantId: t.id, name: "Viewer" } });
    const put = await call(roleRoute.PUT, request("PUT", "/", { token, body: { permissions: { FLOW: ["DELETE"] } } }), { tenant: t.id, id: viewer.id });
    expect(put.status).toBe(422);
    expect(put.json.error.message).toContain("managed role Viewer cannot be changed");
    const del = await call(roleRoute.DELETE, request("DELETE", "/", { token }), { tenant: t.id, id: viewer.id });
    expect(del.status).toBe(422);
    expect(await db.role.findUnique({ where: { id: viewer.id } })).toMatchObject({ permissions: viewer.permissions });
  });
});

describe("namespace bindings", () => {
  it("reach descendants on segment boundaries, never a sibling prefix or a parent", async () => {
    const t = await makeTenant();
    const u = await member(t.id, ["Developer", "company"], ["Viewer", "data.team"]);
    const ctx = await ctxOf(u, t.id);
    expect(ctx.can("FLOW", "UPDATE", "company")).toBe(true);
    expect(ctx.can("FLOW", "UPDATE", "company.team.x")).toBe(true);
    expect(ctx.can("FLOW", "READ", "companyx")).toBe(false);
    expect(ctx.can("FLOW", "READ", "companyx.team")).toBe(false);
    expect(ctx.can("FLOW", "READ", "data")).toBe(false);
    expect(ctx.can("FLOW", "READ", "data.team.etl")).toBe(true);
    expect(ctx.can("FLOW", "UPDATE", "data.team.etl")).toBe(false);
    // tenant-wide questions are not answered by a namespace binding
    expect(ctx.can("FLOW", "READ")).toBe(false);
    // nor tenant-level permissions
    expect(ctx.can("ROLE", "READ", "company")).toBe(false);
  });

  it("union direct and group bindings", async () => {
    const t = await makeTenant();
    const u = await member(t.id, ["Viewer", "a"]);
    const group = await db.group.create({ data: { tenantId: t.id, name: uniq("g") } });
    await db.groupMember.create({ data: { tenantId: t.id, groupId: group.id, userId: u.id } });
    await bind(t.id, { groupId: group.id }, "Developer", "b");
    const ctx = await ctxOf(u, t.id);
    expect(ctx.can("FLOW", "READ", "a.x")).toBe(true);
    expect(ctx.can("FLOW", "UPDATE", "a.x")).toBe(false);
    expect(ctx.can("FLOW", "DELETE", "b.y")).toBe(true);
    expect(ctx.can("SECRET", "CREATE", "b")).toBe(true);
    expect(ctx.scope("FLOW", "READ")).toEqual({ all: false, prefixes: ["a", "b"] });
    expect(ctx.scope("FLOW", "UPDATE")).toEqual({ all: false, prefixes: ["b"] });
    // the gate's one row carries both, each with how it reaches the user
    expect(ctx.bindings.map((b) => [b.roleName, b.namespace, b.via]).sort()).toEqual([
      ["Developer", "b", "group"],
      ["Viewer", "a", "user"],
    ]);
    // grants are parsed once per role text and shared between requests: no request can change them
    const again = await ctxOf(u, t.id);
    const viewer = (c: typeof ctx) => c.bindings.find((b) => b.roleName === "Viewer")!.grants;
    expect(viewer(again)).toBe(viewer(ctx));
    expect(Object.isFrozen(viewer(ctx))).toBe(true);
    expect(Object.isFrozen(viewer(ctx).FLOW)).toBe(true);
  });

  it("deny with 404 where the user may not read and 403 naming what is missing where they may", async () => {
    const t = await makeTenant();
    const u = await member(t.id, ["Viewer", "company.team"]);
    const ctx = await ctxOf(u, t.id);
    expect(() => ctx.require("FLOW", "READ", "company.team.x")).not.toThrow();
    expect(() => ctx.require("FLOW", "UPDATE", "company.team.x")).toThrow(
      expect.objectContaining({ status: 403, message: "Missing permission FLOW:UPDATE in namespace company.team.x" }),
    );
    expect(() => ctx.require("FLOW", "READ", "company.other")).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => ctx.require("FLOW", "DELETE", "company.other")).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("grant nothing in a tenant the user has no access to", async () => {
    const t = await makeTenant();
    const u = await makeUser();
    await bind(t.id, { userId: u.id }, "Admin");
    await expect(ctxOf(u, t.id)).rejects.toMatchObject({ status: 404 });
  });

  it("do not leak across tenants: a role of tenant A cannot be bound in tenant B, and grants nothing there", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const u = await member(b.id);
    const adminOfA = await db.role.findFirstOrThrow({ where: { tenantId: a.id, name: "Admin" } });
    // the database refuses the binding itself: it references roles by (tenantId, id)
    await expect(db.binding.create({ data: { tenantId: b.id, roleId: adminOfA.id, userId: u.id, key: uniq("k") } })).rejects.toThrow();
    const ctx = await ctxOf(u, b.id);
    expect(ctx.can("FLOW", "READ")).toBe(false);
  });
});

describe("lists under namespace-scoped bindings", () => {
  it("contain only readable namespaces, with correct totals and pages", async () => {
    const t = await makeTenant();
    await addFlows(t.id, "company.team", 7);
    await addFlows(t.id, "company.team.etl", 5);
    await addFlows(t.id, "company.teamx", 4);
    await addFlows(t.id, "company", 3);
    await addFlows(t.id, "a_b.c", 2);
    await addFlows(t.id, "axb.c", 2);
    const u = await member(t.id, ["Viewer", "company.team"], ["Viewer", "a_b"]);
    const token = await tokenOf(u);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await call(searchRoute, request("GET", `/api/v1/${t.id}/flows/search?size=6&page=${page}`, { token }), { tenant: t.id });
      expect(r.status).toBe(200);
      expect(r.json.total).toBe(14);
      expect(r.json.results).toHaveLength(page < 3 ? 6 : 2);
      seen.push(...r.json.results.map((f: { namespace: string; id: string }) => `${f.namespace}/${f.id}`));
    }
    expect(new Set(seen).size).toBe(14);
    expect(seen.every((k) => /^(company\.team(\.etl)?|a_b\.c)\//.test(k))).toBe(true);
    const filtered = await call(searchRoute, request("GET", `/api/v1/${t.id}/flows/search?namespace=company&size=100`, { token }), { tenant: t.id });
    expect(filtered.json.total).toBe(12);
    const hidden = await call(flowsInNamespace, request("GET", "/", { token }), { tenant: t.id, namespace: "company.teamx" });
    expect(hidden.status).toBe(404);
  });

  it("refuses a page size over 100 and a page below 1", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    for (const q of ["size=101", "page=0", "size=abc"]) {
      const r = await call(searchRoute, request("GET", `/api/v1/${t.id}/flows/search?${q}`, { token }), { tenant: t.id });
      expect(r.status, q).toBe(422);
    }
  });
});

describe("freshness: changes hold on the next request", () => {
  it("revoking a binding, a membership, tenant access or a role's permission", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    await addFlows(t.id, "ops", 1);
    const adminToken = await tokenOf(admin);
    const u = await member(t.id);
    const token = await tokenOf(u);
    const read = async () => (await call(flowsInNamespace, request("GET", "/", { token }), { tenant: t.id, namespace: "ops" })).status;
    expect(await read()).toBe(404);

    // direct binding, then revoked
    const created = await call(bindingsRoute.POST, request("POST", "/", { token: adminToken, body: { user: u.username, role: "Viewer", namespace: "ops" } }), { tenant: t.id });
    expect(created.status).toBe(201);
    expect(await read()).toBe(200);
    await call(bindingRoute.DELETE, request("DELETE", "/", { token: adminToken }), { tenant: t.id, id: created.json.id });
    expect(await read()).toBe(404);

    // through a group, then membership removed
    const group = await call(groupsRoute.POST, request("POST", "/", { token: adminToken, body: { name: "ops-team", members: [u.username] } }), { tenant: t.id });
    expect(group.status).toBe(201);
    await call(bindingsRoute.POST, request("POST", "/", { token: adminToken, body: { group: "ops-team", role: "Viewer" } }), { tenant: t.id });
    expect(await read()).toBe(200);
    await call(groupRoute.PUT, request("PUT", "/", { token: adminToken, body: { members: [] } }), { tenant: t.id, id: group.json.id });
    expect(await read()).toBe(404);

    // a custom role whose permission is withdrawn
    const role = await call(rolesRoute.POST, request("POST", "/", { token: adminToken, body: { name: "Reader", permissions: { FLOW: ["READ"] } } }), { tenant: t.id });
    await call(bindingsRoute.POST, request("POST", "/", { token: adminToken, body: { user: u.username, role: "Reader" } }), { tenant: t.id });
    expect(await read()).toBe(200);
    await call(roleRoute.PUT, request("PUT", "/", { token: adminToken, body: { permissions: { EXECUTION: ["READ"] } } }), { tenant: t.id, id: role.json.id });
    expect(await read()).toBe(404);

    // tenant access revoked
    await call(roleRoute.PUT, request("PUT", "/", { token: adminToken, body: { permissions: { FLOW: ["READ"] } } }), { tenant: t.id, id: role.json.id });
    expect(await read()).toBe(200);
    await call(userRoute.DELETE, request("DELETE", "/", { token: adminToken }), { tenant: t.id, username: u.username });
    expect(await read()).toBe(404);
  });
});

describe("roles, groups and bindings API", () => {
  it("creates a custom role, refuses unknown permissions, and refuses a stale edit with 412", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    const bad = await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "X", permissions: { FLOWS: ["READ"] } } }), { tenant: t.id });
    expect(bad.status).toBe(422);
    const badAction = await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "X", permissions: { FLOW: ["EXECUTE"] } } }), { tenant: t.id });
    expect(badAction.status).toBe(422);
    const created = await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "Auditor", permissions: { AUDITLOG: ["READ"], FLOW: ["READ"] } } }), { tenant: t.id });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Auditor", managed: false, permissions: { FLOW: ["READ"], AUDITLOG: ["READ"] }, version: 1 });
    const dup = await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "Auditor", permissions: {} } }), { tenant: t.id });
    expect(dup.status).toBe(409);
    const got = await call(roleRoute.GET, request("GET", "/", { token }), { tenant: t.id, id: created.json.id });
    expect(got.headers.get("etag")).toBe('"1"');
    const first = await call(roleRoute.PUT, request("PUT", "/", { token, body: { description: "first" }, headers: { "if-match": '"1"' } }), { tenant: t.id, id: created.json.id });
    expect(first.status).toBe(200);
    const stale = await call(roleRoute.PUT, request("PUT", "/", { token, body: { description: "second" }, headers: { "if-match": '"1"' } }), { tenant: t.id, id: created.json.id });
    expect(stale.status).toBe(412);
    expect((await db.role.findUnique({ where: { id: created.json.id } }))?.description).toBe("first");
    const list = await call(rolesRoute.GET, request("GET", "/", { token }), { tenant: t.id });
    expect(list.json.results.map((r: { name: string }) => r.name)).toEqual(["Admin", "Developer", "Editor", "Launcher", "Viewer", "Auditor"]);
    const del = await call(roleRoute.DELETE, request("DELETE", "/", { token }), { tenant: t.id, id: created.json.id });
    expect(del.status).toBe(200);
  });

  it("validates bindings: exactly one principal, known role, tenant users only, valid namespace, no duplicates", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    const u = await member(t.id);
    const stranger = await makeUser();
    const post = (body: unknown) => call(bindingsRoute.POST, request("POST", "/", { token, body }), { tenant: t.id });
    expect((await post({ role: "Viewer" })).status).toBe(422);
    expect((await post({ user: u.username, group: "g", role: "Viewer" })).status).toBe(422);
    expect((await post({ user: u.username, role: "Nope" })).json.error.details[0]).toMatchObject({ path: "role" });
    expect((await post({ user: stranger.username, role: "Viewer" })).json.error.details[0].message).toContain("grant access first");
    expect((await post({ user: u.username, role: "Viewer", namespace: "a..b" })).json.error.details[0].message).toContain("empty segment");
    expect((await post({ user: u.username, role: "Viewer", namespace: "search" })).status).toBe(422);
    expect((await post({ user: u.username, role: "Viewer", namespace: "company.team" })).status).toBe(201);
    expect((await post({ user: u.username, role: "Viewer", namespace: "company.team" })).status).toBe(409);
    const concurrent = await Promise.all([1, 2, 3].map(() => post({ user: u.username, role: "Editor" })));
    expect(concurrent.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const list = await call(bindingsRoute.GET, request("GET", `/?user=${encodeURIComponent(u.username)}`, { token }), { tenant: t.id });
    expect(list.json.results.map((b: { role: string; namespace: string | null }) => [b.role, b.namespace])).toEqual([
      ["Viewer", "company.team"],
      ["Editor", null],
    ]);
  });

  it("answers 403 naming the permission to a member who may not administer", async () => {
    const t = await makeTenant();
    const viewer = await member(t.id, ["Viewer", null]);
    const token = await tokenOf(viewer);
    const r = await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "Mine", permissions: { FLOW: ["DELETE"] } } }), { tenant: t.id });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toBe("Missing permission ROLE:CREATE");
    const b = await call(bindingsRoute.POST, request("POST", "/", { token, body: { user: viewer.username, role: "Admin" } }), { tenant: t.id });
    expect(b.status).toBe(403);
    expect(await db.binding.count({ where: { tenantId: t.id, userId: viewer.id } })).toBe(1);
  });

  it("keeps tenants apart: another tenant's role, group or binding id is a 404 and nothing changes", async () => {
    const adminA = await makeUser();
    const a = await makeTenant(adminA);
    const adminB = await makeUser();
    const b = await makeTenant(adminB);
    const tokenA = await tokenOf(adminA);
    const tokenB = await tokenOf(adminB);
    const role = await call(rolesRoute.POST, request("POST", "/", { token: tokenB, body: { name: "SecretRole", permissions: { FLOW: ["READ"] } } }), { tenant: b.id });
    const group = await call(groupsRoute.POST, request("POST", "/", { token: tokenB, body: { name: "secret-group" } }), { tenant: b.id });
    const binding = await call(bindingsRoute.POST, request("POST", "/", { token: tokenB, body: { group: "secret-group", role: "SecretRole" } }), { tenant: b.id });
    const snapshot = async () => ({
      roles: await db.role.findMany({ where: { tenantId: b.id }, orderBy: { id: "asc" } }),
      groups: await db.group.findMany({ where: { tenantId: b.id }, orderBy: { id: "asc" } }),
      bindings: await db.binding.findMany({ where: { tenantId: b.id }, orderBy: { id: "asc" } }),
    });
    const before = await snapshot();
    const attempts = [
      // B's ids through A's URL (A's admin has full rights in A)
      call(roleRoute.GET, request("GET", "/", { token: tokenA }), { tenant: a.id, id: role.json.id }),
      call(roleRoute.PUT, request("PUT", "/", { token: tokenA, body: { name: "pwned" } }), { tenant: a.id, id: role.json.id }),
      call(roleRoute.DELETE, request("DELETE", "/", { token: tokenA }), { tenant: a.id, id: role.json.id }),
      call(groupRoute.PUT, request("PUT", "/", { token: tokenA, body: { members: [adminA.username] } }), { tenant: a.id, id: group.json.id }),
      call(groupRoute.DELETE, request("DELETE", "/", { token: tokenA }), { tenant: a.id, id: group.json.id }),
      call(bindingRoute.DELETE, request("DELETE", "/", { token: tokenA }), { tenant: a.id, id: binding.json.id }),
      // B's URL directly
      call(rolesRoute.GET, request("GET", "/", { token: tokenA }), { tenant: b.id }),
      call(roleRoute.DELETE, request("DELETE", "/", { token: tokenA }), { tenant: b.id, id: role.json.id }),
      call(bindingsRoute.POST, request("POST", "/", { token: tokenA, body: { user: adminA.username, role: "Admin" } }), { tenant: b.id }),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.status).toBe(404);
      expect(r.text).not.toMatch(/SecretRole|secret-group/);
    }
    expect(await snapshot()).toEqual(before);
  });
});
