import { describe, expect, it, vi } from "vitest";
import { POST as createBindingRoute } from "@/app/api/v1/[tenant]/bindings/route";
import { PUT as updateGroupRoute } from "@/app/api/v1/[tenant]/groups/[id]/route";
import { PUT as updateRoleRoute } from "@/app/api/v1/[tenant]/roles/[id]/route";
import { PUT as grantAccessRoute } from "@/app/api/v1/[tenant]/users/[username]/route";
import { GET as getTenantRoute } from "@/app/api/v1/tenants/[id]/route";
import { createBindingAction, updateGroupAction, updateRoleAction } from "@/lib/rbac/actions";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import type { Grants } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import { grantAccess, revokeAccess } from "@/lib/tenants/access";
import { type TestUser, call, ctxOf, makeTenant, makeUser, request, sessionCookie, tokenOf, uniq } from "./helpers";
import { browser } from "./next-headers";

// No escalation: a holder of BINDING:CREATE, GROUP:UPDATE or ROLE:UPDATE may grant only what they
// hold in that scope, through the API and through the admin pages' server actions alike.

vi.mock("next/headers", () => import("./next-headers"));

/** A tenant whose Admin is someone else, and a user holding `grants` tenant-wide (plus more bindings). */
async function setup(grants: Record<string, string[]>) {
  const owner = await makeUser();
  const tenant = (await makeTenant(owner)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  const user = await makeUser();
  await grantAccess(ctx, user.username);
  const role = await createRole(ctx, { name: uniq("Holder"), permissions: grants });
  await createBinding(ctx, { user: user.username, role: role.name });
  return { tenant, ctx, user, role, token: await tokenOf(user) };
}

const isAdmin = async (u: TestUser, tenant: string) => (await ctxOf(u, tenant)).can("BINDING", "DELETE");

describe("no escalation through bindings", () => {
  it("a BINDING:CREATE holder cannot bind Admin, to themselves or anyone (API and action)", async () => {
    const { tenant, user, token } = await setup({ BINDING: ["CREATE", "READ"], USER: ["READ"] });
    const api = await call(createBindingRoute, request("POST", "/", { token, body: { user: user.username, role: "Admin" } }), { tenant });
    expect(api.status).toBe(403);
    expect(api.json.error.message).toMatch(/only grant permissions you hold tenant-wide/);
    browser.cookie = await sessionCookie(user);
    const viaAction = await createBindingAction({ tenant, user: user.username, role: "Admin" });
    expect(viaAction).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await isAdmin(user, tenant)).toBe(false);
    expect(await db.binding.count({ where: { tenantId: tenant, role: { name: "Admin" }, userId: user.id } })).toBe(0);
  });

  it("grants what the holder has, in the scope where they have it", async () => {
    const { tenant, ctx, user, token } = await setup({ BINDING: ["CREATE", "READ"] });
    await createNamespace(ctx, { name: "team" });
    await createNamespace(ctx, { name: "other" });
    await createBinding(ctx, { user: user.username, role: "Developer", namespace: "team" });
    const peer = await makeUser();
    await grantAccess(ctx, peer.username);
    const bind = (body: object) => call(createBindingRoute, request("POST", "/", { token, body }), { tenant });
    expect((await bind({ user: peer.username, role: "Developer", namespace: "team" })).status).toBe(201);
    expect((await bind({ user: peer.username, role: "Developer", namespace: "other" })).status).toBe(403);
    expect((await bind({ user: peer.username, role: "Developer" })).status).toBe(403);
  });
});

describe("no escalation through group membership", () => {
  it("a GROUP:UPDATE holder cannot join a group that carries Admin (API and action)", async () => {
    const { tenant, ctx, user, token } = await setup({ GROUP: ["READ", "UPDATE"] });
    const admins = await createGroup(ctx, { name: uniq("admins"), members: [] });
    await createBinding(ctx, { group: admins.name, role: "Admin" });
    const api = await call(updateGroupRoute, request("PUT", "/", { token, body: { members: [user.username] } }), { tenant, id: admins.id });
    expect(api.status).toBe(403);
    browser.cookie = await sessionCookie(user);
    expect(await updateGroupAction({ tenant, id: admins.id, members: [user.username] })).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await db.groupMember.count({ where: { groupId: admins.id } })).toBe(0);
    expect(await isAdmin(user, tenant)).toBe(false);
    // a group carrying only what the holder has takes new members
    const readers = await createGroup(ctx, { name: uniq("readers"), members: [] });
    await createBinding(ctx, { group: readers.name, role: (await createRole(ctx, { name: uniq("GroupReader"), permissions: { GROUP: ["READ"] } })).name });
    const ok = await call(updateGroupRoute, request("PUT", "/", { token, body: { members: [user.username] } }), { tenant, id: readers.id });
    expect(ok.status).toBe(200);
  });
});

describe("no escalation through role edits", () => {
  it("a ROLE:UPDATE holder cannot widen their own role to Admin (API and action)", async () => {
    const { tenant, user, role, token } = await setup({ ROLE: ["READ", "UPDATE"] });
    const everything: Grants = { FLOW: ["CREATE", "READ", "UPDATE", "DELETE"], ROLE: ["READ", "UPDATE"], BINDING: ["CREATE", "READ", "UPDATE", "DELETE"] };
    const api = await call(updateRoleRoute, request("PUT", "/", { token, body: { permissions: everything }, headers: { "if-match": `"${role.version}"` } }), { tenant, id: role.id });
    expect(api.status).toBe(403);
    expect(api.json.error.message).toMatch(/BINDING:CREATE/);
    browser.cookie = await sessionCookie(user);
    const viaAction = await updateRoleAction({ tenant, id: role.id, version: role.version, permissions: everything });
    expect(viaAction).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await isAdmin(user, tenant)).toBe(false);
    // dropping a permission, or a description change, is no grant
    const narrower = await call(updateRoleRoute, request("PUT", "/", { token, body: { permissions: { ROLE: ["READ", "UPDATE"] }, description: "d" }, headers: { "if-match": `"${role.version}"` } }), { tenant, id: role.id });
    expect(narrower.status).toBe(200);
  });
});

describe("no escalation through tenant access", () => {
  it("a USER:CREATE holder cannot give access back to a user whose Admin binding was kept", async () => {
    const { tenant, ctx, token } = await setup({ USER: ["CREATE", "READ"] });
    const sleeper = await makeUser();
    await grantAccess(ctx, sleeper.username);
    await createBinding(ctx, { user: sleeper.username, role: "Admin" });
    await revokeAccess(ctx, sleeper.username);
    const api = await call(grantAccessRoute, request("PUT", "/", { token }), { tenant, username: sleeper.username });
    expect(api.status).toBe(403);
    expect(await db.tenantAccess.count({ where: { tenantId: tenant, userId: sleeper.id } })).toBe(0);
  });
});

describe("tenant administration through a group", () => {
  it("counts an Admin role held through a group", async () => {
    const { tenant, ctx, user, token } = await setup({ FLOW: ["READ"] });
    expect((await call(getTenantRoute, request("GET", "/", { token }), { id: tenant })).status).toBe(404);
    await createGroup(ctx, { name: uniq("admins"), members: [user.username] }).then((g) => createBinding(ctx, { group: g.name, role: "Admin" }));
    expect((await call(getTenantRoute, request("GET", "/", { token }), { id: tenant })).status).toBe(200);
  });
});
