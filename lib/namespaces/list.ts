import "server-only";
import type { TenantContext } from "../authz/context";
import { inScope } from "../authz/scope";
import { isPostgres } from "../config";
import { Prisma } from "../db";

/** A namespace as the list's statement hands it over: name, flows, 1 when explicit. */
type Entry = [name: string, flows: number, explicit: number];

/**
 * Namespaces the actor may read: explicit ones and those that exist only through their flows, with
 * their flows counted (NamespaceFlowCount, kept by the database's triggers on Flow). One statement,
 * one row per namespace: the explicit namespaces with their counts, then the counted ones that are
 * not explicit.
 */
export async function listNamespaces(ctx: TenantContext) {
  const scope = ctx.scope("NAMESPACE", "READ");
  if (!scope.all && scope.prefixes.length === 0) return [];
  const [row] = await ctx.db.$queryRaw<{ list: string | null }[]>(asJson(scope.all ? everything(ctx.tenantId) : scoped(ctx.tenantId, scope.prefixes)));
  return (JSON.parse(row?.list ?? "[]") as Entry[])
    .map(([name, flows, explicit]) => ({ name, explicit: explicit === 1, flows }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The rows as one JSON array of [name, flows, explicit] in a single row and column: a tenant can
 * hold thousands of namespaces, and the driver's and the ORM's work per row cost more than the
 * database's (946 namespaces in process: 1.9 ms as rows against 1.1 ms as one value on SQLite).
 */
const asJson = (rows: Prisma.Sql) =>
  isPostgres()
    ? Prisma.sql`SELECT COALESCE(json_agg(json_build_array("t"."name", "t"."flows", "t"."explicit")), '[]')::text AS "list" FROM (${rows}) AS "t"`
    : Prisma.sql`SELECT json_group_array(json_array("t"."name", "t"."flows", "t"."explicit")) AS "list" FROM (${rows}) AS "t"`;

/**
 * One row per namespace: the explicit ones (`names`, rows with a "name") joined to their counts,
 * then the counted ones (`counts`, rows with "namespace" and "flows") that are not explicit.
 */
const tree = (tenantId: string, names: Prisma.Sql, counts: Prisma.Sql) => Prisma.sql`
  SELECT "n"."name", COALESCE("c"."flows", 0) AS "flows", 1 AS "explicit" FROM (${names}) AS "n"
    LEFT JOIN "NamespaceFlowCount" AS "c" ON "c"."tenantId" = ${tenantId} AND "c"."namespace" = "n"."name"
  UNION ALL
  SELECT "namespace", "flows", 0 FROM (${counts}) AS "f"`;

const notExplicit = (tenantId: string) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "Namespace" AS "x" WHERE "x"."tenantId" = ${tenantId} AND "x"."name" = "NamespaceFlowCount"."namespace")`;

const everything = (tenantId: string) =>
  tree(
    tenantId,
    Prisma.sql`SELECT "name" FROM "Namespace" WHERE "tenantId" = ${tenantId}`,
    Prisma.sql`SELECT "namespace", "flows" FROM "NamespaceFlowCount" WHERE "tenantId" = ${tenantId} AND "flows" > 0 AND ${notExplicit(tenantId)}`,
  );

/**
 * The same for a namespace-scoped reader: the prefixes travel as one array, whatever their number,
 * and each subtree is one index range.
 */
const scoped = (tenantId: string, prefixes: string[]) =>
  tree(
    tenantId,
    inScope({ table: "Namespace", column: "name", prefixes, where: Prisma.sql`"tenantId" = ${tenantId}`, select: Prisma.sql`"name"` }),
    inScope({
      table: "NamespaceFlowCount",
      column: "namespace",
      prefixes,
      where: Prisma.sql`"tenantId" = ${tenantId} AND "flows" > 0 AND ${notExplicit(tenantId)}`,
      select: Prisma.sql`"namespace", "flows"`,
    }),
  );
