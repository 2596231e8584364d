import "server-only";
import { parse } from "yaml";
import type { TenantContext } from "@/lib/authz/context";
import { SCHEDULE_TYPES } from "@/lib/triggers/definition";
import type { TriggerDetail } from "@/lib/triggers/triggers";
import type { TriggerRow } from "./triggers-table";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Why the user may not change a trigger of this namespace (null when they may). */
export const triggerRefusal = (ctx: TenantContext, namespace: string) =>
  ctx.can("FLOW", "UPDATE", namespace) ? null : `Changing a trigger needs FLOW:UPDATE in namespace ${namespace}.`;

/** A stored trigger's row for the browser: a Schedule with its dates and backfill; a Webhook or Flow trigger "fires on events". */
export function toTriggerRow(ctx: TenantContext, t: TriggerDetail): TriggerRow {
  const schedule = SCHEDULE_TYPES.includes(t.type);
  return {
    namespace: t.namespace,
    flowId: t.flowId,
    triggerId: t.triggerId,
    type: t.type,
    schedule,
    stored: true,
    cron: schedule ? t.cron : null,
    timezone: schedule ? t.timezone : null,
    nextExecutionDate: iso(t.nextExecutionDate),
    date: iso(t.date),
    disabled: t.disabled,
    locked: t.locked,
    lockedBy: t.lockedBy,
    backfill: t.backfill
      ? { start: t.backfill.start.toISOString(), end: iso(t.backfill.end), currentDate: iso(t.backfill.currentDate), paused: t.backfill.paused }
      : null,
    refusal: triggerRefusal(ctx, t.namespace),
  };
}

/** A flow's triggers in its YAML's order: a Schedule with its row's state, any other type as "fires on events". */
export function flowTriggerRows(ctx: TenantContext, namespace: string, flowId: string, source: string, schedules: TriggerDetail[]): TriggerRow[] {
  let declared: unknown[] = [];
  try {
    const doc = parse(source, { uniqueKeys: false }) as { triggers?: unknown } | null;
    declared = Array.isArray(doc?.triggers) ? doc.triggers : [];
  } catch {
    declared = [];
  }
  const byId = new Map(schedules.filter((s) => s.namespace === namespace && s.flowId === flowId).map((s) => [s.triggerId, s]));
  const rows: TriggerRow[] = [];
  for (const t of declared) {
    if (!t || typeof t !== "object") continue;
    const { id, type } = t as { id?: unknown; type?: unknown };
    if (typeof id !== "string" || typeof type !== "string") continue;
    const row = byId.get(id);
    if (row) {
      rows.push(toTriggerRow(ctx, row));
      byId.delete(id);
    } else if (!SCHEDULE_TYPES.includes(type)) {
      rows.push({
        namespace,
        flowId,
        triggerId: id,
        type,
        schedule: false,
        stored: false,
        cron: null,
        timezone: null,
        nextExecutionDate: null,
        date: null,
        disabled: (t as { disabled?: unknown }).disabled === true,
        locked: false,
        lockedBy: null,
        backfill: null,
        refusal: triggerRefusal(ctx, namespace),
      });
    }
  }
  for (const rest of byId.values()) rows.push(toTriggerRow(ctx, rest));
  return rows;
}
