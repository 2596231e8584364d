import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { GET as search } from "@/app/api/v1/[tenant]/flows/search/route";
import * as tenantsRoute from "@/app/api/v1/tenants/route";
import { tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { db } from "@/lib/db";
import { bindingKey } from "@/lib/rbac/binding-key";
import { accessibleTenants } from "@/lib/tenants/access";
import { isTenantServed } from "@/lib/tenants/served";
import { actorOf, call, makeTenant, makeUser, request, tokenOf, uniq } from "./helpers";

function settings(enabled: boolean, defaultTenant: boolean) {
  vi.stubEnv("TENANTS_ENABLED", String(enabled));
  vi.stubEnv("TENANTS_DEFAULT_TENANT", String(defaultTenant));
  resetConfigCache();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetConfigCache();
});

async function mainAdmin() {
  const u = await makeUser();
  const admin = await db.role.findFirstOrThrow({ where: { tenantId: "main", name: "Admin" } });
  await db.tenantAccess.create({ data: { tenantId: "main", userId: u.id } });
  await db.binding.create({ data: { tenantId: "main", roleId: admin.id, userId: u.id, key: bindingKey({ roleId: admin.id, userId: u.id }) } });
  return u;
}

async function seedMainFlow() {
  const flowId = uniq("flow");
  await db.flow.create({ data: { tenantId: "main", namespace: "legacy.team", flowId, revision: 1, source: "x", parsed: "{}" } });
  return flowId;
}

const ids = (r: { json: { results: { id: string }[] } }) => r.json.results.map((x) => x.id);

describe("TENANTS_ENABLED and TENANTS_DEFAULT_TENANT", () => {
  it("serves only the default tenant with multi-tenancy off", () => {
    settings(false, true);
    expect(isTenantServed("main")).toBe(true);
    expect(isTenantServed("other")).toBe(false);
    settings(true, true);
    expect(isTenantServed("main")).toBe(true);
    expect(isTenantServed("other")).toBe(true);
    settings(true, false);
    expect(isTenantServed("main")).toBe(false);
    expect(isTenantServed("other")).toBe(true);
  });

  it("off: one tenant, implicit access, no tenant administration", async () => {
    const other = await makeTenant();
    const u = await makeUser({ superadmin: true });
    settings(false, true);
    expect(await accessibleTenants(actorOf(u))).toEqual([{ id: "main", name: "Default tenant" }]);
    await expect(tenantContext(actorOf(u), "main")).resolves.toMatchObject({ tenantId: "main" });
    await expect(tenantContext(actorOf(u), other.id)).rejects.toMatchObject({ status: 404 });
    const token = await tokenOf(u);
    const create = await call(tenantsRoute.POST, request("POST", "/api/v1/tenants", { token, body: { id: uniq("t"), name: "X" } }));
    expect(create.status).toBe(404);
    expect(create.json.error.message).toContain("Multi-tenancy is disabled");
  });

  it("on with the default tenant: listed for users with access, explicit access required", async () => {
    settings(true, true);
    const withAccess = await mainAdmin();
    const without = await makeUser();
    expect((await call(me, request("GET", "/api/v1/me", { token: await tokenOf(withAccess) }))).json.tenants).toContainEqual({
      id: "main",
      name: "Default tenant",
    });
    expect((await call(me, request("GET", "/api/v1/me", { token: await tokenOf(without) }))).json.tenants).toEqual([]);
    await expect(tenantContext(actorOf(without), "main")).rejects.toMatchObject({ status: 404 });
  });

  it("on without the default tenant: neither listed nor served, data kept, back when switched on", async () => {
    const flowId = await seedMainFlow();
    const u = await mainAdmin();
    const token = await tokenOf(u);
    const searchMain = () =>
      call(search, request("GET", "/api/v1/main/flows/search?size=100&namespace=legacy", { token }), { tenant: "main" });

    settings(true, true);
    const before = await searchMain();
    expect(before.status).toBe(200);
    expect(ids(before)).toContain(flowId);

    settings(true, false);
    const off = await searchMain();
    expect(off.status).toBe(404);
    expect(off.text).not.toContain(flowId);
    expect((await call(me, request("GET", "/api/v1/me", { token }))).json.tenants.map((t: { id: string }) => t.id)).not.toContain("main");
    expect(await db.flow.count({ where: { tenantId: "main", flowId } })).toBe(1);

    settings(true, true);
    const back = await searchMain();
    expect(back.status).toBe(200);
    expect(ids(back)).toEqual(ids(before));
  });
});
