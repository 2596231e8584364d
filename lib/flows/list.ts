import "server-only";
import type { TenantContext } from "../authz/context";
import { namespaceTreeWhere, namespaceWhere } from "../authz/scope";
import { type Paging, skipTake } from "../api/paging";
import { db } from "../db";
import { checkNamespace } from "../namespaces/schemas";

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

export type FlowFilters = { q?: string; namespace?: string };

/** Flows the actor may read, filtered in the query itself (never fetched wholesale and filtered after). */
export async function searchFlows(ctx: TenantContext, filters: FlowFilters, paging: Paging) {
  const where = {
    tenantId: ctx.tenantId,
    deleted: false,
    AND: [
      namespaceWhere(ctx.scope("FLOW", "READ")),
      filters.namespace ? namespaceTreeWhere(filters.namespace) : {},
      filters.q
        ? {
            OR: [
              { flowId: { contains: filters.q } },
              { namespace: { contains: filters.q } },
              { description: { contains: filters.q } },
            ],
          }
        : {},
    ],
  };
  const [results, total] = await Promise.all([
    db.flow.findMany({
      where,
      orderBy: [{ namespace: "asc" }, { flowId: "asc" }],
      select: summarySelect,
      ...skipTake(paging),
    }),
    db.flow.count({ where }),
  ]);
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
