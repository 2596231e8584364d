import { describe, expect, it } from "vitest";
import { GET as listUsers } from "@/app/api/v1/admin/users/route";
import { GET as getUser } from "@/app/api/v1/admin/users/[username]/route";
import { POST as disable } from "@/app/api/v1/admin/users/[username]/disable/route";
import { POST as resetPassword } from "@/app/api/v1/admin/users/[username]/password/route";
import { DELETE as endSessions } from "@/app/api/v1/admin/users/[username]/sessions/route";
import { GET as me } from "@/app/api/v1/me/route";
import { PEER_HEADER } from "@/lib/auth/client-address";
import { authOptions } from "@/lib/auth/options";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createBinding } from "@/lib/rbac/bindings";
import { createGroup } from "@/lib/rbac/groups";
import { grantAccess } from "@/lib/tenants/access";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { adminResetPassword, endUserSessions, getInstanceUser, searchInstanceUsers } from "@/lib/users/admin";
import { PASSWORD, actorOf, call, makeTenant, makeUser, request, sessionCookie, tokenOf, uniq } from "./helpers";

// Instance administration of users: search in the query, one user's page, a superadmin's password
// reset and ending a user's sessions; refused to everyone but a superadmin, with nothing changed.

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const peer = () => ({ headers: { [PEER_HEADER]: `10.67.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}` } });
const signsIn = async (username: string, password: string) => (await authorize({ username, password }, peer())) !== null;
const meWith = async (auth: { cookie?: string; token?: string }) => (await call(me, request("GET", "/api/v1/me", auth))).status;
const hashOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } })).passwordHash;

describe("searching instance users", () => {
  it("matches the username or the display name, ignoring case, a page at a time", async () => {
    const admin = await makeUser({ superadmin: true });
    const tag = uniq("Findme").toLowerCase();
    const a = await makeUser({ name: `${tag}-a` });
    const b = await makeUser({ name: `${tag}-b` });
    const c = await makeUser();
    await db.user.update({ where: { id: c.id }, data: { displayName: `Someone ${tag.toUpperCase()} Else` } });

    const all = await searchInstanceUsers(actorOf(admin), tag, { page: 1, size: 10 });
    expect(all.total).toBe(3);
    expect(all.results.map((u) => u.username).sort()).toEqual([a.username, b.username, c.username].sort());
    expect(all.results[0]).not.toHaveProperty("passwordHash");

    const first = await searchInstanceUsers(actorOf(admin), tag.toUpperCase(), { page: 1, size: 2 });
    const second = await searchInstanceUsers(actorOf(admin), tag, { page: 2, size: 2 });
    expect(first).toMatchObject({ total: 3, page: 1, size: 2 });
    expect(first.results).toHaveLength(2);
    expect(second.results).toHaveLength(1);
    expect(new Set([...first.results, ...second.results].map((u) => u.username)).size).toBe(3);
  });

  it("answers the API with the paged shape, and 403 to anyone but a superadmin", async () => {
    const admin = await makeUser({ superadmin: true });
    const creator = await makeUser({ canCreateTenant: true });
    const res = await call(listUsers, request("GET", `/?q=${encodeURIComponent(creator.username)}&size=5`, { token: await tokenOf(admin) }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ total: 1, page: 1, size: 5, results: [{ username: creator.username }] });

    const refused = await call(listUsers, request("GET", `/?q=${encodeURIComponent(admin.username)}`, { token: await tokenOf(creator) }));
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(admin.username);
    expect((await call(listUsers, request("GET", "/?size=101", { token: await tokenOf(admin) }))).status).toBe(422);
  });
});

describe("one instance user", () => {
  it("shows the tenants with their roles (direct and through groups), tokens and sign-ins", async () => {
    const admin = await makeUser({ superadmin: true });
    const u = await makeUser();
    const tenant = (await makeTenant(admin)).id;
    const ctx = await tenantContext(cliActor(), tenant);
    await grantAccess(ctx, u.username);
    await createBinding(ctx, { user: u.username, role: "Viewer", namespace: "company.team" });
    const group = await createGroup(ctx, { name: uniq("grp"), members: [u.username] });
    await createBinding(ctx, { group: group.name, role: "Editor" });
    await tokenOf(u);
    const revoked = await createToken(cliActor(), u.id, { name: "old" });
    await revokeToken(actorOf(u), revoked.id);

    const before = await getInstanceUser(actorOf(admin), u.username);
    expect(before.lastSignInAt).toBeNull();
    expect(before.tokens).toEqual({ active: 1, total: 2 });
    expect(before.tenants).toHaveLength(1);
    expect(before.tenants[0]).toMatchObject({ id: tenant, deleted: false });
    expect(before.tenants[0].accessSince).toBeInstanceOf(Date);
    expect(before.tenants[0].roles).toEqual(
      expect.arrayContaining([
        { role: "Viewer", namespace: "company.team", via: null },
        { role: "Editor", namespace: null, via: group.name },
      ]),
    );

    expect(await signsIn(u.username, PASSWORD)).toBe(true);
    const after = await getInstanceUser(actorOf(admin), u.username);
    expect(after.lastSignInAt).toBeInstanceOf(Date);

    const res = await call(getUser, request("GET", "/", { token: await tokenOf(admin) }), { username: u.username });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ username: u.username, tokens: { active: 1, total: 2 }, tenants: [{ id: tenant }] });
    expect(res.text).not.toMatch(/passwordHash|sessionVersion/);
  });

  it("answers 404 for an unknown user and 403 to a non-superadmin", async () => {
    const admin = await makeUser({ superadmin: true });
    const plain = await makeUser();
    expect((await call(getUser, request("GET", "/", { token: await tokenOf(admin) }), { username: "nobody-here@example.com" })).status).toBe(404);
    const refused = await call(getUser, request("GET", "/", { token: await tokenOf(plain) }), { username: admin.username });
    expect(refused.status).toBe(403);
    await expect(getInstanceUser(actorOf(plain), admin.username)).rejects.toMatchObject({ status: 403 });
  });
});

