import "server-only";
import type { Actor } from "../authz/actor";
import { audit } from "../audit/write";
import { db, tenantDb } from "../db";
import { notFound } from "../errors";
import { grantTenantAccess } from "./access";

/** Gives a user access to a tenant, optionally with its Admin role (used by the CLI). */
export async function addUserToTenant(actor: Actor, tenantId: string, userId: string, opts: { admin?: boolean } = {}) {
  const tenant = await db.tenant.findFirst({ where: { id: tenantId, deleted: false }, select: { id: true } });
  if (!tenant) throw notFound(`Tenant ${tenantId} not found`);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
  await db.$transaction(async (tx) => {
    await grantTenantAccess(tx, tenantId, userId, { admin: opts.admin });
    await audit(tx, actor, tenantId, {
      action: "CREATE",
      resourceType: "TENANT_ACCESS",
      resourceId: user.username,
      after: { username: user.username, admin: !!opts.admin },
    });
  });
}
