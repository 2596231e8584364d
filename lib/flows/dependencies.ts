import "server-only";
import type { TenantContext } from "../authz/context";
import { namespaceWhere } from "../authz/scope";
import { notFound } from "../errors";
import { type FlowDependencies, type FlowRef, childFlowOf, flowTriggerSources, sameFlow } from "./topology";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Candidate flows are read this many at a time, so a common flow id never loads a whole tenant. */
const BATCH = 200;

/** Every task of a parsed flow, nested ones included (the keys flowable tasks use, and Dag entries). */
function* tasksOf(value: unknown, depth = 0): Generator<Obj> {
  if (depth > 64) return;
  if (Array.isArray(value)) {
    for (const v of value) yield* tasksOf(v, depth + 1);
  } else if (isObj(value)) {
    if (typeof value.type === "string" && typeof value.id === "string") yield value;
    for (const [k, v] of Object.entries(value)) {
      // a task's own properties (inputs, conditions, ...) are not tasks, except the nested lists
      if (k === "triggers" || k === "inputs" || k === "outputs" || k === "labels" || k === "pluginDefaults") continue;
      if (v && typeof v === "object") yield* tasksOf(v, depth + 1);
    }
  }
}

const callsOf = (parsed: unknown): FlowRef[] => dedupe([...tasksOf(parsed)].map(childFlowOf).filter((r): r is FlowRef => r !== null));
const upstreamOf = (parsed: unknown): FlowRef[] => dedupe((isObj(parsed) && Array.isArray(parsed.triggers) ? parsed.triggers : []).flatMap(flowTriggerSources));

function dedupe(refs: FlowRef[]): FlowRef[] {
  const out: FlowRef[] = [];
  for (const r of refs) if (!out.some((o) => sameFlow(o, r))) out.push(r);
  return out;
}

const byName = (a: FlowRef, b: FlowRef) => a.namespace.localeCompare(b.namespace) || a.flowId.localeCompare(b.flowId);

function parsedOf(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** Of the flows named, those that exist in the tenant and that the user may read. */
async function readable(ctx: TenantContext, refs: FlowRef[]): Promise<FlowRef[]> {
  const named = refs.filter((r) => ctx.can("FLOW", "READ", r.namespace));
  if (named.length === 0) return [];
  const rows = await ctx.db.flow.findMany({
    where: { deleted: false, OR: named.map((r) => ({ namespace: r.namespace, flowId: r.flowId })) },
    select: { namespace: true, flowId: true },
  });
  return rows.map((r) => ({ namespace: r.namespace, flowId: r.flowId })).sort(byName);
}

/**
 * The flows around one flow, in its tenant and among those the user may read: the flows it runs as
 * subflows (Subflow, ForEachItem), the flows whose executions start it (its Flow triggers), the
 * flows that run it as a subflow, and the flows whose Flow triggers start on its executions.
 */
export async function flowDependencies(ctx: TenantContext, namespace: string, id: string): Promise<FlowDependencies> {
  ctx.require("FLOW", "READ", namespace);
  const self = await ctx.db.flow.findFirst({ where: { namespace, flowId: id, deleted: false }, select: { parsed: true } });
  if (!self) throw notFound("Flow not found");
  const parsed = parsedOf(self.parsed);
  const me = { namespace, flowId: id };
  const [calls, triggeredBy] = await Promise.all([readable(ctx, callsOf(parsed)), readable(ctx, upstreamOf(parsed))]);

  // Flows that name this one: their source holds its id (a coarse filter the database applies
  // with the reader's namespaces), then their parsed form says exactly.
  const callers: FlowRef[] = [];
  const triggers: FlowRef[] = [];
  const where = namespaceWhere(ctx.scope("FLOW", "READ"), "namespace", { deleted: false, source: { contains: id } });
  let cursor: string | undefined;
  for (;;) {
    const rows = await ctx.db.flow.findMany({
      where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
      select: { id: true, namespace: true, flowId: true, parsed: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const ref = { namespace: row.namespace, flowId: row.flowId };
      if (sameFlow(ref, me)) continue;
      const other = parsedOf(row.parsed);
      if (callsOf(other).some((r) => sameFlow(r, me))) callers.push(ref);
      if (upstreamOf(other).some((r) => sameFlow(r, me))) triggers.push(ref);
    }
    if (rows.length < BATCH) break;
    cursor = rows[rows.length - 1].id;
  }
  return { calls, triggeredBy, callers: callers.sort(byName), triggers: triggers.sort(byName) };
}
