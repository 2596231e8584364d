import type { Actor } from "@/lib/authz/actor";
import { type TenantContext, buildContext } from "@/lib/authz/context";
import { isPostgres } from "@/lib/config";
import { db, tenantDb } from "@/lib/db";
import { parseIsoDuration } from "@/lib/duration";
import { prepareExecution, writeNewExecution } from "@/lib/executions/executions";
import { CHANNELS, onExecutionEnded } from "@/lib/executions/store";
import type { Execution } from "@/lib/executions/types";
import { wake } from "@/lib/executions/wakeup";
import { render } from "@/lib/expressions";
import { normaliseLabels } from "@/lib/flows/validation/labels";
import { zonedIso } from "./condition-dates";
import { ConditionError, scheduleConditionsHold } from "./conditions";
import type { Schedule } from "./cron";
import { type ScheduleDefinition, recoverOf, scheduleOf } from "./definition";

// The scheduler's part for Schedule triggers (instance-level: finding due triggers reads across
// tenants through the raw client, as the work queue does; eslint.config.mjs lists this module).
// A due trigger is locked by one scheduler (lockedBy/lockedUntil), then each date fires in a
// transaction of its tenant that moves the trigger's date on only if it is still the one read
// (compare-and-set) and creates the execution: however many schedulers run, a date fires once.

/** A date found later than this is "missed" (downtime: recoverMissedSchedules decides); a date found
 * sooner is on time, however frequent the cron (a pass a second late must not skip a second's date). */
export const MISSED_AFTER_MS = 60_000;

export type FireOptions = { schedulerId: string; now?: Date; limit?: number; perTrigger?: number; lockMs?: number; parallel?: number };

type Row = {
  id: string;
  tenantId: string;
  namespace: string;
  flowId: string;
  triggerId: string;
  definition: string;
  nextDate: Date | null;
  backfillCurrent: Date | null;
  backfillEnd: Date | null;
  backfillPaused: boolean;
  backfillInputs: string | null;
  backfillLabels: string | null;
};

const schedulerActor = (): Actor => ({
  userId: null,
  username: "scheduler",
  displayName: "Scheduler",
  superadmin: false,
  canCreateTenant: false,
  via: "engine",
  system: true,
});

const contextOf = (tenantId: string): TenantContext => buildContext(schedulerActor(), { id: tenantId, name: tenantId, description: "" }, []);

/** What one step of a trigger does: fire a date (or skip it), and where its dates go next. */
type Plan =
  | { kind: "schedule"; fire: Date | null; nextDate: Date | null }
  | { kind: "backfill"; fire: Date | null; backfillCurrent: Date | null; done: boolean };

/** The next step of a due trigger at `now`, or null when nothing is due. A pure function of its row. */
export function planStep(def: ScheduleDefinition, sched: Schedule, row: Pick<Row, "nextDate" | "backfillCurrent" | "backfillEnd" | "backfillPaused">, now: Date): Plan | null {
  if (row.nextDate && row.nextDate <= now) {
    const date = row.nextDate;
    const after = sched.next(date);
    const late = now.getTime() - date.getTime();
    const lateMax = def.lateMaximumDelay ? parseIsoDuration(def.lateMaximumDelay) : null;
    const missed = late > MISSED_AFTER_MS;
    if (!missed) return { kind: "schedule", fire: lateMax !== null && late > lateMax ? null : date, nextDate: after };
    switch (recoverOf(def)) {
      case "NONE":
        return { kind: "schedule", fire: null, nextDate: sched.next(now) };
      case "LAST": {
        const last = sched.previous(new Date(now.getTime() + 1)) ?? date;
        return { kind: "schedule", fire: last, nextDate: sched.next(last) };
      }
      default:
        return { kind: "schedule", fire: lateMax !== null && late > lateMax ? null : date, nextDate: after };
    }
  }
  if (row.backfillCurrent && !row.backfillPaused) {
    const end = row.backfillEnd ?? now;
    const date = sched.next(new Date(row.backfillCurrent.getTime() - 1));
    if (!date || date > end) return { kind: "backfill", fire: null, backfillCurrent: null, done: true };
    if (date > now) return null;
    return { kind: "backfill", fire: date, backfillCurrent: new Date(date.getTime() + 1), done: false };
  }
  return null;
}

