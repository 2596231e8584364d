import "server-only";
import type { TenantContext } from "../authz/context";
import { namespaceTreeWhere, namespaceWhere } from "../authz/scope";
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

type Dir = "asc" | "desc";
function orderBy(sort: FlowSort): Record<string, Dir>[] {
  const dir: Dir = sort.startsWith("-") ? "desc" : "asc";
  switch (sort.replace(/^-/, "")) {
    case "id":
      return [{ flowId: dir }, { namespace: dir }];
    case "updated":
      return [{ updatedAt: dir }, { namespace: "asc" }, { flowId: "asc" }];
    default:
      return [{ namespace: dir }, { flowId: dir }];
  }
}

/**
 * Labels are stored as the JSON of a string map, so `"key":"value"` (each part JSON-encoded, quotes
 * included) occurs in it exactly when the flow has that label: a value only matches whole.
 */
export const labelNeedle = (label: LabelFilter) => `${JSON.stringify(label.key)}:${JSON.stringify(label.value)}`;

/**
 * The `where` fragment for label filters, exact and case-sensitive. Prisma hands `contains` to LIKE
 * unescaped: PostgreSQL takes a backslash escape; SQLite's LIKE has none by default (and ignores
 * case), so there the flows are matched with instr() within the tenant first.
 */
async function labelsWhere(tenantId: string, labels: LabelFilter[]): Promise<Record<string, unknown>> {
  if (labels.length === 0) return {};
  const needles = labels.map(labelNeedle);
  if (isPostgres()) {
    return { AND: needles.map((n) => ({ labels: { contains: n.replace(/[\\%_]/g, (c) => `\\${c}`) } })) };
  }
  const matches = Prisma.join(needles.map((n) => Prisma.sql`instr("labels", ${n}) > 0`), " AND ");
  const rows = await db.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT "id" FROM "Flow" WHERE "tenantId" = ${tenantId} AND "deleted" = 0 AND ${matches}`,
  );
  return { id: { in: rows.map((r) => r.id) } };
}

// PostgreSQL compares case-sensitively unless asked; SQLite's LIKE already ignores ASCII case
const insensitive = () => (isPostgres() ? { mode: "insensitive" as const } : {});

/** Flows the actor may read, filtered in the query itself (never fetched wholesale and filtered after). */
export async function searchFlows(ctx: TenantContext, filters: FlowFilters, paging: Paging) {
  const q = filters.q?.trim();
  const labels = await labelsWhere(ctx.tenantId, filters.labels ?? []);
  const where = {
    ...namespaceWhere(ctx.scope("FLOW", "READ"), "namespace", { tenantId: ctx.tenantId, deleted: false }),
    AND: [
      filters.namespace ? namespaceTreeWhere(filters.namespace) : {},
      q
        ? {
            OR: [
              { flowId: { contains: q, ...insensitive() } },
              { namespace: { contains: q, ...insensitive() } },
              { description: { contains: q, ...insensitive() } },
            ],
          }
        : {},
      labels,
    ],
  };
  // Two steps, so that only the rows of the page are read: the page's ids (in order) and the total
  // come from the (tenantId, deleted, namespace, flowId, id) index alone (for a namespace-scoped
  // reader, one range of it per namespace in scope), then the page's rows by id. Selecting the
  // summary columns at once would read, and sort, every row in scope to keep 25 of them.
  const [page, total] = await Promise.all([
    db.flow.findMany({ where, orderBy: orderBy(filters.sort ?? DEFAULT_FLOW_SORT), select: { id: true }, ...skipTake(paging) }),
    db.flow.count({ where }),
  ]);
  const ids = page.map((r) => r.id);
  // by primary key alone: the ids come from the query above; a tenantId beside them makes SQLite
  // prefer a tenant index over the primary key
  const rows = ids.length ? await db.flow.findMany({ where: { id: { in: ids } }, select: { id: true, ...summarySelect } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results = ids.flatMap((id) => byId.get(id) ?? []);
  return {
    results: results.map(toSummary),
    total,
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
