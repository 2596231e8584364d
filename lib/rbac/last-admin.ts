import "server-only";
import { ACTIONS, PERMISSIONS, parseGrants } from "../authz/permissions";
import { config, isPostgres } from "../config";
import { type Tx } from "../db";
import { conflict } from "../errors";
import { multiTenancy } from "../tenants/served";

// A tenant keeps at least one tenant-wide Admin: a user with access who holds every tenant
// permission tenant-wide, through the managed Admin role or any other, directly or through a
// group. A change that would leave none (deleting a binding or a role, narrowing a role, removing
// a member or a group, revoking access) is refused; a superadmin can always add an Admin back
// (`tenantflow tenants add-admin`, the instance tenants page, POST /api/v1/tenants/{id}/admins).

export const LAST_ADMIN_MESSAGE =
  "This would leave the tenant without a tenant-wide Admin; make another user Admin first";

/**
 * The ids of the tenant's tenant-wide Admins, as the database holds them inside `tx` (a
 * tenant-bound transaction or an instance-level one): users are read through their bindings and
 * access, never from the instance's user table directly.
 */
export async function tenantAdminIds(tx: Tx, tenantId: string): Promise<Set<string>> {
  const rows = await tx.binding.findMany({
    where: { tenantId, namespace: null },
    select: {
      userId: true,
      user: { select: { disabled: true } },
      role: { select: { permissions: true, tenantId: true } },
      group: { select: { tenantId: true, members: { where: { tenantId }, select: { userId: true, user: { select: { disabled: true } } } } } },
    },
  });
  const held = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.role.tenantId !== tenantId) continue;
    const users = r.userId
      ? r.user?.disabled ? [] : [r.userId]
      : r.group?.tenantId === tenantId ? r.group.members.filter((m) => !m.user.disabled).map((m) => m.userId) : [];
    const grants = parseGrants(r.role.permissions);
    for (const u of users) {
      const set = held.get(u) ?? new Set<string>();
      for (const [p, actions] of Object.entries(grants)) for (const a of actions ?? []) set.add(`${p}:${a}`);
      held.set(u, set);
    }
  }
  const full = [...held].filter(([, set]) => PERMISSIONS.every((p) => ACTIONS.every((a) => set.has(`${p}:${a}`)))).map(([u]) => u);
  if (!full.length) return new Set();
  if (!multiTenancy().enabled) return new Set(full);
  const access = await tx.tenantAccess.findMany({ where: { tenantId, userId: { in: full } }, select: { userId: true } });
  return new Set(access.map((a) => a.userId));
}

/**
 * Runs a change inside its transaction and refuses it (409, rolling it back) when the tenant had
 * a tenant-wide Admin before and has none after.
 */
export async function keepingAnAdmin<T>(tx: Tx, tenantId: string, change: () => Promise<T>): Promise<T> {
  // Two such changes of one tenant run one after the other: each would otherwise see the other's
  // Admin still there (its removal not yet committed) and both removals would pass. PostgreSQL: a
  // lock on the tenant held until the transaction ends; SQLite runs one write transaction at a time.
  if (isPostgres(config().databaseUrl)) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tenant-admins:${tenantId}`}))`;
  const before = await tenantAdminIds(tx, tenantId);
  const result = await change();
  if (before.size > 0 && (await tenantAdminIds(tx, tenantId)).size === 0) throw conflict(LAST_ADMIN_MESSAGE);
  return result;
}
