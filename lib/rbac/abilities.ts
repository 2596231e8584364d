import type { TenantContext } from "../authz/context";
import type { Permission } from "../authz/permissions";

/** What the actor may do with a tenant-level permission: the pages hide or disable the rest. */
export type Abilities = { read: boolean; create: boolean; update: boolean; delete: boolean };

export function abilities(ctx: TenantContext, permission: Permission): Abilities {
  return {
    read: ctx.can(permission, "READ"),
    create: ctx.can(permission, "CREATE"),
    update: ctx.can(permission, "UPDATE"),
    delete: ctx.can(permission, "DELETE"),
  };
}
