import { describe, expect, it, vi } from "vitest";
import { DELETE as deleteBindingRoute } from "@/app/api/v1/[tenant]/bindings/[id]/route";
import { DELETE as deleteGroupRoute, PUT as updateGroupRoute } from "@/app/api/v1/[tenant]/groups/[id]/route";
import { DELETE as deleteRoleRoute, PUT as updateRoleRoute } from "@/app/api/v1/[tenant]/roles/[id]/route";
import { DELETE as revokeAccessRoute } from "@/app/api/v1/[tenant]/users/[username]/route";
import { POST as addAdminRoute } from "@/app/api/v1/tenants/[id]/admins/route";
import { deleteBindingAction } from "@/lib/rbac/actions";
import { addTenantAdminAction, revokeAccessAction } from "@/lib/tenants/actions";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { MANAGED_ROLES } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { LAST_ADMIN_MESSAGE, tenantAdminIds } from "@/lib/rbac/last-admin";
import { createBinding, deleteBinding } from "@/lib/rbac/bindings";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import { grantAccess } from "@/lib/tenants/access";
import { cli } from "./cli";
import { call, ctxOf, makeTenant, makeUser, request, sessionCookie, tokenOf, uniq } from "./helpers";
import { browser } from "./next-headers";

// A tenant keeps its last tenant-wide Admin whichever way one tries to remove them, and a
// superadmin can give a tenant without one an Admin again (API, instance page action, CLI).

vi.mock("next/headers", () => import("./next-headers"));

async function soleAdminTenant() {
  const admin = await makeUser();
  const tenant = (await makeTenant(admin)).id;
  const binding = await db.binding.findFirstOrThrow({ where: { tenantId: tenant, userId: admin.id }, select: { id: true } });
  return { admin, tenant, binding, token: await tokenOf(admin), ctx: await tenantContext(cliActor(), tenant) };
}
const canAdminister = async (u: Awaited<ReturnType<typeof makeUser>>, tenant: string) =>
  (await ctxOf(u, tenant)).can("BINDING", "DELETE");

describe("the last tenant-wide Admin", () => {
  it("cannot delete their own Admin binding (API and action), until another Admin exists", async () => {
    const { admin, tenant, binding, token, ctx } = await soleAdminTenant();
    const api = await call(deleteBindingRoute, request("DELETE", "/", { token }), { tenant, id: binding.id });
    expect(api.status).toBe(409);
    expect(api.json.error.message).toBe(LAST_ADMIN_MESSAGE);
    browser.cookie = await sessionCookie(admin);
    expect(await deleteBindingAction({ tenant, id: binding.id })).toMatchObject({ ok: false, error: { status: 409 } });
    expect(await canAdminister(admin, tenant)).toBe(true);

    const second = await makeUser();
    await grantAccess(ctx, second.username);
    await createBinding(ctx, { user: second.username, role: "Admin" });
    expect((await call(deleteBindingRoute, request("DELETE", "/", { token }), { tenant, id: binding.id })).status).toBe(200);
  });

  it("cannot lose access to the tenant (API and action)", async () => {
    const { admin, tenant, token } = await soleAdminTenant();
    expect((await call(revokeAccessRoute, request("DELETE", "/", { token }), { tenant, username: admin.username })).status).toBe(409);
    browser.cookie = await sessionCookie(admin);
    expect(await revokeAccessAction({ tenant, username: admin.username })).toMatchObject({ ok: false, error: { status: 409 } });
    expect(await canAdminister(admin, tenant)).toBe(true);
  });

  it("cannot leave the group that carries their Admin role, nor delete it", async () => {
    const { admin, tenant, binding, token, ctx } = await soleAdminTenant();
    const group = await createGroup(ctx, { name: uniq("admins"), members: [admin.username] });
    await createBinding(ctx, { group: group.name, role: "Admin" });
    await db.binding.delete({ where: { id: binding.id } }); // Admin now only through the group
    expect((await call(updateGroupRoute, request("PUT", "/", { token, body: { members: [] } }), { tenant, id: group.id })).status).toBe(409);
    expect((await call(deleteGroupRoute, request("DELETE", "/", { token }), { tenant, id: group.id })).status).toBe(409);
    expect(await canAdminister(admin, tenant)).toBe(true);
  });

  it("cannot be demoted by narrowing or deleting the role that makes them Admin", async () => {
    const { admin, tenant, binding, token, ctx } = await soleAdminTenant();
    const owner = await createRole(ctx, { name: uniq("Owner"), permissions: MANAGED_ROLES.Admin.grants as Record<string, string[]> });
    await createBinding(ctx, { user: admin.username, role: owner.name });
    await db.binding.delete({ where: { id: binding.id } }); // Admin now only through the custom role
    const narrowed = await call(
      updateRoleRoute,
      request("PUT", "/", { token, body: { permissions: { FLOW: ["READ"] } }, headers: { "if-match": `"${owner.version}"` } }),
      { tenant, id: owner.id },
    );
    expect(narrowed.status).toBe(409);
    expect((await call(deleteRoleRoute, request("DELETE", "/", { token }), { tenant, id: owner.id })).status).toBe(409);
    expect(await canAdminister(admin, tenant)).toBe(true);
  });
});

