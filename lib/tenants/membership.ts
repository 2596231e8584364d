import "server-only";
import type { Actor } from "../authz/actor";
import { grantTenantAdmin } from "../authz/roles-seed";
import { audit } from "../audit/write";
import { db, tenantDb } from "../db";
import { notFound } from "../errors";

/** Gives a user access to a tenant, optionally with its Admin role (used by the CLI). */
export async function addUserToTenant(actor: Actor, tenantId: string, userId: string, opts: { admin?: boolean } = {}) {
  const tenant = await db.tenant.findFirst({ where: { id: tenantId, deleted: false }, select: { id: true } });
  if (!tenant) throw notFound(`Tenant ${tenantId} not found`);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
  // the tenant and the user are instance-level; the access and the binding are the tenant's data
  await tenantDb(tenantId).$transaction(async (tx) => {
    if (opts.admin) await grantTenantAdmin(tx, tenantId, userId);
    else
      await tx.tenantAccess.upsert({
        where: { tenantId_userId: { tenantId, userId } },
        create: { tenantId, userId },
        update: {},
      });
    await audit(tx, actor, tenantId, {
      action: "CREATE",
      resourceType: "TENANT_ACCESS",
      resourceId: user.username,
      after: { username: user.username, admin: !!opts.admin },
    });
  });
}
