import { db, type TenantDb, type Tx, tenantDb } from "@/lib/db";
import { isPostgres } from "@/lib/config";
import { namespaceTreeWhere } from "@/lib/authz/scope";
import { lineage } from "@/lib/authz/namespaces";
import type { ChainLink } from "@/lib/namespaces/chain";
import { flowOf } from "./processes/flows";
import { CHANNELS, insertEvent } from "./store";
import { wake } from "./wakeup";
import type { FlowDefinition } from "./variables";
import type { EngineState, Execution, State, StepResult } from "./types";

// Concurrency limits (SPEC §7, the orchestrator's flow `concurrency`): per flow (`limit`,
// `behavior` QUEUE, CANCEL or FAIL), per namespace (the nearest namespace of the execution's
// lineage whose limit is set counts every execution under it) and per tenant (both QUEUE).
//
// An execution holds a slot from its start until it ends, PAUSED included (as the orchestrator
// counts). The decisions of one tenant are serialized: on PostgreSQL by a transaction-scoped
// advisory lock taken by every admission and every end that a limit applies to, on SQLite by its
// single writer; so two executors never both take the last slot, and an execution that ends
// always sees the one queued beside it.
//
// FIFO per limit: a new execution counts the QUEUED ones of each of its limits as ahead of it; a
// QUEUED one counts only the older QUEUED ones. When an execution ends, in the same transaction,
// the oldest QUEUED ones that now fit get their `start` event; they keep their place (they are
// still counted as ahead of any newer execution) until the executor starts them.
//
// Instance-level for one read only: a tenant's own limit lives on its Tenant row, which a
// tenant-bound transaction cannot reach; it is read through the raw client outside transactions
// and kept briefly (prepareTenant), everything else goes through the caller's tenant transaction.

export type LimitKind = "flow" | "namespace" | "tenant";
export type Behavior = "QUEUE" | "CANCEL" | "FAIL";
export type Limit = { limit: LimitKind; scope: string; max: number; behavior: Behavior; flow?: { namespace: string; flowId: string } };

/** States that hold a slot: started and not ended. */
export const HOLDING: readonly State[] = ["RUNNING", "PAUSED", "RETRYING", "RESTARTED", "KILLING"];

type Client = Tx;
type Subject = Pick<Execution, "tenantId" | "namespace" | "flowId" | "flowRevision">;

// ---- tenant settings -------------------------------------------------------------------------

const TENANT_TTL_MS = 1000;
const tenants = new Map<string, { limit: number | null; at: number }>();

/** Reads the tenant's own limit when the copy kept is older than a second (outside any transaction). */
export async function prepareTenant(tenantId: string, now = Date.now()) {
  const kept = tenants.get(tenantId);
  if (kept && now - kept.at < TENANT_TTL_MS) return;
  const row = await db.tenant.findUnique({ where: { id: tenantId }, select: { concurrencyLimit: true } });
  tenants.set(tenantId, { limit: row?.concurrencyLimit ?? null, at: now });
}

/** Forgets the kept copy (the tenant's settings changed in this process). */
export function forgetTenant(tenantId: string) {
  tenants.delete(tenantId);
}

// ---- limits ------------------------------------------------------------------------------------

function flowLimit(flow: FlowDefinition, e: Subject): Limit | null {
  const c = (flow as { concurrency?: { limit?: unknown; behavior?: unknown } }).concurrency;
  if (!c || typeof c.limit !== "number" || c.limit < 1) return null;
  const behavior = c.behavior === "CANCEL" || c.behavior === "FAIL" ? c.behavior : "QUEUE";
  return { limit: "flow", scope: `${e.namespace}.${e.flowId}`, max: c.limit, behavior, flow: { namespace: e.namespace, flowId: e.flowId } };
}

/** The nearest namespace of the lineage with a limit set, and that limit. */
async function namespaceLimit(tx: Pick<Tx, "namespace">, e: Subject, cache?: Map<string, Limit | null>): Promise<Limit | null> {
  const hit = cache?.get(e.namespace);
  if (hit !== undefined) return hit;
  const names = lineage(e.namespace);
  const rows = await tx.namespace.findMany({
    where: { tenantId: e.tenantId, name: { in: names }, concurrencyLimit: { not: null } },
    select: { name: true, concurrencyLimit: true },
  });
  const limit = nearestLimit(names, rows);
  cache?.set(e.namespace, limit);
  return limit;
}

function nearestLimit(names: string[], rows: readonly { name: string; concurrencyLimit: number | null }[]): Limit | null {
  const nearest = names.map((n) => rows.find((r) => r.name === n && r.concurrencyLimit !== null)).find((r) => r !== undefined);
  return nearest ? { limit: "namespace", scope: nearest.name, max: nearest.concurrencyLimit!, behavior: "QUEUE" } : null;
}

/**
 * The namespace limits known from a chain the caller has loaded (loadChain), to give admit() as
 * its cache: the namespace's limit is not read again.
 */
