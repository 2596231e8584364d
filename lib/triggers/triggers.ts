import "server-only";
import type { TenantContext } from "../authz/context";
import { type Paging, skipTake } from "../api/paging";
import { audit } from "../audit/write";
import type { Prisma } from "../db";
import { invalid, notFound } from "../errors";
import { SCHEDULE_TYPES, type ScheduleDefinition, scheduleOf } from "./definition";
import { type BackfillInput, backfillInput } from "./schemas";

// Triggers as users see them (the API, the CLI): the list of a tenant's Schedule triggers with
// their next and last dates, and the changes the orchestrator's API offers (disable, enable,
// unlock a stuck trigger, backfill). Reading needs FLOW:READ in the flow's namespace, a change
// FLOW:UPDATE; a trigger the caller may not read is not there (404). Every change is audited.

export type TriggerView = {
  namespace: string;
  flowId: string;
  triggerId: string;
  type: string;
  nextExecutionDate: Date | null;
  date: Date | null;
  executionId: string | null;
  disabled: boolean;
  locked: boolean;
  lockedBy: string | null;
  lockedUntil: Date | null;
  backfill: { start: Date; end: Date | null; currentDate: Date | null; paused: boolean } | null;
  updated: Date;
};

type Row = Prisma.TriggerGetPayload<object>;

function toView(r: Row, now = new Date()): TriggerView {
  return {
    namespace: r.namespace,
    flowId: r.flowId,
    triggerId: r.triggerId,
    type: r.type,
    nextExecutionDate: r.disabled ? null : r.nextDate,
    date: r.lastDate,
    executionId: r.executionId,
    disabled: r.disabled,
    locked: !!r.lockedUntil && r.lockedUntil > now,
    lockedBy: r.lockedBy,
    lockedUntil: r.lockedUntil,
    backfill: r.backfillStart ? { start: r.backfillStart, end: r.backfillEnd, currentDate: r.backfillCurrent, paused: r.backfillPaused } : null,
    updated: r.updatedAt,
  };
}

export type TriggerFilters = { namespace?: string; flowId?: string };

async function searchTriggers(ctx: TenantContext, f: TriggerFilters, paging: Paging) {
  const scope = ctx.scope("FLOW", "READ");
  const empty = { results: [] as TriggerView[], rows: [] as Row[], total: 0, page: paging.page, size: paging.size };
  if (!scope.all && scope.prefixes.length === 0) return empty;
  const tree = (ns: string): Prisma.TriggerWhereInput[] => [{ namespace: ns }, { namespace: { startsWith: `${ns}.` } }];
  const and: Prisma.TriggerWhereInput[] = [{ flow: { deleted: false } }];
  if (!scope.all) and.push({ OR: scope.prefixes.flatMap(tree) });
  if (f.namespace) and.push({ OR: tree(f.namespace) });
  if (f.flowId) and.push({ flowId: f.flowId });
  const where = { AND: and };
  const [rows, total] = await Promise.all([
    ctx.db.trigger.findMany({ where, orderBy: [{ namespace: "asc" }, { flowId: "asc" }, { triggerId: "asc" }], ...skipTake(paging) }),
    ctx.db.trigger.count({ where }),
  ]);
  return { results: rows.map((r) => toView(r)), rows, total, page: paging.page, size: paging.size };
}

/** A page of the triggers the caller may read (FLOW:READ), the readable namespaces in the query, of flows that are not deleted. */
export async function listTriggers(ctx: TenantContext, f: TriggerFilters, paging: Paging) {
  const { rows: _rows, ...page } = await searchTriggers(ctx, f, paging);
  return page;
}

export type TriggerDetail = TriggerView & { cron: string | null; timezone: string | null };

/** The same page for the browser, with each Schedule's cron and timezone (UTC when unset). */
export async function listTriggerDetails(ctx: TenantContext, f: TriggerFilters, paging: Paging) {
  const { rows, ...page } = await searchTriggers(ctx, f, paging);
  const results: TriggerDetail[] = rows.map((r) => {
    const def = JSON.parse(r.definition) as ScheduleDefinition;
    return { ...toView(r), cron: typeof def.cron === "string" ? def.cron : null, timezone: typeof def.timezone === "string" ? def.timezone : "UTC" };
  });
  return { ...page, results };
}

export type TriggerKey = { namespace: string; flowId: string; triggerId: string };

const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,149}$/;
const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;
const TRIGGER_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/;

