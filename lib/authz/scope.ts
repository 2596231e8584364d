import { isPostgres } from "../config";
import { Prisma } from "../db";
import type { NamespaceScope } from "./context";

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
      CROSS JOIN LATERAL (SELECT ${select} FROM ${table} WHERE ${where} AND ${column} > "r"."lo" AND ${column} < "r"."hi" ${tail}) AS "s"`;
}