export function limitsFromChain(namespace: string, chain: readonly ChainLink[]): Map<string, Limit | null> {
  return new Map([[namespace, nearestLimit(lineage(namespace), chain)]]);
}

function tenantLimit(tenantId: string): Limit | null {
  const limit = tenants.get(tenantId)?.limit ?? null;
  return limit === null ? null : { limit: "tenant", scope: tenantId, max: limit, behavior: "QUEUE" };
}

/** The limits an execution is subject to, narrowest first. */
export async function limitsOf(tx: Client, e: Subject, flow?: FlowDefinition, cache?: Map<string, Limit | null>): Promise<Limit[]> {
  const parsed = flow ?? (await flowOf(tx, e));
  return [flowLimit(parsed, e), await namespaceLimit(tx, e, cache), tenantLimit(e.tenantId)].filter((l): l is Limit => l !== null);
}

/** The executions a limit counts. */
function inScope(l: Limit, tenantId: string) {
  if (l.flow) return { tenantId, namespace: l.flow.namespace, flowId: l.flow.flowId };
  if (l.limit === "namespace") return { tenantId, ...namespaceTreeWhere(l.scope) };
  return { tenantId };
}

const key = (l: Limit) => `${l.limit}:${l.scope}`;

/** Serializes the tenant's admissions and ends (PostgreSQL; SQLite's writer already does). */
async function lockTenant(tx: Client, tenantId: string) {
  if (isPostgres()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tenantflow_concurrency:${tenantId}`}))`;
}

const holding = (tx: Client, l: Limit, tenantId: string) => tx.execution.count({ where: { ...inScope(l, tenantId), state: { in: [...HOLDING] } } });

/** QUEUED executions of the limit ahead of `e` (all of them for one that is not QUEUED yet). */
async function ahead(tx: Client, l: Limit, e: Pick<Execution, "tenantId" | "id" | "state">): Promise<number> {
  const where = { ...inScope(l, e.tenantId), state: "QUEUED", id: { not: e.id } };
  if (e.state !== "QUEUED") return tx.execution.count({ where });
  const mine = await tx.execution.findFirst({ where: { tenantId: e.tenantId, id: e.id }, select: { createdAt: true } });
  if (!mine) return 0;
  return tx.execution.count({
    where: { AND: [where, { OR: [{ createdAt: { lt: mine.createdAt } }, { createdAt: mine.createdAt, id: { lt: e.id } }] }] },
  });
}

// ---- admission ---------------------------------------------------------------------------------

export type Admission =
  | { decision: "run" }
  | { decision: "queue" | "cancel" | "fail"; limit: Limit; position: number; message: string };

function describe(l: Limit) {
  if (l.limit === "flow") return `the flow's concurrency limit (${l.max})`;
  if (l.limit === "namespace") return `the concurrency limit of namespace ${l.scope} (${l.max})`;
  return `the tenant's concurrency limit (${l.max})`;
}

/**
 * Whether an execution about to start (its `start` event, CREATED or QUEUED) may run now, inside
 * the executor's transaction: the first of its limits that is full decides (its behavior).
 */
export async function admit(tx: Client, e: Execution, flow: FlowDefinition, cache?: Map<string, Limit | null>): Promise<Admission> {
  const limits = await limitsOf(tx, e, flow, cache);
  if (limits.length === 0) return { decision: "run" };
  await lockTenant(tx, e.tenantId);
  for (const l of limits) {
    // one after the other: a transaction's statements share its connection
    const running = await holding(tx, l, e.tenantId);
    const before = await ahead(tx, l, e);
    if (running + before < l.max) continue;
    const decision = l.behavior === "CANCEL" ? "cancel" : l.behavior === "FAIL" ? "fail" : "queue";
    const what = decision === "queue" ? `queued (position ${before + 1}) until a slot frees` : decision === "cancel" ? "cancelled" : "failed";
    const message = `${describe(l)} is reached (${running} running${before ? `, ${before} queued before it` : ""}): the execution is ${what}`;
    return { decision, limit: l, position: before + 1, message };
  }
  return { decision: "run" };
}

/** A restart takes a slot again: the reason it may not now (a limit is full), or null. */
export async function admitRestart(tx: Client, e: Execution, flow: FlowDefinition): Promise<string | null> {
  const admission = await admit(tx, { ...e, state: "CREATED" }, flow);
  if (admission.decision === "run") return null;
  return `${describe(admission.limit)} is reached: the execution cannot be restarted until a slot frees`;
}

/** The step that records a refused admission: QUEUED (once), or CANCELLED / FAILED with its end. */
export function refusedStep(state: EngineState, admission: Exclude<Admission, { decision: "run" }>, now: Date): StepResult | null {
  const exec = state.execution;
  const next: State = admission.decision === "queue" ? "QUEUED" : admission.decision === "cancel" ? "CANCELLED" : "FAILED";
  if (exec.state === next) return null;
  const execution: Execution = { ...exec, state: next, histories: [...exec.histories, { state: next, date: now.toISOString() }] };
  const level = admission.decision === "fail" ? "ERROR" : admission.decision === "cancel" ? "WARN" : "INFO";
  return {
    state: { execution, taskRuns: state.taskRuns },
    executionChanged: true,
    changedTaskRuns: [],
    work: [
      { type: "log", level, message: admission.message, taskRunId: null, attempt: null },
      ...(next === "QUEUED" ? [] : [{ type: "ended" as const, state: next }]),
    ],
  };
}

// ---- promotion ---------------------------------------------------------------------------------

const SCAN = 200;

/**
 * Gives the oldest QUEUED executions that now fit their `start` event, inside the caller's
 * transaction (an execution ended, or a limit changed). `ended`: the execution that ended, whose
 * widest limit bounds the scan; without it every QUEUED execution of the tenant is looked at.
 * Returns how many got an event.
 */
export async function promoteQueued(tx: Client, tenantId: string, ended?: Subject): Promise<number> {
  const cache = new Map<string, Limit | null>();
  let bound: Limit | undefined;
  if (ended) {
    const own = await limitsOf(tx, ended, undefined, cache);
    if (own.length === 0) return 0;
    // an ancestor's limit counts the ended one too, whichever limit is its nearest: the scan covers
    // the widest namespace of its lineage that has a limit
    const widest = await tx.namespace.findFirst({
      where: { tenantId, name: { in: lineage(ended.namespace) }, concurrencyLimit: { not: null } },
      orderBy: { name: "asc" },
      select: { name: true, concurrencyLimit: true },
    });
    bound = own.at(-1)!.limit === "tenant" || !widest ? own.at(-1) : { limit: "namespace", scope: widest.name, max: widest.concurrencyLimit!, behavior: "QUEUE" };
  }
  await lockTenant(tx, tenantId);
  const queued = await tx.execution.findMany({
    where: { ...(bound ? inScope(bound, tenantId) : { tenantId }), state: "QUEUED" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: SCAN,
    select: { id: true, tenantId: true, namespace: true, flowId: true, flowRevision: true },
  });
  if (queued.length === 0) return 0;
  const running = new Map<string, number>();
  const before = new Map<string, number>();
  const fits: string[] = [];
  for (const q of queued) {
    const limits = await limitsOf(tx, q, undefined, cache);
    let ok = true;
    for (const l of limits) {
      const k = key(l);
      if (!running.has(k)) running.set(k, await holding(tx, l, tenantId));
      if (running.get(k)! + (before.get(k) ?? 0) >= l.max) ok = false;
      before.set(k, (before.get(k) ?? 0) + 1);
    }
    if (ok) fits.push(q.id);
    // every limit of the ended one is full again: nothing further in its scope can fit
    if (bound && limitsFull(running, before, bound)) break;
  }
  if (fits.length === 0) return 0;
  const pending = new Set(
    (await tx.executionEvent.findMany({ where: { tenantId, executionId: { in: fits } }, select: { executionId: true, payload: true } }))
      .filter((r) => r.payload.includes('"start"'))
      .map((r) => r.executionId),
  );
  let n = 0;
  for (const id of fits) {
    if (pending.has(id)) continue;
    await insertEvent(tx, tenantId, id, { type: "start" });
    n++;
  }
  return n;
}

function limitsFull(running: Map<string, number>, before: Map<string, number>, bound: Limit) {
  const k = key(bound);
  return running.has(k) && running.get(k)! + (before.get(k) ?? 0) >= bound.max;
}

/** A tenant's or namespace's limit changed: reads the tenant's again and starts the queued executions that now fit. */
export async function limitsChanged(tenantId: string) {
  forgetTenant(tenantId);
  await prepareTenant(tenantId);
  const n = await tenantDb(tenantId).$transaction((tx) => promoteQueued(tx, tenantId));
  if (n) wake(CHANNELS.executor);
}

/** The ended hook: an execution ended, so the queued ones beside it may start. */
export async function onEnded(tx: Tx, execution: Execution) {
  await promoteQueued(tx, execution.tenantId, execution);
}

// ---- why an execution waits --------------------------------------------------------------------

export type QueuedReason = { limit: LimitKind; scope: string; slots: number; running: number; position: number };

/** For a QUEUED execution: the limit it waits for (the first that is full), and its place in that limit's queue. */
export async function queuedReason(tdb: TenantDb, e: Execution): Promise<QueuedReason | null> {
  if (e.state !== "QUEUED") return null;
  await prepareTenant(e.tenantId);
  // reads only: the tenant-bound client's models are those of a transaction
  const reader = tdb as unknown as Tx;
  const limits = await limitsOf(reader, e);
  let first: QueuedReason | null = null;
  for (const l of limits) {
    const [running, before] = await Promise.all([holding(reader, l, e.tenantId), ahead(reader, l, e)]);
    const reason = { limit: l.limit, scope: l.scope, slots: l.max, running, position: before + 1 };
    if (running + before >= l.max) return reason;
    first ??= reason;
  }
  return first;
}
