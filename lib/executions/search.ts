import "server-only";
import type { TenantContext } from "../authz/context";
import { type Paging, skipTake } from "../api/paging";
import type { Prisma } from "../db";
import { parseIsoDuration } from "../duration";
import { invalid } from "../errors";
import type { LabelFilter } from "../flows/filters";
import { toExecution } from "./store";
import { STATES, type State } from "./types";
import { executionSummary } from "./views";

// The executions list: filters, sort and the readable namespaces all in the query.

export const EXECUTION_SORTS = ["startDate", "endDate", "namespace", "flowId", "state"] as const;
export type ExecutionSort = { field: (typeof EXECUTION_SORTS)[number]; desc: boolean };

/** `field`, `-field` or the orchestrator's `state.startDate:desc`. */
export function parseExecutionSort(text: string | null | undefined): ExecutionSort {
  if (!text) return { field: "startDate", desc: true };
  const m = /^(-)?(?:state\.)?(\w+)(?::(asc|desc))?$/.exec(text);
  const field = m?.[2] === "current" ? "state" : m?.[2];
  if (!m || !EXECUTION_SORTS.includes(field as ExecutionSort["field"])) {
    throw invalid("Invalid sort", [{ path: "sort", message: `sort must be one of ${EXECUTION_SORTS.join(", ")} (optionally -field or field:asc|desc)` }]);
  }
  return { field: field as ExecutionSort["field"], desc: !!m[1] || m[3] === "desc" };
}

export type ExecutionFilters = {
  namespace?: string;
  flowId?: string;
  states?: string[];
  labels?: LabelFilter[];
  /** executions started at or after this instant */
  startDate?: string;
  /** executions started at or before this instant (the orchestrator's "created before") */
  endDate?: string;
  /** executions started within this ISO-8601 duration before now (PT10H) */
  timeRange?: string;
  q?: string;
  /** the executions a given execution started (its subflows): their `parentId` */
  parentId?: string;
  sort?: ExecutionSort;
};

function instant(value: string | undefined, path: string): Date | undefined {
  if (value === undefined || value === "") return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw invalid(`Invalid ${path}`, [{ path, message: `${path} must be an ISO-8601 date and time` }]);
  return new Date(at);
}

/**
 * Executions the caller may read, filtered and paged in the query: the readable namespaces are a
 * condition of the query itself (each a namespace and its descendants), never a filter afterwards.
 */
export async function searchExecutions(ctx: TenantContext, f: ExecutionFilters, paging: Paging) {
  const scope = ctx.scope("EXECUTION", "READ");
  const empty = { results: [], total: 0, page: paging.page, size: paging.size };
  if (!scope.all && scope.prefixes.length === 0) return empty;
  const states = f.states ?? [];
  const bad = states.filter((s) => !STATES.includes(s as State));
  if (bad.length) throw invalid("Invalid state", [{ path: "state", message: `state must be one of ${STATES.join(", ")}` }]);
  const and: Prisma.ExecutionWhereInput[] = [{ deleted: false }];
  const tree = (ns: string): Prisma.ExecutionWhereInput[] => [{ namespace: ns }, { namespace: { startsWith: `${ns}.` } }];
  if (!scope.all) and.push({ OR: scope.prefixes.flatMap(tree) });
  if (f.namespace) and.push({ OR: tree(f.namespace) });
  if (f.flowId) and.push({ flowId: f.flowId });
  if (f.parentId) and.push({ parentId: f.parentId });
  if (states.length) and.push({ state: { in: states } });
  for (const l of f.labels ?? []) and.push({ labels: { contains: JSON.stringify({ key: l.key, value: l.value }) } });
  const from = instant(f.startDate, "startDate");
  const to = instant(f.endDate, "endDate");
  if (from) and.push({ startDate: { gte: from } });
  if (to) and.push({ startDate: { lte: to } });
  if (f.timeRange) {
    const ms = parseIsoDuration(f.timeRange);
    if (ms === null || ms <= 0) throw invalid("Invalid timeRange", [{ path: "timeRange", message: "timeRange must be an ISO-8601 duration such as PT10H" }]);
    and.push({ startDate: { gte: new Date(Date.now() - ms) } });
  }
  if (f.q) and.push({ OR: [{ id: f.q }, { flowId: { contains: f.q } }, { namespace: { contains: f.q } }] });
  const sort = f.sort ?? { field: "startDate", desc: true };
  const dir = sort.desc ? "desc" : "asc";
  const where = { AND: and };
  const [rows, total] = await Promise.all([
    ctx.db.execution.findMany({ where, orderBy: [{ [sort.field]: dir }, { id: "asc" }], ...skipTake(paging) }),
    ctx.db.execution.count({ where }),
  ]);
  return { results: rows.map(toExecution).map(executionSummary), total, page: paging.page, size: paging.size };
}
