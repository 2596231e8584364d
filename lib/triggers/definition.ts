import { flow as flowEntry, schedule as scheduleEntry, webhook as webhookEntry } from "@/lib/flows/validation/catalogue/trigger";
import type { Condition } from "./conditions";
import type { FlowTriggerDefinition } from "./flow-conditions";
import { Schedule } from "./cron";

// A flow's Schedule triggers as the scheduler reads them from the flow's parsed YAML, and its
// Webhook triggers as the webhook route reads them.

export const SCHEDULE_TYPES: readonly string[] = [scheduleEntry.type, ...(scheduleEntry.aliases ?? [])];
export const WEBHOOK_TYPES: readonly string[] = [webhookEntry.type, ...(webhookEntry.aliases ?? [])];
export const FLOW_TYPES: readonly string[] = [flowEntry.type, ...(flowEntry.aliases ?? [])];

export type RecoverMissed = "ALL" | "LAST" | "NONE";

export type ScheduleDefinition = {
  id: string;
  type: string;
  cron: string;
  withSeconds?: boolean;
  timezone?: string;
  inputs?: Record<string, unknown>;
  labels?: Record<string, unknown> | { key: string; value: unknown }[];
  recoverMissedSchedules?: RecoverMissed;
  lateMaximumDelay?: string;
  stopAfter?: string[];
  conditions?: Condition[];
  backfill?: { start?: string; end?: string; inputs?: Record<string, unknown>; labels?: unknown };
  disabled?: boolean;
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** The Schedule triggers of a parsed flow (others, and malformed entries the validator let through as expressions, are left out). */
export function scheduleTriggers(flow: Record<string, unknown>): ScheduleDefinition[] {
  const triggers = Array.isArray(flow.triggers) ? flow.triggers : [];
  return triggers.filter(
    (t): t is ScheduleDefinition => isObject(t) && typeof t.id === "string" && typeof t.type === "string" && SCHEDULE_TYPES.includes(t.type) && typeof t.cron === "string",
  );
}

export type WebhookDefinition = {
  id: string;
  type: string;
  /** the secret part of the URL; may be an expression (rendered with the flow's context) */
  key: string;
  inputs?: Record<string, unknown>;
  wait?: boolean | string;
  returnOutputs?: boolean | string;
  /** STORE: a bytes body goes to the internal storage (`trigger.uri`) instead of `trigger.body` */
  fetchType?: string;
  /** the media type of a `returnOutputs` answer */
  responseContentType?: string;
  conditions?: Condition[];
  disabled?: boolean;
};

/** The Webhook triggers of a parsed flow (entries without a string key are left out). */
export function webhookTriggers(flow: Record<string, unknown>): WebhookDefinition[] {
  const triggers = Array.isArray(flow.triggers) ? flow.triggers : [];
  return triggers.filter(
    (t): t is WebhookDefinition => isObject(t) && typeof t.id === "string" && typeof t.type === "string" && WEBHOOK_TYPES.includes(t.type) && typeof t.key === "string",
  );
}

/** The Flow triggers of a parsed flow: the executor finds them through their rows when an execution ends. */
export function flowTriggers(flow: Record<string, unknown>): FlowTriggerDefinition[] {
  const triggers = Array.isArray(flow.triggers) ? flow.triggers : [];
  return triggers.filter((t): t is FlowTriggerDefinition => isObject(t) && typeof t.id === "string" && typeof t.type === "string" && FLOW_TYPES.includes(t.type));
}

/** The triggers that have a row of their own (disabled and enabled through the API): Schedules, Webhooks and Flow triggers. */
export function storedTriggers(flow: Record<string, unknown>): (ScheduleDefinition | WebhookDefinition | FlowTriggerDefinition)[] {
  return [...scheduleTriggers(flow), ...webhookTriggers(flow), ...flowTriggers(flow)];
}

/** The cron of a Schedule trigger; null when it cannot be read (an expression in `cron`, an unknown timezone). */
export function scheduleOf(def: ScheduleDefinition): Schedule | null {
  if (typeof def.cron !== "string") return null;
  try {
    return new Schedule({ cron: def.cron, withSeconds: def.withSeconds === true || (def.withSeconds as unknown) === "true", timezone: def.timezone });
  } catch {
    return null;
  }
}

/** What recovery after downtime does; ALL by default, as the orchestrator's documentation says. */
export const recoverOf = (def: ScheduleDefinition): RecoverMissed => def.recoverMissedSchedules ?? "ALL";

/** The parts of a definition whose change makes the schedule start over from now. */
export const timingOf = (def: ScheduleDefinition | WebhookDefinition | FlowTriggerDefinition) =>
  "cron" in def ? JSON.stringify([def.cron, def.withSeconds ?? false, def.timezone ?? null, def.disabled === true]) : JSON.stringify([def.disabled === true]);
