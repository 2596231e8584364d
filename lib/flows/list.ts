import "server-only";
import type { NamespaceScope, TenantContext } from "../authz/context";
import { type Paging, skipTake } from "../api/paging";
import { isPostgres } from "../config";
import { Prisma, db } from "../db";
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

/**
 * The readable flows' condition. For a namespace-scoped reader, one branch per namespace in scope,
 * each carrying the tenant: each branch is then a range of the (tenantId, deleted, namespace,
 * flowId, id) index on its own and only the rows in scope are read (with the tenant outside the
 * OR, SQLite reads every index entry of the tenant and tests each prefix on it).
 */
function readableSql(tenantId: string, scope: NamespaceScope): Prisma.Sql | null {
  const tenant = Prisma.sql`"tenantId" = ${tenantId} AND ${NOT_DELETED}`;
  if (scope.all) return tenant;
  if (scope.prefixes.length === 0) return null;
  const branches = scope.prefixes.flatMap((p) => [
    Prisma.sql`(${tenant} AND "namespace" = ${p})`,
    Prisma.sql`(${tenant} AND "namespace" > ${`${p}.`} AND "namespace" < ${`${p}/`})`,
  ]);
  return Prisma.sql`(${Prisma.join(branches, " OR ")})`;
}

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

/** Flows the actor may read, filtered in the query itself (never fetched wholesale and filtered after). */
export async function searchFlows(ctx: TenantContext, filters: FlowFilters, paging: Paging) {
  const readable = readableSql(ctx.tenantId, ctx.scope("FLOW", "READ"));
  if (!readable) return { results: [], total: 0 };
  const conditions = [readable];
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
  const where = Prisma.join(conditions, " AND ");
  const { skip, take } = skipTake(paging);
  // Hand-written SQL: the filter of a reader with many namespaces in scope has hundreds of
  // parameters, and building such a query through the ORM costs several times its execution.
  // Two steps, so that only the rows of the page are read: the page's ids (in order) and the total
  // come from the index alone, then the page's rows by primary key.
  const [page, counted] = await Promise.all([
    db.$queryRaw<{ id: string }[]>(
      Prisma.sql`SELECT "id" FROM "Flow" WHERE ${where} ORDER BY ${orderSql(filters.sort ?? DEFAULT_FLOW_SORT)} LIMIT ${take} OFFSET ${skip}`,
    ),
    db.$queryRaw<{ n: number | bigint }[]>(Prisma.sql`SELECT COUNT(*) AS "n" FROM "Flow" WHERE ${where}`),
  ]);
  const ids = page.map((r) => r.id);
  const rows = ids.length ? await db.flow.findMany({ where: { id: { in: ids } }, select: { id: true, ...summarySelect } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results = ids.flatMap((id) => byId.get(id) ?? []);
  return {
    results: results.map(toSummary),
    total: Number(counted[0]?.n ?? 0),
  };
}

/** The flows of exactly one namespace (SPEC §5: `GET /api/v1/{tenant}/flows/{namespace}`). */
export async function listFlowsInNamespace(ctx: TenantContext, namespace: string, paging: Paging) {
  checkNamespace(namespace);
  ctx.require("FLOW", "READ", namespace);
  const where = { tenantId: ctx.tenantId, deleted: false, namespace };
  const [rows, total] = await Promise.all([
    db.flow.findMany({
      where,
      orderBy: { flowId: "asc" },
      select: summarySelect,
      ...skipTake(paging),
    }),
    db.flow.count({ where }),
  ]);
  return {
    results: rows.map(toSummary),
    total,
  };
}