/** One trigger for a change: FLOW:READ to see it at all (else 404), then FLOW:UPDATE (else 403). */
async function loadForUpdate(ctx: TenantContext, key: TriggerKey): Promise<Row> {
  if (!NAMESPACE.test(key.namespace) || !FLOW_ID.test(key.flowId) || !TRIGGER_ID.test(key.triggerId) || !ctx.can("FLOW", "READ", key.namespace)) {
    throw notFound("Trigger not found");
  }
  ctx.require("FLOW", "UPDATE", key.namespace);
  const row = await ctx.db.trigger.findFirst({ where: { namespace: key.namespace, flowId: key.flowId, triggerId: key.triggerId, flow: { deleted: false } } });
  if (!row) throw notFound("Trigger not found");
  return row;
}

type Change = { action: "UPDATE"; what: string; data: Prisma.TriggerUpdateManyMutationInput };

/** Applies a change to one trigger with its audit entry, in one transaction. */
async function change(ctx: TenantContext, key: TriggerKey, row: Row, c: Change): Promise<TriggerView> {
  return ctx.db.$transaction(async (tx) => {
    await tx.trigger.updateMany({ where: { id: row.id }, data: c.data });
    const after = await tx.trigger.findFirstOrThrow({ where: { id: row.id } });
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: c.action,
      resourceType: "TRIGGER",
      resourceId: `${key.namespace}.${key.flowId}.${key.triggerId}`,
      namespace: key.namespace,
      before: { change: c.what, ...summary(row) },
      after: { change: c.what, ...summary(after) },
    });
    return toView(after);
  });
}

const summary = (r: Row) => ({
  disabled: r.disabled,
  nextDate: r.nextDate,
  lockedBy: r.lockedBy,
  backfill: r.backfillStart ? { start: r.backfillStart, end: r.backfillEnd, current: r.backfillCurrent, paused: r.backfillPaused } : null,
});

/** Disables or enables a trigger without editing its flow; enabled again, it starts over from now (no flood of missed dates). */
export async function setTriggerDisabled(ctx: TenantContext, key: TriggerKey, disabled: boolean, now = new Date()): Promise<TriggerView> {
  const row = await loadForUpdate(ctx, key);
  if (row.disabled === disabled) return toView(row);
  const def = JSON.parse(row.definition) as ScheduleDefinition;
  const nextDate = disabled || def.disabled === true ? row.nextDate : (scheduleOf(def)?.next(now) ?? null);
  return change(ctx, key, row, { action: "UPDATE", what: disabled ? "disable" : "enable", data: { disabled, nextDate } });
}

/** Releases a stuck trigger's lock (a scheduler that died while firing it). */
export async function unlockTrigger(ctx: TenantContext, key: TriggerKey): Promise<TriggerView> {
  const row = await loadForUpdate(ctx, key);
  return change(ctx, key, row, { action: "UPDATE", what: "unlock", data: { lockedBy: null, lockedUntil: null } });
}

/** Sets a backfill: every date of the cron from start to end (now by default) fires, in order, a few per scheduler pass. */
export async function setBackfill(ctx: TenantContext, key: TriggerKey, input: BackfillInput, now = new Date()): Promise<TriggerView> {
  const parsed = backfillInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid backfill", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  const row = await loadForUpdate(ctx, key);
  if (!SCHEDULE_TYPES.includes(row.type)) throw invalid("Only a Schedule trigger has dates to backfill", [{ path: "triggerId", message: "not a Schedule trigger" }]);
  const start = new Date(parsed.data.start);
  const end = parsed.data.end ? new Date(parsed.data.end) : now;
  if (end < start) throw invalid("Invalid backfill", [{ path: "end", message: "end must not be before start" }]);
  return change(ctx, key, row, {
    action: "UPDATE",
    what: "backfill",
    data: {
      backfillStart: start,
      backfillEnd: end,
      backfillCurrent: start,
      backfillPaused: false,
      backfillInputs: parsed.data.inputs ? JSON.stringify(parsed.data.inputs) : null,
      backfillLabels: parsed.data.labels ? JSON.stringify(parsed.data.labels) : null,
    },
  });
}

/** Pauses or resumes a running backfill (404 when the trigger has none). */
export async function pauseBackfill(ctx: TenantContext, key: TriggerKey, paused: boolean): Promise<TriggerView> {
  const row = await loadForUpdate(ctx, key);
  if (!row.backfillStart) throw notFound("The trigger has no backfill");
  return change(ctx, key, row, { action: "UPDATE", what: paused ? "pause backfill" : "unpause backfill", data: { backfillPaused: paused } });
}

/** Removes a trigger's backfill (the dates it fired stay fired). */
export async function deleteBackfill(ctx: TenantContext, key: TriggerKey): Promise<TriggerView> {
  const row = await loadForUpdate(ctx, key);
  if (!row.backfillStart) throw notFound("The trigger has no backfill");
  return change(ctx, key, row, {
    action: "UPDATE",
    what: "delete backfill",
    data: { backfillStart: null, backfillEnd: null, backfillCurrent: null, backfillPaused: false, backfillInputs: null, backfillLabels: null },
  });
}
