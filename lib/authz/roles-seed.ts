import type { Tx } from "../db";
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