/** Renders a condition's property against variables, for the conditions evaluator. */
export const renderWith = (variables: Record<string, unknown>) => async (template: string) => (await render(template, variables)).output;

/**
 * A Schedule's conditions on one date (the date conditions, Not, Or, ExpressionCondition; the
 * orchestrator ignores the others on a schedule). They read `trigger.date` (and `schedule.date`) in
 * the trigger's time zone, as the orchestrator renders them: a DayWeek at midnight in Paris is
 * Paris's day. Throws a ConditionError when one cannot be evaluated.
 */
export async function scheduleConditionsPass(def: Pick<ScheduleDefinition, "conditions" | "timezone">, dates: ScheduleDates, flow: Record<string, unknown>): Promise<boolean> {
  if (!def.conditions?.length) return true;
  const zoned = Object.fromEntries(Object.entries(dates).map(([k, v]) => [k, v ? zonedIso(new Date(v), def.timezone) : v]));
  return scheduleConditionsHold(def.conditions, { render: renderWith({ trigger: zoned, schedule: zoned, flow }) });
}

type ScheduleDates = { date: string; next: string | null; previous: string | null };

/** The trigger's inputs with their expressions rendered against the date's variables (`{{ trigger.date }}`), as the orchestrator does. */
export async function renderedInputs(inputs: Record<string, unknown>, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const walk = async (value: unknown): Promise<unknown> => {
    if (typeof value === "string") return value.includes("{{") || value.includes("{%") ? (await render(value, variables)).output : value;
    if (Array.isArray(value)) return Promise.all(value.map(walk));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await walk(v);
      return out;
    }
    return value;
  };
  return (await walk(inputs)) as Record<string, unknown>;
}

/** Trigger labels as a list, the orchestrator's map or list forms both read. */
export function labelList(value: unknown): { key: string; value: string }[] {
  return Object.entries(normaliseLabels(value)).map(([key, v]) => ({ key, value: v }));
}

/** Fires the due Schedule triggers of every tenant; answers how many executions it created. */
export async function fireDueSchedules(opts: FireOptions): Promise<number> {
  const now = opts.now ?? new Date();
  const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
  const rows = await db.trigger.findMany({
    where: {
      disabled: false,
      flow: { deleted: false, disabled: false },
      AND: [{ OR: [{ nextDate: { lte: now } }, { backfillCurrent: { lte: now }, backfillPaused: false }] }, free],
    },
    orderBy: { nextDate: "asc" },
    take: opts.limit ?? 100,
    select: { id: true, tenantId: true },
  });
  if (rows.length === 0) return 0;
  const deleted = new Set(
    (await db.tenant.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.tenantId))] }, deleted: true }, select: { id: true } })).map((t) => t.id),
  );
  let fired = 0;
  // a few triggers at once on PostgreSQL (each is its own lock and transactions); SQLite writes one at a time
  const due = rows.filter((r) => !deleted.has(r.tenantId));
  let next = 0;
  const lane = async () => {
    while (next < due.length) {
      const r = due[next++];
      const n = await fireTrigger(r.tenantId, r.id, now, opts);
      fired += n;
    }
  };
  await Promise.all(Array.from({ length: Math.min(due.length, opts.parallel ?? (isPostgres() ? 4 : 1)) }, lane));
  if (fired) wake(CHANNELS.executor);
  return fired;
}

/** Locks one trigger, fires its due dates (at most `perTrigger`), and lets it go. */
async function fireTrigger(tenantId: string, id: string, now: Date, opts: FireOptions): Promise<number> {
  const tdb = tenantDb(tenantId);
  const lockedUntil = new Date(now.getTime() + (opts.lockMs ?? 60_000));
  const claimed = await tdb.trigger.updateMany({
    where: { id, disabled: false, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedBy: opts.schedulerId, lockedUntil },
  });
  if (claimed.count !== 1) return 0;
  let fired = 0;
  try {
    for (let i = 0; i < (opts.perTrigger ?? 10); i++) {
      const row = await tdb.trigger.findFirst({ where: { id, lockedBy: opts.schedulerId, disabled: false } });
      if (!row) break;
      const def = JSON.parse(row.definition) as ScheduleDefinition;
      const sched = scheduleOf(def);
      if (!sched) {
        await tdb.trigger.updateMany({ where: { id, nextDate: row.nextDate }, data: { nextDate: null } });
        break;
      }
      const plan = planStep(def, sched, row, now);
      if (!plan) break;
      const created = await applyPlan(tenantId, row, def, sched, plan, opts.schedulerId);
      if (created === null) break;
      fired += created;
    }
  } finally {
    await tdb.trigger.updateMany({ where: { id, lockedBy: opts.schedulerId }, data: { lockedBy: null, lockedUntil: null } });
  }
  return fired;
}