describe("a superadmin's password reset", () => {
  it("generates a password answered once, ends the user's sessions, keeps their tokens, and is audited without it", async () => {
    const admin = await makeUser({ superadmin: true });
    const u = await makeUser();
    const cookie = await sessionCookie(u);
    const token = await tokenOf(u);
    expect(await meWith({ cookie })).toBe(200);

    const res = await call(resetPassword, request("POST", "/", { token: await tokenOf(admin), body: {} }), { username: u.username });
    expect(res.status).toBe(200);
    const generated: string = res.json.password;
    expect(generated.length).toBeGreaterThanOrEqual(16);
    expect(await meWith({ cookie })).toBe(401);
    expect(await meWith({ token })).toBe(200);
    expect(await signsIn(u.username, PASSWORD)).toBe(false);
    expect(await signsIn(u.username, generated)).toBe(true);

    const entry = await db.instanceAuditLog.findFirst({ where: { resourceType: "USER", resourceId: u.username, after: { contains: "passwordReset" } } });
    expect(entry?.actorName).toBe(admin.username);
    expect(`${entry?.before} ${entry?.after}`).not.toContain(generated);
    expect((await getInstanceUser(actorOf(admin), u.username)).sessionsEndedAt).toBeInstanceOf(Date);
  });

  it("sets a password the superadmin typed, without answering it", async () => {
    const admin = await makeUser({ superadmin: true });
    const u = await makeUser();
    const res = await call(resetPassword, request("POST", "/", { token: await tokenOf(admin), body: { password: "typed-twice-1" } }), { username: u.username });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ username: u.username, sessionsEnded: true });
    expect(await signsIn(u.username, "typed-twice-1")).toBe(true);
    const short = await call(resetPassword, request("POST", "/", { token: await tokenOf(admin), body: { password: "short" } }), { username: u.username });
    expect(short.status).toBe(422);
  });

  it("is refused to non-superadmins and for oneself, with the password unchanged", async () => {
    const admin = await makeUser({ superadmin: true });
    const creator = await makeUser({ canCreateTenant: true });
    const u = await makeUser();
    const hash = await hashOf(u.id);
    const refused = await call(resetPassword, request("POST", "/", { token: await tokenOf(creator), body: {} }), { username: u.username });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain("password\":");
    expect(await hashOf(u.id)).toBe(hash);

    const adminHash = await hashOf(admin.id);
    await expect(adminResetPassword(actorOf(admin), admin.username)).rejects.toMatchObject({ status: 409 });
    expect(await hashOf(admin.id)).toBe(adminHash);
    await expect(adminResetPassword(actorOf(admin), "nobody-here@example.com")).rejects.toMatchObject({ status: 404 });
  });
});

describe("ending a user's sessions", () => {
  it("signs them out everywhere but keeps their API tokens; refused to non-superadmins", async () => {
    const admin = await makeUser({ superadmin: true });
    const plain = await makeUser();
    const u = await makeUser();
    const cookie = await sessionCookie(u);
    const token = await tokenOf(u);

    const refused = await call(endSessions, request("DELETE", "/", { token: await tokenOf(plain) }), { username: u.username });
    expect(refused.status).toBe(403);
    expect(await meWith({ cookie })).toBe(200);

    const res = await call(endSessions, request("DELETE", "/", { token: await tokenOf(admin) }), { username: u.username });
    expect(res.status).toBe(200);
    expect(res.json.username).toBe(u.username);
    expect(await meWith({ cookie })).toBe(401);
    expect(await meWith({ token })).toBe(200);
    const entry = await db.instanceAuditLog.findFirst({ where: { resourceId: u.username, after: { contains: "sessionsEnded" } } });
    expect(entry?.actorName).toBe(admin.username);
    await expect(endUserSessions(actorOf(plain), u.username)).rejects.toMatchObject({ status: 403 });
  });

  it("keeps a superadmin from disabling themselves through the API", async () => {
    const admin = await makeUser({ superadmin: true });
    const res = await call(disable, request("POST", "/", { token: await tokenOf(admin) }), { username: admin.username });
    expect(res.status).toBe(409);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabled).toBe(false);
  });
});
