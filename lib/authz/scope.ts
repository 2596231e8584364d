import { isPostgres } from "../config";
import { Prisma } from "../db";
import type { NamespaceScope } from "./context";
import { covers } from "./namespaces";

/**
 * `field` is a strict descendant of `namespace`. Not a plain `startsWith`: Prisma hands the text
 * to LIKE unescaped, where the `_` that namespace names may contain is a wildcard (`a_b.` would
 * match `axb.c`). PostgreSQL's LIKE takes a backslash escape; SQLite's has none by default, but it
 * compares text byte by byte, so the range ("ns.", "ns/") holds exactly the names starting "ns.".
 */
export function descendantWhere(namespace: string, field = "namespace"): Record<string, unknown> {
  if (isPostgres()) return { [field]: { startsWith: `${namespace.replace(/[\\%_]/g, (c) => `\\${c}`)}.` } };
  return { AND: [{ [field]: { gt: `${namespace}.` } }, { [field]: { lt: `${namespace}/` } }] };
}

/** `field` is the namespace or one of its descendants. */
export function namespaceTreeWhere(namespace: string, field = "namespace"): Record<string, unknown> {
  return { OR: [{ [field]: namespace }, descendantWhere(namespace, field)] };
}

/**
 * The `where` fragment that limits a list query to the namespaces of a scope, so lists are
 * filtered by the database at any page size.
 *
 * `base` (equalities such as `{ tenantId, deleted: false }`) is repeated inside every branch of
 * the OR instead of standing beside it: each branch is then a range of the (tenantId, …,
 * namespace) index on its own, and the database reads only the rows in scope. With the base
 * outside, SQLite reads every index entry of the tenant and tests each prefix on it (a scan of the
 * whole tenant for a user with a few namespace bindings). The result always holds `base`.
 */
export function namespaceWhere(
  scope: NamespaceScope,
  field = "namespace",
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  if (scope.all) return base;
  if (scope.prefixes.length === 0) return { ...base, [field]: { in: [] } };
  return { OR: scope.prefixes.flatMap((p) => [{ ...base, [field]: p }, { ...base, ...descendantWhere(p, field) }]) };
}

/**
 * PostgreSQL: the rows of `table` whose `column` lies in a namespace scope's prefixes (none
 * covering another) or below them, as a UNION ALL that can stand as a FROM item. The prefixes
 * travel as arrays, so the statement keeps the same few parameters for any number of bindings and
 * plans in a fraction of a millisecond, and each subtree is one range of an index on (tenantId, …,
 * column) (LATERAL). A range's bounds are plain values: an expression such as `prefix || '.'` is
 * not leakproof, and row-level security would keep it from being used as an index condition.
 * `where` is the other conditions (the tenant's among them), `select` the columns, `tail` what
 * follows each arm's WHERE (GROUP BY, ORDER BY … LIMIT). The column must compare byte by byte
 * (COLLATE "C", see the namespace_c_collation migration).
 *
 * The range subquery ends with `OFFSET 0`, which keeps PostgreSQL from merging it into a join. A
 * statement prepared by name runs on a generic plan, made for a tenant of average size; merged,
 * that plan read all of a tenant's rows once and compared each with each range (the namespace
 * list of a user with 20 bindings in a tenant of 946 namespaces: 18,847 comparisons, where 20
 * index ranges read 73 rows). An arm with an aggregate or a LIMIT is never merged; it is unchanged.
 */
export function pgInScope(opts: {
  table: string;
  column: string;
  prefixes: string[];
  where: Prisma.Sql;
  select: Prisma.Sql;
  tail?: Prisma.Sql;
}): Prisma.Sql {
  const { prefixes, where, select } = opts;
  const table = Prisma.raw(`"${opts.table}"`);
  const column = Prisma.raw(`"${opts.column}"`);
  const tail = opts.tail ?? Prisma.empty;
  const lows = prefixes.map((p) => `${p}.`);
  const highs = prefixes.map((p) => `${p}/`);
  return Prisma.sql`(SELECT ${select} FROM ${table} WHERE ${where} AND ${column} = ANY(${prefixes}::text[]) ${tail})
    UNION ALL
    SELECT "s".* FROM unnest(${lows}::text[], ${highs}::text[]) AS "r"("lo", "hi")
      CROSS JOIN LATERAL (SELECT ${select} FROM ${table} WHERE ${where} AND ${column} > "r"."lo" AND ${column} < "r"."hi" ${tail} OFFSET 0) AS "s"`;
}

/** What both databases' scope statements are built from; `groupBy` groups each arm. */
type ScopeArms = { table: string; column: string; prefixes: string[]; where: Prisma.Sql; select: Prisma.Sql; groupBy?: Prisma.Sql };

/**
 * SQLite's counterpart of pgInScope: the prefixes travel as one JSON array read by `json_each`, so
 * the statement has the same few parameters and a shallow expression tree for any number of
 * bindings (one OR branch per prefix overflowed SQLite's limits at a few hundred). CROSS JOIN keeps
 * the prefixes as the outer loop, so each one is an index range of `table` (the column compares
 * byte by byte, as in descendantWhere). The prefixes come out as a one-column subquery: `json_each`
 * has an `id` column of its own that would make the table's ambiguous. `groupBy` applies per arm;
 * ordering and limits belong to the caller's outer query.
 */
export function sqliteInScope(opts: ScopeArms): Prisma.Sql {
  const { where, select } = opts;
  const table = Prisma.raw(`"${opts.table}"`);
  const column = Prisma.raw(`"${opts.column}"`);
  const list = JSON.stringify(opts.prefixes);
  const prefixes = Prisma.sql`(SELECT "value" AS "prefix" FROM json_each(${list})) AS "p"`;
  const group = opts.groupBy ? Prisma.sql`GROUP BY ${opts.groupBy}` : Prisma.empty;
  return Prisma.sql`SELECT ${select} FROM ${prefixes} CROSS JOIN ${table} WHERE ${where} AND ${column} = "p"."prefix" ${group}
    UNION ALL
    SELECT ${select} FROM ${prefixes} CROSS JOIN ${table} WHERE ${where} AND ${column} > "p"."prefix" || '.' AND ${column} < "p"."prefix" || '/' ${group}`;
}

/**
 * The rows of `table` in a namespace scope's prefixes (none covering another) or below them, on
 * either database, as a statement that can stand in a FROM item. `groupBy` groups each arm.
 */
export function inScope(opts: ScopeArms) {
  if (!isPostgres()) return sqliteInScope(opts);
  const { groupBy, ...rest } = opts;
  return pgInScope({ ...rest, tail: groupBy ? Prisma.sql`GROUP BY ${groupBy}` : undefined });
}

/**
 * The part of a scope that falls in the subtree of `namespace`: all of it when a prefix covers the
 * namespace, else the prefixes below it. Keeps a subtree query from carrying every binding.
 */
export function scopeWithin(scope: NamespaceScope, namespace: string): NamespaceScope {
  if (scope.all || scope.prefixes.some((p) => covers(p, namespace))) return { all: true };
  return { all: false, prefixes: scope.prefixes.filter((p) => covers(namespace, p)) };
}
