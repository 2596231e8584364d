import "server-only";
import { type TenantDb, db, tenantDb } from "../db";
import { forbidden, notFound, unauthorized } from "../errors";
import { isTenantServed, multiTenancy } from "../tenants/served";
import type { Actor } from "./actor";
import { type Credential, type GateRow, actorOfGate, bindingsOfGate, readGate } from "./gate";
import { covers, minimalPrefixes } from "./namespaces";
import { type Action, type Grants, type Permission, NAMESPACED_PERMISSIONS, grants } from "./permissions";

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

/**
 * The request's way into a tenant: the credential is checked (401 when it proves no one, as an
 * unauthenticated request) and the tenant opened (404 as tenantContext) by one statement.
 */
export async function credentialContext(credential: Credential, tenantId: string): Promise<TenantContext> {
  if (!servable(tenantId)) {
    if (!(await authenticate(credential))) throw unauthorized();
    throw notFound();
  }
  const rows = await readGate(credential, tenantId);
  const actor = await actorOfGate(credential, rows[0]);
  if (!actor) throw unauthorized();
  return contextOfGate(actor, rows);
}

/** The actor a credential proves, or null: one statement (none for a user already known). */
export function authenticate(credential: Credential): Promise<Actor | null> {
  if (credential.kind === "user") return Promise.resolve(credential.actor);
  // no tenant has an empty id: the gate's statement answers for the credential alone
  return readGate(credential, "").then((rows) => actorOfGate(credential, rows[0]));
}

const servable = (tenantId: string) => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(tenantId) && isTenantServed(tenantId);

function contextOfGate(actor: Actor, rows: GateRow[]): TenantContext {
  const [first] = rows;
  if (!first?.tenantId) throw notFound();
  // EXISTS is a boolean on PostgreSQL and 0/1 on SQLite
  if (multiTenancy().enabled && !Number(first.access)) throw notFound();
  return buildContext(actor, { id: first.tenantId, name: first.name ?? "", description: first.description ?? "" }, bindingsOfGate(first));
}

async function openTenant(actor: Actor, tenantId: string): Promise<TenantContext> {
  if (!servable(tenantId)) throw notFound();
  if (actor.system) {
    const tenant = await db.tenant.findFirst({ where: { id: tenantId, deleted: false }, select: { id: true, name: true, description: true } });
    if (!tenant) throw notFound();
    return buildContext(actor, tenant, []);
  }
  if (!actor.userId) throw notFound();
  return contextOfGate(actor, await readGate({ kind: "user", actor }, tenantId));
}
