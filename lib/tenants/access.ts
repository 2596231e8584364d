import "server-only";
import type { Actor } from "../authz/actor";
import type { TenantContext } from "../authz/context";
import { audit } from "../audit/write";
import { type Paging, skipTake } from "../api/paging";
import { db, type Tx } from "../db";
import { notFound } from "../errors";
import { parseGrants } from "../authz/permissions";
import { bindingKey } from "../rbac/binding-key";
import { keepingAnAdmin } from "../rbac/last-admin";
import { requireGrantable } from "../rbac/no-escalation";
import { DEFAULT_TENANT_ID, DEFAULT_TENANT_NAME, multiTenancy } from "./served";

export type TenantSummary = { id: string; name: string };

const label = (t: TenantSummary) => (t.id === DEFAULT_TENANT_ID ? { ...t, name: DEFAULT_TENANT_NAME } : t);

/** The tenants an actor can open: the dropdown, `/api/v1/me` and `/ui` all use this. */
export async function accessibleTenants(actor: Actor): Promise<TenantSummary[]> {
  const mt = multiTenancy();
  if (!mt.enabled) {
    const main = await db.tenant.findFirst({ where: { id: DEFAULT_TENANT_ID, deleted: false }, select: { id: true, name: true } });
    return main && actor.userId ? [label(main)] : [];
  }
  // the caller's own memberships across tenants: instance-level, also when asked from a tenant's page
  const rows = await db.tenant.findMany({
    where: {
      deleted: false,
      access: { some: { userId: actor.userId ?? "" } },
      ...(mt.defaultTenant ? {} : { id: { not: DEFAULT_TENANT_ID } }),
    },
    select: { id: true, name: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(label);
}

/** Users with access to the tenant (with multi-tenancy off: every user), with their bindings. */
export async function listTenantUsers(ctx: TenantContext, paging: Paging = { page: 1, size: 100 }) {
  ctx.require("USER", "READ");
  const where = multiTenancy().enabled ? { access: { some: { tenantId: ctx.tenantId } } } : {};
  const [users, total] = await Promise.all([db.user.findMany({
    where,
    ...skipTake(paging),
    select: {
      id: true,
      username: true,
      displayName: true,
      bindings: { where: { tenantId: ctx.tenantId }, select: { namespace: true, role: { select: { name: true } } } },
      groups: { where: { tenantId: ctx.tenantId }, select: { group: { select: { name: true } } } },
    },
    orderBy: { username: "asc" },
  }), db.user.count({ where })]);
  const results = users.map((u) => ({
    username: u.username,
    displayName: u.displayName,
    roles: u.bindings.map((b) => ({ role: b.role.name, namespace: b.namespace })),
    groups: u.groups.map((g) => g.group.name),
  }));
  return { results, total };
}

async function userByName(username: string) {
  const user = await db.user.findUnique({ where: { username }, select: { id: true, username: true } });
  if (!user) throw notFound(`User ${username} not found`);
  return user;
}

/**
 * The one way a user gets access to a tenant, optionally with the tenant-wide Admin role (the
 * tenant's managed roles must exist). Idempotent; says whether the access is new. Tenant creation,
 * the recovery's "add an Admin", the Users page, the CLI and the bootstrap all come through here.
 */
export async function grantTenantAccess(tx: Tx, tenantId: string, userId: string, opts: { admin?: boolean } = {}) {
  const existing = await tx.tenantAccess.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
  if (!existing) await tx.tenantAccess.create({ data: { tenantId, userId } });
  if (opts.admin) {
    const admin = await tx.role.findFirstOrThrow({ where: { tenantId, name: "Admin", managed: true } });
    const key = bindingKey({ roleId: admin.id, userId });
    await tx.binding.upsert({
      where: { tenantId_key: { tenantId, key } },
      create: { tenantId, userId, roleId: admin.id, key },
      update: {},
    });
  }
  return { created: !existing };
}

/** Grants a user access to the tenant from its Users page or API (idempotent). */
export async function grantAccess(ctx: TenantContext, username: string) {
  ctx.require("USER", "CREATE");
  const user = await userByName(username);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.tenantAccess.findUnique({
      where: { tenantId_userId: { tenantId: ctx.tenantId, userId: user.id } },
    });
    if (!existing) {
      // bindings kept from an earlier access hold again: the actor must be able to grant them
      const kept = await tx.binding.findMany({
        where: { OR: [{ userId: user.id }, { group: { members: { some: { userId: user.id } } } }] },
        select: { namespace: true, role: { select: { permissions: true } } },
      });
      for (const b of kept) requireGrantable(ctx, parseGrants(b.role.permissions), b.namespace);
      await grantTenantAccess(tx, ctx.tenantId, user.id);
      await audit(tx, ctx.actor, ctx.tenantId, {
        action: "CREATE",
        resourceType: "TENANT_ACCESS",
        resourceId: user.username,
        after: { username: user.username },
      });
    }
    return { username: user.username, created: !existing };
  });
}

/** Revokes a user's access; their bindings stay but grant nothing until access is granted again. */
export async function revokeAccess(ctx: TenantContext, username: string) {
  ctx.require("USER", "DELETE");
  const user = await userByName(username);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.tenantAccess.findUnique({
      where: { tenantId_userId: { tenantId: ctx.tenantId, userId: user.id } },
    });
    if (!existing) throw notFound(`User ${username} has no access to this tenant`);
    await keepingAnAdmin(tx, ctx.tenantId, () =>
      tx.tenantAccess.delete({ where: { tenantId_userId: { tenantId: ctx.tenantId, userId: user.id } } }),
    );
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "TENANT_ACCESS",
      resourceId: user.username,
      before: { username: user.username },
    });
    return { username: user.username };
  });
}
