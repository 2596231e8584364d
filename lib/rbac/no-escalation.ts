import "server-only";
import type { TenantContext } from "../authz/context";
import { type Action, type Grants, type Permission, NAMESPACED_PERMISSIONS } from "../authz/permissions";
import { forbidden } from "../errors";

// No escalation: whoever grants permissions (by creating a binding, adding a member to a group
// that has bindings, widening a bound role, or giving back a tenant's access to a user whose
// bindings are still there) must hold each of them in the scope where they take effect. Otherwise
// BINDING:CREATE, GROUP:UPDATE or ROLE:UPDATE alone would be Admin in disguise. Superadmins and
// the CLI are exempt: they may make anyone a tenant's Admin anyway (`tenants add-admin`).

/** Throws 403 naming what the actor lacks to grant `grants` tenant-wide (null) or in a namespace. */
export function requireGrantable(ctx: TenantContext, grants: Grants, namespace: string | null) {
  if (ctx.actor.system || ctx.actor.superadmin) return;
  const missing: string[] = [];
  for (const [permission, actions] of Object.entries(grants) as [Permission, Action[]][]) {
    // a namespace binding gives only namespaced permissions: the rest grant nothing there
    if (namespace !== null && !NAMESPACED_PERMISSIONS.includes(permission)) continue;
    for (const action of actions) if (!ctx.can(permission, action, namespace ?? undefined)) missing.push(`${permission}:${action}`);
  }
  if (missing.length) {
    const where = namespace === null ? "tenant-wide" : `in namespace ${namespace}`;
    throw forbidden(`You can only grant permissions you hold ${where}; you lack ${missing.join(", ")}`);
  }
}

/** The grants in `after` that `before` lacks. */
export function addedGrants(before: Grants, after: Grants): Grants {
  const out: Grants = {};
  for (const [permission, actions] of Object.entries(after) as [Permission, Action[]][]) {
    const added = actions.filter((a) => !(before[permission] ?? []).includes(a));
    if (added.length) out[permission] = added;
  }
  return out;
}
