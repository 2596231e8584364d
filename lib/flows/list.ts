import "server-only";
import type { NamespaceScope, TenantContext } from "../authz/context";
import { pgInScope, sqliteInScope } from "../authz/scope";
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

function orderSql(sort: FlowSort): Prisma.Sql {
  const dir = Prisma.raw(sort.startsWith("-") ? "DESC" : "ASC");
  switch (sort.replace(/^-/, "")) {
    case "id":
      return Prisma.sql`"flowId" ${dir}, "namespace" ${dir}`;
    case "updated":
      return Prisma.sql`"updatedAt" ${dir}, "namespace" ASC, "flowId" ASC`;
    default:
      return Prisma.sql`"namespace" ${dir}, "flowId" ${dir}`;
  }
}

type Order = Prisma.Sql;
type IdsAndTotal = { ids: string[]; total: number };

const count = (n: number | bigint | null | undefined) => Number(n ?? 0);

/**
 * The page's ids and the total, from the index alone. `filter` holds the conditions besides the
 * tenant, `deleted` and the reader's namespaces.
 */
async function idsAndTotal(tdb: TenantDb, scope: NamespaceScope, filter: Prisma.Sql[], order: Order, take: number, skip: number): Promise<IdsAndTotal> {
  const tenant = Prisma.join([Prisma.sql`"tenantId" = ${tdb.tenantId}`, NOT_DELETED, ...filter], " AND ");
  if (scope.all) {
    const [page, counted] = await Promise.all([
      tdb.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT "id" FROM "Flow" WHERE ${tenant} ORDER BY ${order} LIMIT ${take} OFFSET ${skip}`),
      tdb.$queryRaw<{ n: number | bigint }[]>(Prisma.sql`SELECT COUNT(*) AS "n" FROM "Flow" WHERE ${tenant}`),
    ]);
    return { ids: page.map((r) => r.id), total: count(counted[0]?.n) };
  }
  if (scope.prefixes.length === 0) return { ids: [], total: 0 };
  // A namespace-scoped reader: the namespaces in scope (none covering another) and the subtrees
  // below them, each a range of the (tenantId, deleted, namespace, flowId, id) index.
  if (isPostgres()) {
    // only the first skip + take rows of each subtree are merged for the page
    const top = skip + take;
    const inScope = (select: Prisma.Sql, tail?: Prisma.Sql) =>
      pgInScope({ table: "Flow", column: "namespace", prefixes: scope.prefixes, where: tenant, select, tail });
    const [page, counted] = await Promise.all([
      tdb.$queryRaw<{ id: string }[]>(Prisma.sql`
        SELECT "id" FROM (${inScope(Prisma.sql`"id", "namespace", "flowId", "updatedAt"`, Prisma.sql`ORDER BY ${order} LIMIT ${top}`)}) AS "Flow"
        ORDER BY ${order} LIMIT ${take} OFFSET ${skip}`),
      tdb.$queryRaw<{ n: number | bigint }[]>(Prisma.sql`SELECT SUM("n") AS "n" FROM (${inScope(Prisma.sql`COUNT(*) AS "n"`)}) AS "c"`),
    ]);
    return { ids: page.map((r) => r.id), total: count(counted[0]?.n) };
  }
  // SQLite: the prefixes as one JSON parameter, each one an index range (see sqliteInScope)
  const inScope = (select: Prisma.Sql) => sqliteInScope({ table: "Flow", column: "namespace", prefixes: scope.prefixes, where: tenant, select });
  const [page, counted] = await Promise.all([
    tdb.$queryRaw<{ id: string }[]>(Prisma.sql`
      SELECT "id" FROM (${inScope(Prisma.sql`"id", "namespace", "flowId", "updatedAt"`)}) AS "Flow"
      ORDER BY ${order} LIMIT ${take} OFFSET ${skip}`),
    tdb.$queryRaw<{ n: number | bigint }[]>(Prisma.sql`SELECT SUM("n") AS "n" FROM (${inScope(Prisma.sql`COUNT(*) AS "n"`)}) AS "c"`),
  ]);
  return { ids: page.map((r) => r.id), total: count(counted[0]?.n) };
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
  // Two steps, so that only the rows of the page are read: the page's ids (in order) and the total
  // come from the index alone, then the page's rows by primary key.
  const { ids, total } = await idsAndTotal(
    ctx.db,
    ctx.scope("FLOW", "READ"),
    conditions,
    orderSql(filters.sort ?? DEFAULT_FLOW_SORT),
    take,
    skip,
  );
  // The page's rows by primary key, in the tenant. SQLite has no statistics to tell it that a tenant
  // holds thousands of rows: offered the tenant's equality it reads the tenant's index instead of
  // 25 primary keys, so there the tenant term is written `+"tenantId"`, which takes it out of index
  // choice without changing its meaning.
  const tenantColumn = Prisma.raw(isPostgres() ? `"tenantId"` : `+"tenantId"`);
  const rows = ids.length
    ? await ctx.db.$queryRaw<({ id: string } & Parameters<typeof toSummary>[0])[]>(Prisma.sql`
        SELECT "id", "flowId", "namespace", "revision", "description", "labels", "updatedAt" FROM "Flow"
        WHERE "id" IN (${Prisma.join(ids)}) AND ${tenantColumn} = ${ctx.tenantId}`)
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { results: ids.flatMap((id) => byId.get(id) ?? []).map(toSummary), total };
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
