import "server-only";
import type { TenantContext } from "../authz/context";
import { inScope } from "../authz/scope";
import { Prisma, type TenantDb } from "../db";

type Counted = { namespace: string; flows: number | bigint };

/**
 * Namespaces the actor may read: explicit ones and those that exist only through their flows, with
 * their flows counted (NamespaceFlowCount, kept by the database's triggers on Flow).
 */
export async function listNamespaces(ctx: TenantContext) {
  const scope = ctx.scope("NAMESPACE", "READ");
  const [explicit, used] = scope.all
    ? await Promise.all([
        ctx.db.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT "name" FROM "Namespace" WHERE "tenantId" = ${ctx.tenantId}`),
        ctx.db.$queryRaw<Counted[]>(
          Prisma.sql`SELECT "namespace", "flows" FROM "NamespaceFlowCount" WHERE "tenantId" = ${ctx.tenantId} AND "flows" > 0`,
        ),
      ])
    : scope.prefixes.length === 0
      ? [[], []]
      : await scoped(ctx.db, scope.prefixes);
  const names = new Map<string, { name: string; explicit: boolean; flows: number }>();
  for (const n of explicit) names.set(n.name, { name: n.name, explicit: true, flows: 0 });
  for (const u of used) {
    const entry = names.get(u.namespace) ?? { name: u.namespace, explicit: false, flows: 0 };
    entry.flows = Number(u.flows);
    names.set(u.namespace, entry);
  }
  return [...names.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The same two reads for a namespace-scoped reader: the prefixes travel as one array, whatever
 * their number, and each subtree is one index range.
 */
async function scoped(tdb: TenantDb, prefixes: string[]): Promise<[{ name: string }[], Counted[]]> {
  const { tenantId } = tdb;
  return Promise.all([
    tdb.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT "name" FROM (${inScope({
      table: "Namespace",
      column: "name",
      prefixes,
      where: Prisma.sql`"tenantId" = ${tenantId}`,
      select: Prisma.sql`"name"`,
    })}) AS "n"`),
    tdb.$queryRaw<Counted[]>(Prisma.sql`SELECT "namespace", "flows" FROM (${inScope({
      table: "NamespaceFlowCount",
      column: "namespace",
      prefixes,
      where: Prisma.sql`"tenantId" = ${tenantId} AND "flows" > 0`,
      select: Prisma.sql`"namespace", "flows"`,
    })}) AS "f"`),
  ]);
}
