import { parseIsoDuration } from "@/lib/duration";
import { safeRegex } from "@/lib/expressions/filters/input";
import { type Condition, ConditionError, conditionHolds as holds, kindOf } from "./conditions";

export { namespaceMatches } from "./conditions";
export type { Condition } from "./conditions";

// What a Flow trigger asks of an ending execution, as pure functions: its `states`, its plain
// conditions (ExecutionFlow, ExecutionStatus, ExecutionNamespace, ExpressionCondition), and its
// window conditions (MultipleCondition, `preconditions`, `dependsOn`), whose named sub-conditions
// may be met by different executions within one time window. The window's state is the caller's
// to keep (lib/triggers/flow-triggers.ts); here it goes in and comes out as plain values.

export type SourceExecution = {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: string;
  labels: { key: string; value: string }[];
  outputs: Record<string, unknown> | null;
  /** the states of each task run's attempts (HasRetryAttempt), read when asked */
  attemptStates?: () => Promise<string[][]>;
};


export type TimeWindow = {
  type?: "DURATION_WINDOW" | "SLIDING_WINDOW" | "DAILY_TIME_DEADLINE" | "DAILY_TIME_WINDOW";
  window?: string;
  windowAdvance?: string;
  deadline?: string;
  startTime?: string;
  endTime?: string;
};

export type UpstreamFlow = { namespace?: string; flowId?: string; states?: string[]; labels?: Record<string, unknown> | { key: string; value: unknown }[]; when?: string };
export type WhereFilter = { field: string; type: string; value?: unknown; values?: unknown[] };
export type Where = { id: string; operand?: "AND" | "OR"; filters: WhereFilter[] };
export type Preconditions = { id?: string; flows?: UpstreamFlow[]; where?: Where[]; timeWindow?: TimeWindow; resetOnSuccess?: boolean };

export type FlowTriggerDefinition = {
  id: string;
  type: string;
  inputs?: Record<string, unknown>;
  labels?: Record<string, unknown> | { key: string; value: unknown }[];
  states?: string[];
  conditions?: Condition[];
  preconditions?: Preconditions;
  dependsOn?: UpstreamFlow[];
  window?: TimeWindow;
  mode?: "ALL" | "ANY" | "AT_LEAST";
  minSatisfied?: number | string;
  disabled?: boolean;
};

/** Renders a condition's expression against the variables; answers whether it rendered "true". */
export type ExpressionTest = (expression: string) => Promise<boolean>;
/** Renders a condition's property against the trigger's variables (a date condition's `date`); throws on a bad expression. */
export type Render = (template: string) => Promise<string>;

const noRender: Render = async () => {
  throw new Error("no variables to render against");
};

/** One sub-condition of a window condition: met by an execution or not. */
type SubCondition = (e: SourceExecution, test: ExpressionTest, render?: Render) => Promise<boolean>;

/** A condition met across executions: named sub-conditions, `needed` of them within one window. */
export type WindowCondition = { id: string; subs: Map<string, SubCondition>; needed: number; timeWindow: TimeWindow; resetOnSuccess: boolean };

const TERMINAL = ["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRIED", "SKIPPED"];

/** The trigger's `states`: by default every terminal state (the executions it hears of have all ended). */
export const statesHold = (def: Pick<FlowTriggerDefinition, "states">, e: SourceExecution) => (def.states?.length ? def.states : TERMINAL).includes(e.state);

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** A plain (not window) condition: whether the ending execution meets it. One that cannot be evaluated (a bad date, an unknown country) is not met. */
export async function conditionHolds(c: Condition, e: SourceExecution, test: ExpressionTest, render: Render = noRender): Promise<boolean> {
  try {
    return await holds(c, { render, execution: e, expression: test });
  } catch (err) {
    if (err instanceof ConditionError) return false;
    throw err;
  }
}

/** Like conditionHolds, but says why a condition cannot be evaluated (the executor logs it). */
export async function conditionVerdict(c: Condition, e: SourceExecution, test: ExpressionTest, render: Render): Promise<true | false | { error: string }> {
  try {
    return await holds(c, { render, execution: e, expression: test });
  } catch (err) {
    if (err instanceof ConditionError) return { error: err.message };
    throw err;
  }
}

const labelPairs = (labels: UpstreamFlow["labels"]): [string, string][] =>
  Array.isArray(labels) ? labels.map((l) => [String(l.key), String(l.value)]) : Object.entries(labels ?? {}).map(([k, v]) => [k, String(v)]);

