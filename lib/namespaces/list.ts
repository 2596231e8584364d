import "server-only";
import type { TenantContext } from "../authz/context";
import { namespaceWhere, pgInScope } from "../authz/scope";
import { isPostgres } from "../config";
import { Prisma, db } from "../db";

/** Namespaces the actor may read: explicit ones and those that exist only through their flows. */
export async function listNamespaces(ctx: TenantContext) {
  const scope = ctx.scope("NAMESPACE", "READ");
  const [explicit, used] = !scope.all && scope.prefixes.length > 0 && isPostgres() ? await pgScoped(ctx.tenantId, scope.prefixes) : await Promise.all([
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

/** The same two reads for a namespace-scoped reader on PostgreSQL: one index range per subtree. */
async function pgScoped(tenantId: string, prefixes: string[]) {
  const [explicit, used] = await Promise.all([
    db.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT "name" FROM (${pgInScope({
      table: "Namespace",
      column: "name",
      prefixes,
      where: Prisma.sql`"tenantId" = ${tenantId}`,
      select: Prisma.sql`"name"`,
    })}) AS "n"`),
    db.$queryRaw<{ namespace: string; n: number | bigint }[]>(Prisma.sql`SELECT "namespace", "n" FROM (${pgInScope({
      table: "Flow",
      column: "namespace",
      prefixes,
      where: Prisma.sql`"tenantId" = ${tenantId} AND "deleted" = false`,
      select: Prisma.sql`"namespace", COUNT(*) AS "n"`,
      tail: Prisma.sql`GROUP BY "namespace"`,
    })}) AS "f"`),
  ]);
  return [explicit, used.map((u) => ({ namespace: u.namespace, _count: { _all: Number(u.n) } }))] as const;
}
