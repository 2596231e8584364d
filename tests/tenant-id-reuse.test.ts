import { describe, expect, it } from "vitest";
import * as tenantsRoute from "@/app/api/v1/tenants/route";
import * as tenantRoute from "@/app/api/v1/tenants/[id]/route";
import * as restoreRoute from "@/app/api/v1/tenants/[id]/restore/route";
import { db } from "@/lib/db";
import { TENANT_DELETED } from "@/lib/tenants/schemas";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// Re-using a deleted tenant's id: a superadmin is told the id is a deleted tenant's and may restore
// it; anyone else gets the plain "already exists", which reveals nothing about deleted tenants.

describe("creating a tenant with a deleted tenant's id", () => {
  it("tells a superadmin, who restores it (audited), with its data", async () => {
    const admin = await makeUser({ superadmin: true });
    const token = await tokenOf(admin);
    const tenant = await makeTenant(admin);
    expect((await call(tenantRoute.DELETE, request("DELETE", "/", { token }), { id: tenant.id })).status).toBe(200);
    const roles = await db.role.count({ where: { tenantId: tenant.id } });

    const again = await call(tenantsRoute.POST, request("POST", "/", { token, body: { id: tenant.id, name: "Another" } }));
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: TENANT_DELETED, details: [{ path: "id" }] });
    expect(again.json.error.message).toContain("deleted tenant");
    // nothing was created or changed
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({ name: tenant.name, deleted: true });

    const restored = await call(restoreRoute.POST, request("POST", "/", { token }), { id: tenant.id });
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ id: tenant.id, name: tenant.name, deleted: false });
    expect(await db.role.count({ where: { tenantId: tenant.id } })).toBe(roles);
    const entry = await db.instanceAuditLog.findFirst({ where: { resourceType: "TENANT", resourceId: tenant.id, action: "RESTORE" } });
    expect(entry?.actorName).toBe(admin.username);
  });

  it("answers a TENANT:CREATE holder as for any taken id, and a live tenant's id as before", async () => {
    const admin = await makeUser({ superadmin: true });
    const creator = await makeUser({ canCreateTenant: true });
    const deleted = await makeTenant(admin);
    await call(tenantRoute.DELETE, request("DELETE", "/", { token: await tokenOf(admin) }), { id: deleted.id });
    const live = await makeTenant(admin);

    const byCreator = await call(tenantsRoute.POST, request("POST", "/", { token: await tokenOf(creator), body: { id: deleted.id, name: "Mine" } }));
    expect(byCreator.status).toBe(409);
    expect(byCreator.json.error).toMatchObject({ code: "CONFLICT", message: `A tenant with id "${deleted.id}" already exists` });
    expect(byCreator.text).not.toContain("deleted");

    const liveId = await call(tenantsRoute.POST, request("POST", "/", { token: await tokenOf(admin), body: { id: live.id, name: "Again" } }));
    expect(liveId.json.error.code).toBe("CONFLICT");
    // the creator cannot restore it either
    expect((await call(restoreRoute.POST, request("POST", "/", { token: await tokenOf(creator) }), { id: deleted.id })).status).toBe(403);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: deleted.id } })).deleted).toBe(true);
  });
});
