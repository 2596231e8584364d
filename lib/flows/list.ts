import "server-only";
import type { NamespaceScope, TenantContext } from "../authz/context";
import { inScope as namespacesInScope, pgInScope, scopeWithin, sqliteInScope } from "../authz/scope";
import { type Paging, skipTake } from "../api/paging";
import { isPostgres } from "../config";
import { Prisma, type TenantDb } from "../db";
import { checkNamespace } from "../namespaces/schemas";
import { DEFAULT_FLOW_SORT, type FlowSort, type LabelFilter } from "./filters";

const summarySelect = {
  flowId: true,
  namespace: true,
  revision: true,
  description: true,
  labels: true,
  updatedAt: true,
} as const;

function toSummary(f: { flowId: string; namespace: string; revision: number; description: string | null; labels: string; updatedAt: Date }) {
  return {
    id: f.flowId,
    namespace: f.namespace,
    revision: f.revision,
    description: f.description,
    labels: JSON.parse(f.labels) as Record<string, string>,
    updated: f.updatedAt,
  };
}

export type FlowFilters = { q?: string; namespace?: string; labels?: LabelFilter[]; sort?: FlowSort };

/**
 * Labels are stored as the JSON of a string map, so `"key":"value"` (each part JSON-encoded, quotes
 * included) occurs in it exactly when the flow has that label: a value only matches whole.
 */
export const labelNeedle = (label: LabelFilter) => `${JSON.stringify(label.key)}:${JSON.stringify(label.value)}`;

/** `text` anywhere, as a LIKE pattern with its own wildcards escaped (paired with ESCAPE '\\'). */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const NOT_DELETED = Prisma.sql`"deleted" = false`;

/** `"namespace"` is `ns` or below it: a range of the byte-ordered column (see descendantWhere). */
const inTree = (ns: string) => Prisma.sql`("namespace" = ${ns} OR ("namespace" > ${`${ns}.`} AND "namespace" < ${`${ns}/`}))`;

/** The page's order (of the table or subquery `from`, when given), and the columns it reads. */
function orderSql(sort: FlowSort, from?: string): Order {
  const dir = Prisma.raw(sort.startsWith("-") ? "DESC" : "ASC");
  const col = (name: string) => Prisma.raw(from ? `"${from}"."${name}"` : `"${name}"`);
  switch (sort.replace(/^-/, "")) {
    case "id":
      return { by: Prisma.sql`${col("flowId")} ${dir}, ${col("namespace")} ${dir}`, columns: Prisma.sql`"flowId", "namespace"` };
    case "updated":
      return { by: Prisma.sql`${col("updatedAt")} ${dir}, ${col("namespace")} ASC, ${col("flowId")} ASC`, columns: Prisma.sql`"updatedAt", "namespace", "flowId"` };
    default:
      return { by: Prisma.sql`${col("namespace")} ${dir}, ${col("flowId")} ${dir}`, columns: Prisma.sql`"namespace", "flowId"` };
  }
}

type Order = { by: Prisma.Sql; columns: Prisma.Sql };
type SummaryRow = Parameters<typeof toSummary>[0];
type PageAndTotal = { rows: SummaryRow[]; total: number };

const count = (n: number | bigint | null | undefined) => Number(n ?? 0);

/**
 * The page's rows and the total in one statement: the count's one row, joined with the page's ids
 * (none past the last page, which still has its total), then with the rows of those ids by primary
 * key, in the page's order again. SQLite has no statistics to tell it that a tenant holds thousands
 * of rows: offered the tenant's equality it reads the tenant's index instead of 25 primary keys, so
 * there the tenant term is written `+"tenantId"`, which takes it out of index choice without
 * changing its meaning.
 */
