import "server-only";
import type { TenantContext } from "../authz/context";
import { inScope } from "../authz/scope";
import { Prisma } from "../db";

type Row = { name: string; flows: number | bigint; explicit: number | bigint | boolean };

/**
 * Namespaces the actor may read: explicit ones and those that exist only through their flows, with
 * their flows counted (NamespaceFlowCount, kept by the database's triggers on Flow). One statement:
 * the explicit namespaces and the counted ones come as one list, each row saying which it is.
 */
export async function listNamespaces(ctx: TenantContext) {
  const scope = ctx.scope("NAMESPACE", "READ");
  if (!scope.all && scope.prefixes.length === 0) return [];
  const rows = await ctx.db.$queryRaw<Row[]>(scope.all ? everything(ctx.tenantId) : scoped(ctx.tenantId, scope.prefixes));
  const names = new Map<string, { name: string; explicit: boolean; flows: number }>();
  for (const r of rows) {
    const entry = names.get(r.name) ?? { name: r.name, explicit: false, flows: 0 };
    if (Number(r.explicit)) entry.explicit = true;
    else entry.flows = Number(r.flows);
    names.set(r.name, entry);
  }
  return [...names.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const everything = (tenantId: string) => Prisma.sql`
  SELECT "name", 0 AS "flows", 1 AS "explicit" FROM "Namespace" WHERE "tenantId" = ${tenantId}
  UNION ALL
  SELECT "namespace", "flows", 0 FROM "NamespaceFlowCount" WHERE "tenantId" = ${tenantId} AND "flows" > 0`;

/**
 * The same for a namespace-scoped reader: the prefixes travel as one array, whatever their number,
 * and each subtree is one index range.
 */
const scoped = (tenantId: string, prefixes: string[]) => Prisma.sql`
  SELECT "name", 0 AS "flows", 1 AS "explicit" FROM (${inScope({
    table: "Namespace",
    column: "name",
    prefixes,
    where: Prisma.sql`"tenantId" = ${tenantId}`,
    select: Prisma.sql`"name"`,
  })}) AS "n"
  UNION ALL
  SELECT "namespace", "flows", 0 FROM (${inScope({
    table: "NamespaceFlowCount",
    column: "namespace",
    prefixes,
    where: Prisma.sql`"tenantId" = ${tenantId} AND "flows" > 0`,
    select: Prisma.sql`"namespace", "flows"`,
  })}) AS "f"`;
