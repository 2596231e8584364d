import "server-only";
import type { TenantContext } from "../authz/context";
import { inScope } from "../authz/scope";
import { Prisma } from "../db";

type Row = { name: string; flows: number | bigint; explicit: number | bigint | boolean };

/**
 * Namespaces the actor may read: explicit ones and those that exist only through their flows, with
 * their flows counted (NamespaceFlowCount, kept by the database's triggers on Flow). One statement,
 * one row per namespace: the explicit namespaces with their counts, then the counted ones that are
 * not explicit.
 */
export async function listNamespaces(ctx: TenantContext) {
  const scope = ctx.scope("NAMESPACE", "READ");
  if (!scope.all && scope.prefixes.length === 0) return [];
  const rows = await ctx.db.$queryRaw<Row[]>(scope.all ? everything(ctx.tenantId) : scoped(ctx.tenantId, scope.prefixes));
  return rows
    .map((r) => ({ name: r.name, explicit: Number(r.explicit) === 1, flows: Number(r.flows) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// a count of the namespace's own flows, and whether it exists only through them
const counted = (tenantId: string, namespace: Prisma.Sql) => Prisma.sql`
  LEFT JOIN "NamespaceFlowCount" AS "c" ON "c"."tenantId" = ${tenantId} AND "c"."namespace" = ${namespace}`;
const notExplicit = (tenantId: string) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "Namespace" AS "x" WHERE "x"."tenantId" = ${tenantId} AND "x"."name" = "NamespaceFlowCount"."namespace")`;

const everything = (tenantId: string) => Prisma.sql`
  SELECT "n"."name", COALESCE("c"."flows", 0) AS "flows", 1 AS "explicit"
  FROM "Namespace" AS "n" ${counted(tenantId, Prisma.sql`"n"."name"`)} WHERE "n"."tenantId" = ${tenantId}
  UNION ALL
  SELECT "namespace", "flows", 0 FROM "NamespaceFlowCount"
  WHERE "tenantId" = ${tenantId} AND "flows" > 0 AND ${notExplicit(tenantId)}`;

/**
 * The same for a namespace-scoped reader: the prefixes travel as one array, whatever their number,
 * and each subtree is one index range.
 */
const scoped = (tenantId: string, prefixes: string[]) => Prisma.sql`
  SELECT "n"."name", COALESCE("c"."flows", 0) AS "flows", 1 AS "explicit" FROM (${inScope({
    table: "Namespace",
    column: "name",
    prefixes,
    where: Prisma.sql`"tenantId" = ${tenantId}`,
    select: Prisma.sql`"name"`,
  })}) AS "n" ${counted(tenantId, Prisma.sql`"n"."name"`)}
  UNION ALL
  SELECT "namespace", "flows", 0 FROM (${inScope({
    table: "NamespaceFlowCount",
    column: "namespace",
    prefixes,
    where: Prisma.sql`"tenantId" = ${tenantId} AND "flows" > 0 AND ${notExplicit(tenantId)}`,
    select: Prisma.sql`"namespace", "flows"`,
  })}) AS "f"`;