async function pageAndTotal(tdb: TenantDb, page: Prisma.Sql, counted: Prisma.Sql, sort: FlowSort): Promise<PageAndTotal> {
  const tenantColumn = Prisma.raw(isPostgres() ? `"f"."tenantId"` : `+"f"."tenantId"`);
  const rows = await tdb.$queryRaw<(Omit<SummaryRow, "flowId"> & { flowId: string | null; n: number | bigint | null })[]>(Prisma.sql`
    SELECT "c"."n", "f"."flowId", "f"."namespace", "f"."revision", "f"."description", "f"."labels", "f"."updatedAt"
    FROM (${counted}) AS "c"
    LEFT JOIN (${page}) AS "p" ON 1 = 1
    LEFT JOIN "Flow" AS "f" ON "f"."id" = "p"."id" AND ${tenantColumn} = ${tdb.tenantId}
    ORDER BY ${orderSql(sort, "p").by}`);
  return { rows: rows.flatMap(({ n: _n, ...r }) => (r.flowId === null ? [] : [r as SummaryRow])), total: count(rows[0]?.n) };
}

/**
 * The page and the total: the page's ids (in order) and the count from the index alone, then only
 * the page's rows read. `filter` holds the conditions besides the tenant, `deleted` and the
 * reader's namespaces.
 */
async function readPage(
  tdb: TenantDb,
  scope: NamespaceScope,
  filter: Prisma.Sql[],
  sort: FlowSort,
  take: number,
  skip: number,
  total?: Prisma.Sql,
): Promise<PageAndTotal> {
  const order = orderSql(sort);
  const tenant = Prisma.join([Prisma.sql`"tenantId" = ${tdb.tenantId}`, NOT_DELETED, ...filter], " AND ");
  if (scope.all) {
    return pageAndTotal(
      tdb,
      Prisma.sql`SELECT "id", ${order.columns} FROM "Flow" WHERE ${tenant} ORDER BY ${order.by} LIMIT ${take} OFFSET ${skip}`,
      total ?? Prisma.sql`SELECT COUNT(*) AS "n" FROM "Flow" WHERE ${tenant}`,
      sort,
    );
  }
  if (scope.prefixes.length === 0) return { rows: [], total: 0 };
  // A namespace-scoped reader: the namespaces in scope (none covering another) and the subtrees
  // below them, each a range of the (tenantId, deleted, namespace, flowId, id) index.
  if (isPostgres()) {
    // only the first skip + take rows of each subtree are merged for the page
    const top = skip + take;
    const inScope = (select: Prisma.Sql, tail?: Prisma.Sql) =>
      pgInScope({ table: "Flow", column: "namespace", prefixes: scope.prefixes, where: tenant, select, tail });
    return pageAndTotal(
      tdb,
      Prisma.sql`
        SELECT "id", ${order.columns} FROM (${inScope(Prisma.sql`"id", ${order.columns}`, Prisma.sql`ORDER BY ${order.by} LIMIT ${top}`)}) AS "Flow"
        ORDER BY ${order.by} LIMIT ${take} OFFSET ${skip}`,
      total ?? Prisma.sql`SELECT CAST(SUM("n") AS BIGINT) AS "n" FROM (${inScope(Prisma.sql`COUNT(*) AS "n"`)}) AS "c"`,
      sort,
    );
  }
  // SQLite: the prefixes as one JSON parameter, each one an index range (see sqliteInScope)
  const inScope = (select: Prisma.Sql) => sqliteInScope({ table: "Flow", column: "namespace", prefixes: scope.prefixes, where: tenant, select });
  return pageAndTotal(
    tdb,
    Prisma.sql`
      SELECT "id", ${order.columns} FROM (${inScope(Prisma.sql`"id", ${order.columns}`)}) AS "Flow"
      ORDER BY ${order.by} LIMIT ${take} OFFSET ${skip}`,
    total ?? Prisma.sql`SELECT CAST(SUM("n") AS BIGINT) AS "n" FROM (${inScope(Prisma.sql`COUNT(*) AS "n"`)}) AS "c"`,
    sort,
  );
}

