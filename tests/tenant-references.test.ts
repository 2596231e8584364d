import { describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import { grantAccess } from "@/lib/tenants/access";
import { makeTenant, makeUser, uniq } from "./helpers";

// The database's own wall between tenants' RBAC records: a binding or group membership carries its
// tenant in the key of what it references, so it cannot name another tenant's role or group, even
// through a code path that forgot to check.

async function tenantWithRoleAndGroup() {
  const t = await makeTenant();
  const ctx = await tenantContext(cliActor(), t.id);
  const role = await createRole(ctx, { name: uniq("role"), permissions: { FLOW: ["READ"] } });
  const group = await createGroup(ctx, { name: uniq("group"), members: [] });
  return { tenantId: t.id, roleId: role.id, groupId: group.id };
}

describe("tenant-scoped references", () => {
  it("refuses a binding to another tenant's role or group, and a member of another tenant's group", async () => {
    const a = await tenantWithRoleAndGroup();
    const b = await tenantWithRoleAndGroup();
    const user = await makeUser();
    await grantAccess(await tenantContext(cliActor(), b.tenantId), user.username);
    const before = await db.binding.count();
    await expect(db.binding.create({ data: { tenantId: b.tenantId, roleId: a.roleId, userId: user.id, key: uniq("k") } })).rejects.toThrow();
    await expect(db.binding.create({ data: { tenantId: b.tenantId, roleId: b.roleId, groupId: a.groupId, key: uniq("k") } })).rejects.toThrow();
    await expect(db.groupMember.create({ data: { tenantId: b.tenantId, groupId: a.groupId, userId: user.id } })).rejects.toThrow();
    expect(await db.binding.count()).toBe(before);
    // the same references inside their own tenant are accepted
    await db.binding.create({ data: { tenantId: b.tenantId, roleId: b.roleId, groupId: b.groupId, key: uniq("k") } });
    await db.groupMember.create({ data: { tenantId: b.tenantId, groupId: b.groupId, userId: user.id } });
    expect(await db.binding.count()).toBe(before + 1);
  });
});