/** One upstream flow of `preconditions.flows` or `dependsOn`: each given field narrows it. */
export function upstreamMatches(f: UpstreamFlow, e: SourceExecution): boolean {
  if (f.namespace !== undefined && f.namespace !== null && String(f.namespace) !== e.namespace) return false;
  if (f.flowId !== undefined && f.flowId !== null && String(f.flowId) !== e.flowId) return false;
  if (f.states?.length && !f.states.includes(e.state)) return false;
  const have = new Map(e.labels.map((l) => [l.key, l.value]));
  return labelPairs(f.labels).every(([k, v]) => have.get(k) === v);
}

const REFUSE = { fail: (message: string): never => { throw new Error(message); } } as unknown as Parameters<typeof safeRegex>[1];

/** One filter of `preconditions.where` on FLOW_ID, NAMESPACE, STATE or EXPRESSION. */
export async function filterHolds(f: WhereFilter, e: SourceExecution, test: ExpressionTest): Promise<boolean> {
  if (f.field === "EXPRESSION") {
    const holds = typeof f.value === "string" ? await test(f.value) : f.value === true;
    return f.type === "IS_FALSE" ? !holds : holds;
  }
  const actual = f.field === "FLOW_ID" ? e.flowId : f.field === "NAMESPACE" ? e.namespace : f.field === "STATE" ? e.state : undefined;
  const value = str(f.value);
  const values = (f.values ?? (Array.isArray(f.value) ? f.value : value !== undefined ? [value] : [])).map(String);
  switch (f.type) {
    case "EQUAL_TO":
      return actual === value;
    case "NOT_EQUAL_TO":
      return actual !== value;
    case "IN":
      return actual !== undefined && values.includes(actual);
    case "NOT_IN":
      return actual === undefined || !values.includes(actual);
    case "STARTS_WITH":
      return actual !== undefined && value !== undefined && actual.startsWith(value);
    case "ENDS_WITH":
      return actual !== undefined && value !== undefined && actual.endsWith(value);
    case "CONTAINS":
      return actual !== undefined && value !== undefined && actual.includes(value);
    case "REGEX":
      // a user's pattern run by the executor: the shapes that backtrack without end are refused, as in expressions
      try {
        return actual !== undefined && value !== undefined && safeRegex(`^(?:${value})$`, REFUSE, actual).test(actual);
      } catch {
        return false;
      }
    case "IS_NULL":
      return actual === undefined;
    case "IS_NOT_NULL":
      return actual !== undefined;
    default:
      return false;
  }
}

/** The older MultipleCondition spellings of its window (`window`/`windowAdvance`, `timeSLA`, `sla`) as a timeWindow. */
function windowOf(c: Record<string, unknown>): TimeWindow {
  const tw = (c.timeWindow ?? c.timeSLA ?? c.sla) as TimeWindow | undefined;
  if (tw && typeof tw === "object") return tw;
  if (typeof c.window === "string") return { type: "DURATION_WINDOW", window: c.window, windowAdvance: typeof c.windowAdvance === "string" ? c.windowAdvance : undefined };
  return typeof c.window === "object" && c.window ? (c.window as TimeWindow) : {};
}

const notFalse = (v: unknown) => v !== false && v !== "false";

/** The trigger's window conditions: each MultipleCondition of `conditions`, then `preconditions`, then `dependsOn`. */
export function windowConditions(def: FlowTriggerDefinition): WindowCondition[] {
  const out: WindowCondition[] = [];
  for (const c of def.conditions ?? []) {
    if (kindOf(c.type) !== "Multiple" || !c.conditions || typeof c.conditions !== "object") continue;
    const subs = new Map<string, SubCondition>();
    for (const [name, sub] of Object.entries(c.conditions as Record<string, Condition>)) subs.set(name, (e, test, render) => conditionHolds(sub, e, test, render));
    out.push({ id: String(c.id ?? "multiple"), subs, needed: subs.size, timeWindow: windowOf(c), resetOnSuccess: notFalse(c.resetOnSuccess) });
  }
  const p = def.preconditions;
  if (p && typeof p === "object") {
    const subs = new Map<string, SubCondition>();
    (p.flows ?? []).forEach((f, i) => subs.set(`flows.${i}`, async (e) => upstreamMatches(f, e)));
    for (const w of p.where ?? []) {
      subs.set(`where.${w.id}`, async (e, test) => {
        const results = [];
        for (const f of w.filters ?? []) results.push(await filterHolds(f, e, test));
        return w.operand === "OR" ? results.some(Boolean) : results.every(Boolean);
      });
    }
    if (subs.size) out.push({ id: String(p.id ?? "preconditions"), subs, needed: subs.size, timeWindow: p.timeWindow ?? {}, resetOnSuccess: notFalse(p.resetOnSuccess) });
  }
  if (def.dependsOn?.length) {
    const subs = new Map<string, SubCondition>();
    def.dependsOn.forEach((f, i) => subs.set(`dependsOn.${i}`, async (e, test) => upstreamMatches(f, e) && (typeof f.when !== "string" || (await test(f.when)))));
    const needed = def.mode === "ANY" ? 1 : def.mode === "AT_LEAST" ? Math.min(subs.size, Math.max(1, Number(def.minSatisfied) || 1)) : subs.size;
    out.push({ id: "dependsOn", subs, needed, timeWindow: def.window ?? {}, resetOnSuccess: true });
  }
  return out;
}

