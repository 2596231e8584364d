import type { Tx } from "../db";
import { bindingKey } from "../rbac/binding-key";
import { MANAGED_ROLES } from "./permissions";

/** Creates the managed roles of a tenant (SPEC §4); existing ones are left as they are. */
export async function ensureManagedRoles(tx: Tx, tenantId: string) {
  const existing = await tx.role.findMany({ where: { tenantId, managed: true }, select: { name: true } });
  const have = new Set(existing.map((r) => r.name));
  for (const [name, role] of Object.entries(MANAGED_ROLES)) {
    if (have.has(name)) continue;
    await tx.role.create({
      data: {
        tenantId,
        name,
        description: role.description,
        permissions: JSON.stringify(role.grants),
        managed: true,
      },
    });
  }
}

/** Gives a user access to a tenant and its Admin role there (idempotent). */
export async function grantTenantAdmin(tx: Tx, tenantId: string, userId: string) {
  await tx.tenantAccess.upsert({
    where: { tenantId_userId: { tenantId, userId } },
    create: { tenantId, userId },
    update: {},
  });
  const admin = await tx.role.findFirstOrThrow({ where: { tenantId, name: "Admin", managed: true } });
  const key = bindingKey({ roleId: admin.id, userId });
  await tx.binding.upsert({
    where: { tenantId_key: { tenantId, key } },
    create: { tenantId, userId, roleId: admin.id, key },
    update: {},
  });
}
