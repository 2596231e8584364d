import "server-only";
import { type TenantDb, db, tenantDb } from "../db";
import { forbidden, notFound } from "../errors";
import { isTenantServed, multiTenancy } from "../tenants/served";
import type { Actor } from "./actor";
import { covers, minimalPrefixes } from "./namespaces";
import { type Action, type Grants, type Permission, NAMESPACED_PERMISSIONS, grants, parseGrants } from "./permissions";

/** One role reaching the user, directly or through a group, tenant-wide (null) or on a namespace. */
export type EffectiveBinding = { roleName: string; namespace: string | null; grants: Grants; via: "user" | "group" };

/** Namespaces in which an action is allowed: everywhere, or these prefixes and their descendants. */
export type NamespaceScope = { all: true } | { all: false; prefixes: string[] };

export type TenantContext = {
  actor: Actor;
  tenant: { id: string; name: string; description: string };
  tenantId: string;
  /** The tenant's data: every query bound to this tenant (and to its row-level-security scope). */
  db: TenantDb;
  bindings: EffectiveBinding[];
  /** May the actor do `action` on `permission` (in `namespace`, or tenant-wide when omitted)? */
  can(permission: Permission, action: Action, namespace?: string): boolean;
  /** Like can, but throws: 404 when the actor may not even READ, 403 naming what is missing. */
  require(permission: Permission, action: Action, namespace?: string): void;
  /** Where the action is allowed, for the `where` of list queries. */
  scope(permission: Permission, action?: Action): NamespaceScope;
  /** Is the action allowed in at least one namespace? */
  canSomewhere(permission: Permission, action: Action): boolean;
};

export function buildContext(
  actor: Actor,
  tenant: TenantContext["tenant"],
  bindings: EffectiveBinding[],
): TenantContext {
  const all = !!actor.system;
  const can = (permission: Permission, action: Action, namespace?: string) =>
    all ||
    bindings.some(
      (b) =>
        grants(b.grants, permission, action) &&
        (b.namespace === null ||
          (namespace !== undefined && NAMESPACED_PERMISSIONS.includes(permission) && covers(b.namespace, namespace))),
    );
  const scope = (permission: Permission, action: Action = "READ"): NamespaceScope => {
    if (all) return { all: true };
    const reaching = bindings.filter((b) => grants(b.grants, permission, action));
    if (reaching.some((b) => b.namespace === null)) return { all: true };
    if (!NAMESPACED_PERMISSIONS.includes(permission)) return { all: false, prefixes: [] };
    return { all: false, prefixes: minimalPrefixes(reaching.map((b) => b.namespace!)) };
  };
  return {
    actor,
    tenant,
    tenantId: tenant.id,
    db: tenantDb(tenant.id),
    bindings,
    can,
    scope,
    canSomewhere: (permission, action) => {
      const s = scope(permission, action);
      return s.all || s.prefixes.length > 0;
    },
    require(permission, action, namespace) {
      if (can(permission, action, namespace)) return;
      if (action !== "READ" && can(permission, "READ", namespace)) {
        throw forbidden(`Missing permission ${permission}:${action}${namespace ? ` in namespace ${namespace}` : ""}`);
      }
      // tenant-level resources the actor cannot read at all: say what is missing, the tenant is theirs
      if (namespace === undefined) throw forbidden(`Missing permission ${permission}:${action}`);
      throw notFound();
    },
  };
}

/**
 * The one way into a tenant's data. Answers 404, identically, for a tenant that does not exist,
 * is deleted, is not served (the default tenant switched off), or that the actor may not access.
 * Bindings are read on every call, so a change of roles holds on the user's next request.
 */
export function tenantContext(actor: Actor, tenantId: string): Promise<TenantContext> {
  // the gate is instance-level: it reads access and bindings by their tenant key with the raw client
  return openTenant(actor, tenantId);
}

type GateRow = {
  id: string;
  name: string;
  description: string;
  access: unknown;
  namespace: string | null;
  bindingUser: string | null;
  roleName: string | null;
  permissions: string | null;
};

/**
 * The tenant, the user's access to it and every binding that reaches them (directly or through a
 * group) with its role, in one statement: the gate costs one round trip per request. Roles are
 * joined by (tenantId, id), so another tenant's role can never count here.
 */
function readGate(tenantId: string, userId: string) {
  return db.$queryRaw<GateRow[]>`
    SELECT t."id", t."name", t."description",
      EXISTS (SELECT 1 FROM "TenantAccess" a WHERE a."tenantId" = t."id" AND a."userId" = ${userId}) AS "access",
      b."namespace", b."userId" AS "bindingUser", r."name" AS "roleName", r."permissions"
    FROM "Tenant" t
    LEFT JOIN "Binding" b ON b."tenantId" = t."id" AND (b."userId" = ${userId} OR b."groupId" IN
      (SELECT m."groupId" FROM "GroupMember" m WHERE m."tenantId" = t."id" AND m."userId" = ${userId}))
    LEFT JOIN "Role" r ON r."tenantId" = b."tenantId" AND r."id" = b."roleId"
    WHERE t."id" = ${tenantId} AND t."deleted" = ${false}`;
}

async function openTenant(actor: Actor, tenantId: string): Promise<TenantContext> {
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(tenantId) || !isTenantServed(tenantId)) throw notFound();
  if (actor.system) {
    const tenant = await db.tenant.findFirst({ where: { id: tenantId, deleted: false }, select: { id: true, name: true, description: true } });
    if (!tenant) throw notFound();
    return buildContext(actor, tenant, []);
  }
  if (!actor.userId) throw notFound();
  const rows = await readGate(tenantId, actor.userId);
  if (rows.length === 0) throw notFound();
  // EXISTS is a boolean on PostgreSQL and 0/1 on SQLite
  if (multiTenancy().enabled && !Number(rows[0].access)) throw notFound();
  const { id, name, description } = rows[0];
  const bindings = rows
    .filter((r) => r.roleName !== null && r.permissions !== null)
    .map((r) => ({
      roleName: r.roleName!,
      namespace: r.namespace,
      grants: parseGrants(r.permissions!),
      via: r.bindingUser ? ("user" as const) : ("group" as const),
    }));
  return buildContext(actor, { id, name, description }, bindings);
}