/** The names of a window condition's sub-conditions that the execution meets. */
export async function metBy(w: WindowCondition, e: SourceExecution, test: ExpressionTest, render?: Render): Promise<string[]> {
  const met = [];
  for (const [name, sub] of w.subs) if (await sub(e, test, render)) met.push(name);
  return met;
}

const DAY = 86_400_000;

/** "HH:mm[:ss]" as milliseconds after midnight; null when it is not a time of day. */
export function timeOfDay(text: string | undefined): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(String(text ?? "").trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return null;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000;
}

/**
 * The window `now` falls in (UTC days): a fixed DURATION_WINDOW (from midnight plus
 * windowAdvance, `window` long, 24 hours by default), a SLIDING_WINDOW ending now, today up to
 * the DAILY_TIME_DEADLINE, or today's DAILY_TIME_WINDOW. Null when `now` is outside every window
 * (after the deadline, outside the daily window): nothing met then counts.
 */
export function windowAt(tw: TimeWindow, now: Date): { start: Date; end: Date; sliding: boolean } | null {
  const t = now.getTime();
  const midnight = Math.floor(t / DAY) * DAY;
  const length = (tw.window && parseIsoDuration(tw.window, { java: true })) || DAY;
  switch (tw.type ?? "DURATION_WINDOW") {
    case "SLIDING_WINDOW":
      return { start: new Date(t - length), end: now, sliding: true };
    case "DAILY_TIME_DEADLINE": {
      const deadline = timeOfDay(tw.deadline);
      if (deadline === null || t > midnight + deadline) return null;
      return { start: new Date(midnight), end: new Date(midnight + deadline), sliding: false };
    }
    case "DAILY_TIME_WINDOW": {
      const start = timeOfDay(tw.startTime);
      const end = timeOfDay(tw.endTime);
      if (start === null || end === null || t < midnight + start || t > midnight + end) return null;
      return { start: new Date(midnight + start), end: new Date(midnight + end), sliding: false };
    }
    default: {
      let origin = midnight + ((tw.windowAdvance && parseIsoDuration(tw.windowAdvance, { java: true })) || 0);
      if (origin > t) origin -= DAY;
      const start = origin + Math.floor((t - origin) / length) * length;
      return { start: new Date(start), end: new Date(start + length), sliding: false };
    }
  }
}

/** A window's stored state: when each met sub-condition was met (ISO instants), within [start, end). */
export type WindowState = { windowStart: Date; windowEnd: Date; results: Record<string, string> };

/**
 * What one ending execution does to a window condition: the state to store (null: none to keep)
 * and whether the condition is now complete (its `needed` sub-conditions met within the window).
 * Complete with resetOnSuccess (the default), the state starts over.
 */
export function advanceWindow(w: WindowCondition, stored: WindowState | null, met: string[], now: Date): { complete: boolean; state: WindowState | null } {
  const at = windowAt(w.timeWindow, now);
  if (!at) return { complete: false, state: stored };
  const t = now.getTime();
  let results: Record<string, string> = {};
  if (stored) {
    // a fixed window keeps what was met in it; a sliding one what was met since its start
    const current = at.sliding || (stored.windowStart.getTime() === at.start.getTime() && stored.windowEnd.getTime() === at.end.getTime());
    if (current) results = Object.fromEntries(Object.entries(stored.results).filter(([, when]) => Date.parse(when) >= at.start.getTime()));
  }
  for (const name of met) results[name] = now.toISOString();
  const complete = met.length > 0 && Object.keys(results).filter((k) => w.subs.has(k)).length >= w.needed;
  if (complete && w.resetOnSuccess) return { complete, state: null };
  const end = at.sliding ? new Date(t + (t - at.start.getTime())) : at.end;
  return { complete, state: Object.keys(results).length ? { windowStart: at.start, windowEnd: end, results } : null };
}

/** Whether a window condition needs stored state at all: one sub-condition, reset on success, fires on every match. */
export const isStateless = (w: WindowCondition) => w.needed <= 1 && w.resetOnSuccess;

/** The plain conditions of a trigger (its window conditions are evaluated apart). */
export const plainConditions = (def: FlowTriggerDefinition) => (def.conditions ?? []).filter((c) => kindOf(c.type) !== "Multiple");
