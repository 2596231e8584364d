import "server-only";
import type { TenantContext } from "../authz/context";
import { inScope } from "../authz/scope";
import { Prisma, type TenantDb } from "../db";

type Used = { namespace: string; _count: { _all: number } };

/** Namespaces the actor may read: explicit ones and those that exist only through their flows. */
export async function listNamespaces(ctx: TenantContext) {
  const scope = ctx.scope("NAMESPACE", "READ");
  const [explicit, used] = scope.all
    ? await Promise.all([
        ctx.db.namespace.findMany({ select: { name: true } }),
        ctx.db.flow.groupBy({ by: ["namespace"], where: { deleted: false }, _count: { _all: true } }),
      ])
    : scope.prefixes.length === 0
      ? [[], []]
      : await scoped(ctx.db, scope.prefixes);
  const names = new Map<string, { name: string; explicit: boolean; flows: number }>();
  for (const n of explicit) names.set(n.name, { name: n.name, explicit: true, flows: 0 });
  for (const u of used as Used[]) {
    const entry = names.get(u.namespace) ?? { name: u.namespace, explicit: false, flows: 0 };
    entry.flows = u._count._all;
    names.set(u.namespace, entry);
  }
  return [...names.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The same two reads for a namespace-scoped reader: the prefixes travel as one array, whatever
 * their number, and each subtree is one index range.
 */
async function scoped(tdb: TenantDb, prefixes: string[]): Promise<[{ name: string }[], Used[]]> {
  const { tenantId } = tdb;
  const [explicit, used] = await Promise.all([
    tdb.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT "name" FROM (${inScope({
      table: "Namespace",
      column: "name",
      prefixes,
      where: Prisma.sql`"tenantId" = ${tenantId}`,
      select: Prisma.sql`"name"`,
    })}) AS "n"`),
    tdb.$queryRaw<{ namespace: string; n: number | bigint }[]>(Prisma.sql`SELECT "namespace", "n" FROM (${inScope({
      table: "Flow",
      column: "namespace",
      prefixes,
      where: Prisma.sql`"tenantId" = ${tenantId} AND "deleted" = false`,
      select: Prisma.sql`"namespace", COUNT(*) AS "n"`,
      groupBy: Prisma.sql`"namespace"`,
    })}) AS "f"`),
  ]);
  return [explicit, used.map((u) => ({ namespace: u.namespace, _count: { _all: Number(u.n) } }))];
}
