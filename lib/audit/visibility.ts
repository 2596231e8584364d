import type { TenantContext } from "../authz/context";
import type { Permission } from "../authz/permissions";
import { MASK } from "./write";

/**
 * The permission whose READ an audit entry's before/after needs, per resource type. The entry
 * tells what changed; its content is the resource itself (a binding, a KV value, a flow's source),
 * so only those who may read the resource, in the entry's namespace, see it. A type missing here
 * is always masked.
 */
const READ_PERMISSION: Record<string, Permission> = {
  FLOW: "FLOW",
  FILE: "FLOW",
  TRIGGER: "FLOW",
  KV: "KVSTORE",
  SECRET: "SECRET",
  NAMESPACE: "NAMESPACE",
  BINDING: "BINDING",
  GROUP: "GROUP",
  ROLE: "ROLE",
  USER: "USER",
  TENANT_ACCESS: "USER",
  TOKEN: "USER",
  TENANT: "SETTING",
};

type Entry = { resourceType: string; namespace: string | null; before: unknown; after: unknown };

/** Why a reader may not see an entry's before/after, or null when they may. */
function hiddenBecause(ctx: TenantContext, e: { resourceType: string; namespace: string | null }): string | null {
  const permission = READ_PERMISSION[e.resourceType];
  if (!permission) return "the details of this entry are not shown";
  if (ctx.can(permission, "READ", e.namespace ?? undefined)) return null;
  return `needs ${permission}:READ${e.namespace ? ` in namespace ${e.namespace}` : ""}`;
}

/**
 * Masks the before/after of the entries whose resource the reader may not read. One decision per
 * (type, namespace): an export holds tens of thousands of entries, a reader thousands of bindings.
 */
export function auditMasker(ctx: TenantContext) {
  const decided = new Map<string, string | null>();
  return <T extends Entry>(e: T): T & { masked?: string } => {
    const key = `${e.resourceType}\u0000${e.namespace ?? ""}`;
    if (!decided.has(key)) decided.set(key, hiddenBecause(ctx, e));
    const reason = decided.get(key)!;
    if (reason === null) return e;
    return { ...e, before: e.before === null ? null : MASK, after: e.after === null ? null : MASK, masked: reason };
  };
}
