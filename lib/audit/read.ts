import "server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import type { NamespaceScope, TenantContext } from "../authz/context";
import { namespaceTreeWhere, namespaceWhere } from "../authz/scope";
import { type Paging, skipTake } from "../api/paging";
import { isPostgres } from "../config";
import { forbidden, invalid, zodDetails } from "../errors";
import { auditMasker } from "./visibility";

export const auditFilters = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(50).optional(),
  resourceType: z.string().max(50).optional(),
  namespace: z.string().max(150).optional(),
  from: z.coerce.date({ error: "from must be a date or date-time" }).optional(),
  to: z.coerce.date({ error: "to must be a date or date-time" }).optional(),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const raw = Object.fromEntries(
    ["actor", "action", "resourceType", "namespace", "from", "to"].flatMap((k) => {
      const v = params.get(k);
      return v ? [[k, v]] : [];
    }),
  );
  const parsed = auditFilters.safeParse(raw);
  if (!parsed.success) throw invalid("Invalid filters", zodDetails(parsed.error.issues));
  return parsed.data;
}

const entrySelect = {
  id: true,
  actorName: true,
  via: true,
  tokenId: true,
  action: true,
  resourceType: true,
  resourceId: true,
  namespace: true,
  before: true,
  after: true,
  createdAt: true,
} as const;
export const toEntry = <T extends { before: string | null; after: string | null }>(e: T) => ({
  ...e,
  before: (e.before ? JSON.parse(e.before) : null) as unknown,
  after: (e.after ? JSON.parse(e.after) : null) as unknown,
});

// Past this many prefixes, one OR per prefix would exceed what the databases take (parameters,
// expression depth): the namespaces the log holds are read instead (one indexed GROUP BY) and
// those in scope go to the query as one IN list.
const MANY_PREFIXES = 50;

async function scopeWhere(ctx: TenantContext, scope: NamespaceScope) {
  if (scope.all || scope.prefixes.length <= MANY_PREFIXES) return namespaceWhere(scope);
  const prefixes = new Set(scope.prefixes);
  const present = await ctx.db.auditLog.groupBy({ by: ["namespace"], where: { namespace: { not: null } } });
  // a namespace is in scope when it or one of its ancestors is a prefix
  const inScope = present
    .map((r) => r.namespace!)
    .filter((ns) => ns.split(".").some((_, i, parts) => prefixes.has(parts.slice(0, i + 1).join("."))));
  return { namespace: { in: inScope } };
}

async function where(ctx: TenantContext, f: AuditFilters) {
  const scope = ctx.scope("AUDITLOG", "READ");
  if (!scope.all && scope.prefixes.length === 0) throw forbidden("Missing permission AUDITLOG:READ");
  return {
    AND: [
      // namespace-scoped readers see the entries of their namespaces only (tenant-level ones are hidden)
      await scopeWhere(ctx, scope),
      f.namespace ? namespaceTreeWhere(f.namespace) : {},
      ...commonWhere(f),
    ],
  };
}

/** The filters both logs have: the actor matches any part of the username, in any case. */
export function commonWhere(f: AuditFilters) {
  return [
    f.actor ? { actorName: { contains: f.actor, ...(isPostgres() ? { mode: "insensitive" as const } : {}) } } : {},
    f.action ? { action: f.action } : {},
    f.resourceType ? { resourceType: f.resourceType } : {},
    f.from ? { createdAt: { gte: f.from } } : {},
    f.to ? { createdAt: { lte: f.to } } : {},
  ];
}

/**
 * The tenant's audit log, newest first, filtered in the query by the reader's AUDITLOG scope; the
 * before/after of resources the reader may not read are masked (the entry itself stays listed).
 */
export async function listAuditLogs(ctx: TenantContext, filters: AuditFilters, paging: Paging) {
  const w = await where(ctx, filters);
  const [rows, total] = await Promise.all([
    ctx.db.auditLog.findMany({ where: w, select: entrySelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(paging) }),
    ctx.db.auditLog.count({ where: w }),
  ]);
  const mask = auditMasker(ctx);
  return { results: rows.map((r) => mask(toEntry(r))), total };
}

export const CSV_LIMIT = 50_000;

