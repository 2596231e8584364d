import "server-only";
import type { TenantContext } from "../authz/context";
import { namespaceWhere } from "../authz/scope";
import { db } from "../db";

/** Namespaces the actor may read: explicit ones and those that exist only through their flows. */
export async function listNamespaces(ctx: TenantContext) {
  const scope = ctx.scope("NAMESPACE", "READ");
  const [explicit, used] = await Promise.all([
    db.namespace.findMany({ where: namespaceWhere(scope, "name", { tenantId: ctx.tenantId }), select: { name: true } }),
    db.flow.groupBy({
      by: ["namespace"],
      where: namespaceWhere(scope, "namespace", { tenantId: ctx.tenantId, deleted: false }),
      _count: { _all: true },
    }),
  ]);
  const names = new Map<string, { name: string; explicit: boolean; flows: number }>();
  for (const n of explicit) names.set(n.name, { name: n.name, explicit: true, flows: 0 });
  for (const u of used) {
    const entry = names.get(u.namespace) ?? { name: u.namespace, explicit: false, flows: 0 };
    entry.flows = u._count._all;
    names.set(u.namespace, entry);
  }
  return [...names.values()].sort((a, b) => a.name.localeCompare(b.name));
}
