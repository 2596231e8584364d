import type { TenantContext } from "../authz/context";
import type { Permission } from "../authz/permissions";

/** What the actor may do with a permission, tenant-wide or in a namespace: the pages hide or disable the rest. */
export type Abilities = { read: boolean; create: boolean; update: boolean; delete: boolean };

export function abilities(ctx: TenantContext, permission: Permission, namespace?: string): Abilities {
  return {
    read: ctx.can(permission, "READ", namespace),
    create: ctx.can(permission, "CREATE", namespace),
    update: ctx.can(permission, "UPDATE", namespace),
    delete: ctx.can(permission, "DELETE", namespace),
  };
}