/** One step in one transaction: the compare-and-set of the trigger's date, and the execution. Null when the date moved on meanwhile. */
async function applyPlan(tenantId: string, row: Row, def: ScheduleDefinition, sched: Schedule, plan: Plan, schedulerId: string): Promise<number | null> {
  const ctx = contextOf(tenantId);
  let execution: Execution | null = null;
  if (plan.fire) {
    const date = plan.fire;
    const variables = {
      date: date.toISOString(),
      next: sched.next(date)?.toISOString() ?? null,
      previous: sched.previous(date)?.toISOString() ?? null,
    };
    const flow = { id: row.flowId, namespace: row.namespace, tenantId };
    const backfill = plan.kind === "backfill";
    let pass = false;
    try {
      pass = await scheduleConditionsPass(def, variables, flow);
    } catch (e) {
      // a condition that cannot be evaluated (a bad date, an unknown country): the date passes, said once
      if (!(e instanceof ConditionError)) throw e;
      process.stderr.write(`tenantflow scheduler: ${row.namespace}.${row.flowId} trigger ${row.triggerId} at ${date.toISOString()}: ${e.message}\n`);
    }
    if (pass) {
      try {
        execution = await prepareExecution(ctx, {
          namespace: row.namespace,
          flowId: row.flowId,
          inputs: await renderedInputs({ ...(def.inputs ?? {}), ...(backfill && row.backfillInputs ? JSON.parse(row.backfillInputs) : {}) }, { trigger: variables, flow }),
          labels: [...labelList(def.labels), ...(backfill && row.backfillLabels ? labelList(JSON.parse(row.backfillLabels)) : [])],
          trigger: { kind: "schedule", id: row.triggerId, variables: backfill ? { ...variables, backfill: true } : variables },
        });
      } catch (e) {
        // a flow its trigger cannot start (inputs refused, flow gone): the date passes, said once
        process.stderr.write(`tenantflow scheduler: ${row.namespace}.${row.flowId} trigger ${row.triggerId} at ${date.toISOString()}: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
  }
  return ctx.db.$transaction(async (tx) => {
    const data =
      plan.kind === "schedule"
        ? { nextDate: plan.nextDate, ...(plan.fire ? { lastDate: plan.fire } : {}) }
        : plan.done
          ? { backfillStart: null, backfillEnd: null, backfillCurrent: null, backfillPaused: false, backfillInputs: null, backfillLabels: null }
          : { backfillCurrent: plan.backfillCurrent };
    const moved = await tx.trigger.updateMany({
      where: { id: row.id, lockedBy: schedulerId, ...(plan.kind === "schedule" ? { nextDate: row.nextDate } : { backfillCurrent: row.backfillCurrent }) },
      data: { ...data, ...(execution ? { executionId: execution.id } : {}) },
    });
    if (moved.count !== 1) return null;
    if (!execution) return 0;
    await writeNewExecution(tx, ctx, execution);
    return 1;
  });
}

/** stopAfter: an execution a Schedule started that ends in one of the listed states disables the trigger, in the same transaction. */
onExecutionEnded(async (tx, execution) => {
  const trigger = execution.trigger;
  if (trigger?.kind !== "schedule" || !trigger.id) return;
  const row = await tx.trigger.findFirst({ where: { namespace: execution.namespace, flowId: execution.flowId, triggerId: trigger.id }, select: { id: true, definition: true } });
  if (!row) return;
  const stopAfter = (JSON.parse(row.definition) as ScheduleDefinition).stopAfter ?? [];
  if (stopAfter.includes(execution.state)) await tx.trigger.update({ where: { id: row.id }, data: { disabled: true } });
});