describe("two Admins removed at the same moment", () => {
  it("one removal goes through and the other is refused: the tenant keeps an Admin", async () => {
    // each removal alone is allowed (the other Admin remains); together they must not both pass
    for (let round = 0; round < 5; round++) {
      const { admin, tenant, binding, ctx } = await soleAdminTenant();
      const second = await makeUser();
      await grantAccess(ctx, second.username);
      const other = await createBinding(ctx, { user: second.username, role: "Admin" });
      const results = await Promise.allSettled([deleteBinding(ctx, binding.id), deleteBinding(ctx, other.id)]);
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ status: 409, message: LAST_ADMIN_MESSAGE });
      const left = await db.$transaction((tx) => tenantAdminIds(tx, tenant));
      expect(left.size).toBe(1);
      expect([admin.id, second.id]).toContain([...left][0]);
    }
  });
});

describe("a superadmin's recovery of a tenant without an Admin", () => {
  it("works through the API, and only for superadmins", async () => {
    const tenant = (await makeTenant()).id; // created with no Admin at all
    const superadmin = await makeUser({ superadmin: true });
    const rescuer = await makeUser();
    const outsider = await makeUser();
    const refused = await call(addAdminRoute, request("POST", "/", { token: await tokenOf(outsider), body: { username: outsider.username } }), { id: tenant });
    expect(refused.status).toBe(403);
    const res = await call(addAdminRoute, request("POST", "/", { token: await tokenOf(superadmin), body: { username: rescuer.username } }), { id: tenant });
    expect(res.status).toBe(201);
    expect(await canAdminister(rescuer, tenant)).toBe(true);
    expect(await db.instanceAuditLog.count({ where: { resourceType: "TENANT_ADMIN", resourceId: `${tenant}/${rescuer.username}`, actorName: superadmin.username } })).toBe(1);
    const unknown = await call(addAdminRoute, request("POST", "/", { token: await tokenOf(superadmin), body: { username: "nobody-here" } }), { id: tenant });
    expect(unknown.status).toBe(422);
  });

  it("works from the instance tenants page's action and the CLI", async () => {
    const superadmin = await makeUser({ superadmin: true });
    const a = (await makeTenant()).id;
    const viaPage = await makeUser();
    browser.cookie = await sessionCookie(superadmin);
    expect(await addTenantAdminAction({ id: a, username: viaPage.username })).toMatchObject({ ok: true });
    expect(await canAdminister(viaPage, a)).toBe(true);

    const b = (await makeTenant()).id;
    const viaCli = await makeUser();
    const r = await cli("tenants", "add-admin", "--tenant", b, viaCli.username);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${viaCli.username} is now an Admin of tenant ${b}`);
    expect(await canAdminister(viaCli, b)).toBe(true);
    expect((await cli("tenants", "add-admin", viaCli.username)).code).toBe(2);
  });
});
