import { describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { grantAccess, grantTenantAccess } from "@/lib/tenants/access";
import { addUserToTenant } from "@/lib/tenants/membership";
import { addTenantAdmin } from "@/lib/tenants/tenants";
import { ctxOf, makeTenant, makeUser } from "./helpers";

// Every way of letting a user into a tenant goes through grantTenantAccess: one access row, and
// with `admin` one tenant-wide Admin binding, however often and from wherever it is asked.

async function state(tenantId: string, userId: string) {
  const access = await db.tenantAccess.count({ where: { tenantId, userId } });
  const bindings = await db.binding.findMany({ where: { tenantId, userId }, select: { namespace: true, role: { select: { name: true } } } });
  return { access, bindings: bindings.map((b) => `${b.role.name}@${b.namespace ?? "*"}`) };
}

describe("grantTenantAccess", () => {
  it("gives access once and says whether it was new; no role unless asked", async () => {
    const tenant = (await makeTenant()).id;
    const user = await makeUser();
    expect(await db.$transaction((tx) => grantTenantAccess(tx, tenant, user.id))).toEqual({ created: true });
    expect(await db.$transaction((tx) => grantTenantAccess(tx, tenant, user.id))).toEqual({ created: false });
    expect(await state(tenant, user.id)).toEqual({ access: 1, bindings: [] });
  });

  it("with admin, adds the tenant-wide Admin binding once, also to a user who already had access", async () => {
    const tenant = (await makeTenant()).id;
    const user = await makeUser();
    await db.$transaction((tx) => grantTenantAccess(tx, tenant, user.id));
    expect(await db.$transaction((tx) => grantTenantAccess(tx, tenant, user.id, { admin: true }))).toEqual({ created: false });
    await db.$transaction((tx) => grantTenantAccess(tx, tenant, user.id, { admin: true }));
    expect(await state(tenant, user.id)).toEqual({ access: 1, bindings: ["Admin@*"] });
    expect((await ctxOf(user, tenant)).can("BINDING", "DELETE")).toBe(true);
  });

  it("is what tenant creation, the Users page, the CLI and the recovery's add-admin give", async () => {
    const creator = await makeUser();
    const tenant = (await makeTenant(creator)).id;
    expect(await state(tenant, creator.id)).toEqual({ access: 1, bindings: ["Admin@*"] });

    const member = await makeUser();
    expect(await grantAccess(await tenantContext(cliActor(), tenant), member.username)).toMatchObject({ created: true });
    expect(await grantAccess(await tenantContext(cliActor(), tenant), member.username)).toMatchObject({ created: false });
    expect(await state(tenant, member.id)).toEqual({ access: 1, bindings: [] });

    const viaCli = await makeUser();
    await addUserToTenant(cliActor(), tenant, viaCli.id);
    await addUserToTenant(cliActor(), tenant, viaCli.id, { admin: true });
    expect(await state(tenant, viaCli.id)).toEqual({ access: 1, bindings: ["Admin@*"] });

    await addTenantAdmin(cliActor(), tenant, { username: member.username });
    expect(await state(tenant, member.id)).toEqual({ access: 1, bindings: ["Admin@*"] });
  });
});
