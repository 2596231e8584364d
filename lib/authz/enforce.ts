import type { TenantContext } from "./context";
import { forbidden, notFound } from "../errors";
import { type Action, NAMESPACED_PERMISSIONS, type Permission } from "./permissions";

/** A permission declared where a request enters: a route (lib/api/routes.ts), a server action (lib/actions/specs.ts) or a page. */
export type Requirement = {
  permission: Permission;
  /** any one of them suffices at the edge */
  actions: Action[];
  /** a namespaced permission needed tenant-wide (tenant-level secrets) */
  tenantWide?: boolean;
  /**
   * The namespace the request names: a string checks there, null means the tenant level (a
   * tenant-wide check), undefined means the namespace comes from the data (checked somewhere here,
   * then by the domain function).
   */
  namespace?: string | null;
  /** a read whose content is filtered by permission in its query: nothing to refuse without a namespace */
  read?: boolean;
};

/**
 * The one edge check, before any work: in the named namespace (404 when the caller may not even
 * read there, 403 naming what is missing), else tenant-wide for tenant-level permissions. Writes
 * without a namespace need the permission somewhere; the domain function then checks the namespace
 * the data names.
 */
export function enforcePermission(ctx: TenantContext, need: Requirement): void {
  const { permission, actions } = need;
  const missing = `Missing permission ${permission}:${actions.join(" or ")}`;
  const namespaced = NAMESPACED_PERMISSIONS.includes(permission) && !need.tenantWide;
  const namespace = need.namespace;
  if (namespaced && typeof namespace === "string") {
    if (actions.some((a) => ctx.can(permission, a, namespace))) return;
    if (!ctx.can(permission, "READ", namespace)) throw notFound();
    // which of an upsert's actions is needed depends on the data: the domain function names it
    if (actions.length > 1) return;
    throw forbidden(`${missing} in namespace ${namespace}`);
  }
  if (namespaced && namespace === undefined) {
    if (need.read || actions.some((a) => ctx.canSomewhere(permission, a))) return;
    throw forbidden(`${missing} in any namespace`);
  }
  if (!actions.some((a) => ctx.can(permission, a))) throw forbidden(missing);
}