/** Flows the actor may read, filtered in the query itself (never fetched wholesale and filtered after). */
export async function searchFlows(ctx: TenantContext, filters: FlowFilters, paging: Paging) {
  const conditions: Prisma.Sql[] = [];
  if (filters.namespace) conditions.push(inTree(filters.namespace));
  const q = filters.q?.trim();
  if (q) {
    // case-insensitive like the UI's filter box: ILIKE on PostgreSQL; SQLite's LIKE ignores ASCII case
    const like = Prisma.raw(isPostgres() ? "ILIKE" : "LIKE");
    const pattern = containsPattern(q);
    conditions.push(
      Prisma.sql`("flowId" ${like} ${pattern} ESCAPE '\\' OR "namespace" ${like} ${pattern} ESCAPE '\\' OR "description" ${like} ${pattern} ESCAPE '\\')`,
    );
  }
  const position = Prisma.raw(isPostgres() ? "strpos" : "instr");
  for (const label of filters.labels ?? []) conditions.push(Prisma.sql`${position}("labels", ${labelNeedle(label)}) > 0`);
  const { skip, take } = skipTake(paging);
  // Hand-written SQL: the namespaces in scope travel as one array (thousands for a user with many
  // bindings), which the ORM cannot express without one OR branch and parameters per namespace.
  const scope = ctx.scope("FLOW", "READ");
  // filtered by namespace at most, the total is the flows of the namespaces in scope
  const byNamespace = !q && !filters.labels?.length ? countedByNamespace(ctx.tenantId, scopeOfNamespace(scope, filters.namespace)) : undefined;
  const { rows, total } = await readPage(ctx.db, scope, conditions, filters.sort ?? DEFAULT_FLOW_SORT, take, skip, byNamespace);
  return { results: rows.map(toSummary), total };
}

/** The part of a scope in the subtree of `namespace` (all of the scope without one), as prefixes. */
function scopeOfNamespace(scope: NamespaceScope, namespace: string | undefined): NamespaceScope {
  if (!namespace) return scope;
  const within = scope.all ? scope : scopeWithin(scope, namespace);
  return within.all ? { all: false, prefixes: [namespace] } : within;
}

/**
 * The number of flows (not deleted) in the namespaces of a scope, from NamespaceFlowCount (one row
 * per namespace, kept by the database's triggers on Flow): one row read per namespace in scope
 * instead of one index entry per flow, so the total does not grow with the flows.
 */
function countedByNamespace(tenantId: string, scope: NamespaceScope): Prisma.Sql {
  const where = Prisma.sql`"tenantId" = ${tenantId}`;
  if (scope.all) return Prisma.sql`SELECT COALESCE(SUM("flows"), 0) AS "n" FROM "NamespaceFlowCount" WHERE ${where}`;
  if (scope.prefixes.length === 0) return Prisma.sql`SELECT 0 AS "n"`;
  const arms = namespacesInScope({ table: "NamespaceFlowCount", column: "namespace", prefixes: scope.prefixes, where, select: Prisma.sql`SUM("flows") AS "n"` });
  // a sum of sums is numeric on PostgreSQL, which the ORM hands over as a Decimal: a count is an integer
  return Prisma.sql`SELECT CAST(COALESCE(SUM("n"), 0) AS BIGINT) AS "n" FROM (${arms}) AS "c"`;
}

/** The flows of exactly one namespace (SPEC §5: `GET /api/v1/{tenant}/flows/{namespace}`). */
export async function listFlowsInNamespace(ctx: TenantContext, namespace: string, paging: Paging) {
  checkNamespace(namespace);
  ctx.require("FLOW", "READ", namespace);
  const where = { deleted: false, namespace };
  const [rows, total] = await Promise.all([
    ctx.db.flow.findMany({
      where,
      orderBy: { flowId: "asc" },
      select: summarySelect,
      ...skipTake(paging),
    }),
    ctx.db.flow.count({ where }),
  ]);
  return {
    results: rows.map(toSummary),
    total,
  };
}
