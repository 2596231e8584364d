import type { Tx } from "@/lib/db";
import { type ScheduleDefinition, type WebhookDefinition, scheduleOf, storedTriggers, timingOf } from "./definition";
import type { FlowTriggerDefinition } from "./flow-conditions";

// The Trigger rows follow the flow's saves, inside the save's own transaction (a tenant-bound
// one): a new Schedule gets a row whose next date is the first after now, a changed cron (or
// timezone, or `disabled`) starts over from now, a removed one loses its row, and so does a deleted
// flow. A disabled flow keeps its rows without a next date; enabled again, it starts over from now.
// A Webhook or Flow trigger has a row too (never a next date), so that it can be disabled through the
// API, and so that an ending execution finds the Flow triggers of its tenant by type.

type FlowWrite = { namespace: string; flowId: string; flow: Record<string, unknown> | null; disabled?: boolean };

type Stored = ScheduleDefinition | WebhookDefinition | FlowTriggerDefinition;
const parse = (text: string): Stored => JSON.parse(text) as Stored;
const isSchedule = (def: Stored): def is ScheduleDefinition => "cron" in def;

function firstAfter(def: Stored, now: Date): Date | null {
  return def.disabled === true || !isSchedule(def) ? null : (scheduleOf(def)?.next(now) ?? null);
}

/** The backfill a Schedule's YAML asks for (the orchestrator's deprecated `backfill` property). */
function backfillOf(def: Stored, now: Date) {
  if (!isSchedule(def)) return {};
  const start = def.backfill?.start ? new Date(def.backfill.start) : null;
  if (!start || Number.isNaN(start.getTime())) return {};
  const end = def.backfill?.end ? new Date(def.backfill.end) : now;
  return { backfillStart: start, backfillCurrent: start, backfillEnd: Number.isNaN(end.getTime()) ? now : end, backfillPaused: false };
}

export async function syncFlowTriggers(tx: Tx, tenantId: string, write: FlowWrite, now = new Date()) {
  const { namespace, flowId } = write;
  const defs = write.flow ? storedTriggers(write.flow) : [];
  const rows = await tx.trigger.findMany({ where: { namespace, flowId }, select: { id: true, triggerId: true, definition: true, nextDate: true } });
  const kept = new Set(defs.map((d) => d.id));
  const gone = rows.filter((r) => !kept.has(r.triggerId)).map((r) => r.id);
  if (gone.length) await tx.trigger.deleteMany({ where: { id: { in: gone } } });
  if (!write.flow) return;
  const running = write.disabled !== true;
  const byId = new Map(rows.map((r) => [r.triggerId, r]));
  for (const def of defs) {
    const definition = JSON.stringify(def);
    const row = byId.get(def.id);
    if (!row) {
      await tx.trigger.create({
        data: { tenantId, namespace, flowId, triggerId: def.id, type: def.type, definition, nextDate: running ? firstAfter(def, now) : null, ...backfillOf(def, now) },
      });
      continue;
    }
    const retimed = timingOf(parse(row.definition)) !== timingOf(def);
    const nextDate = !running ? null : retimed || row.nextDate === null ? firstAfter(def, now) : row.nextDate;
    if (row.definition !== definition || nextDate?.getTime() !== row.nextDate?.getTime()) {
      await tx.trigger.update({ where: { id: row.id }, data: { type: def.type, definition, nextDate } });
    }
  }
}
