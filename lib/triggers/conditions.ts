import {
  ConditionError,
  DAYS_IN_MONTH,
  DAYS_OF_WEEK,
  isDayWeekInMonth,
  parseLocalDate,
  parseOffsetTime,
  parseZonedDateTime,
  timeOf,
} from "./condition-dates";
import { isPublicHoliday } from "./holidays";

export { ConditionError } from "./condition-dates";

// The orchestrator's trigger conditions, evaluated one way for every trigger type: against the
// trigger's variables (`render`) and, for a Flow trigger, the execution it hears of. MultipleCondition
// and the Flow trigger's preconditions hold across executions: lib/triggers/flow-conditions.ts keeps
// their windows. A condition that cannot be evaluated (a date that is not one, a property that
// renders to nothing valid) throws a ConditionError whose message says what to fix.

export type Condition = { type: string; id?: string; [key: string]: unknown };

/** The execution a condition reads: the upstream one of a Flow trigger. */
export type ConditionExecution = {
  namespace: string;
  flowId: string;
  state: string;
  labels: { key: string; value: string }[];
  /** the states of each task run's attempts, read only when a HasRetryAttempt asks */
  attemptStates?: () => Promise<string[][]>;
};

export type ConditionScope = {
  /** renders a property against the trigger's variables; throws on a bad expression */
  render: (template: string) => Promise<string>;
  execution?: ConditionExecution;
  /** how an ExpressionCondition's expression is tested, when the caller has its own rule (else: renders to "true") */
  expression?: (expression: string) => Promise<boolean>;
};

const CORE = /^io\.kestra\.(plugin\.core\.condition|core\.models\.conditions\.types)\./;
/** A condition type's short name, whichever spelling: io.kestra.core.models.conditions.types.DayWeekCondition is DayWeek. */
export const kindOf = (type: string) => type.replace(CORE, "").replace(/Condition$/, "");

/** The conditions a Schedule evaluates on its dates (the orchestrator's ScheduleCondition); it ignores the others. */
export const SCHEDULE_KINDS: ReadonlySet<string> = new Set([
  "Not", "Or", "Expression", "Variable", "DayWeek", "DayWeekInMonth", "TimeBetween", "DateTimeBetween", "Weekend", "PublicHoliday",
]);

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
const isExpression = (v: string) => v.includes("{{") || v.includes("{%");

/** A property as the orchestrator renders it: strings with an expression rendered, scalars as text. */
async function rendered(c: Condition, key: string, scope: ConditionScope, fallback?: string): Promise<string | undefined> {
  const value = c[key] ?? fallback;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") throw new ConditionError(`${kindOf(c.type)}: "${key}" must be a string`);
  const text = String(value);
  if (!isExpression(text)) return text;
  try {
    return (await scope.render(text)).trim();
  } catch (e) {
    if (e instanceof Error) throw new ConditionError(`${kindOf(c.type)}: "${key}" cannot be rendered: ${e.message}`);
    throw e;
  }
}

async function required(c: Condition, key: string, scope: ConditionScope, fallback?: string): Promise<string> {
  const value = await rendered(c, key, scope, fallback);
  if (value === undefined || value === "") throw new ConditionError(`${kindOf(c.type)}: missing required property "${key}"`);
  return value;
}

async function oneOf<T extends string>(c: Condition, key: string, values: readonly T[], scope: ConditionScope): Promise<T> {
  const value = await required(c, key, scope);
  if (!values.includes(value as T)) throw new ConditionError(`${kindOf(c.type)}: "${key}" is ${JSON.stringify(value)}: must be one of ${values.join(", ")}`);
  return value as T;
}

/** The `date` a date condition tests: the trigger's date by default. */
const dateOf = (c: Condition, scope: ConditionScope) => required(c, "date", scope, "{{ trigger.date }}");

/** A list property that may also be written as an expression rendering to a JSON list (HasRetryAttempt's `in`). */
async function listOf(c: Condition, key: string, scope: ConditionScope): Promise<string[]> {
  const value = c[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = await required(c, key, scope);
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // answered below
  }
  throw new ConditionError(`${kindOf(c.type)}: "${key}" must be a list of states, or an expression rendering to a JSON list`);
}

function nested(c: Condition): Condition[] {
  const list = c.conditions;
  if (!Array.isArray(list) || list.length === 0) throw new ConditionError(`${kindOf(c.type)}: "conditions" must be a non-empty list of conditions`);
  return list.map((sub, i) => {
    if (!sub || typeof sub !== "object" || typeof (sub as Condition).type !== "string") throw new ConditionError(`${kindOf(c.type)}: condition ${i + 1} has no "type"`);
    return sub as Condition;
  });
}

function executionOf(c: Condition, scope: ConditionScope): ConditionExecution {
  if (!scope.execution) throw new ConditionError(`${kindOf(c.type)} reads the execution a Flow trigger hears of: it cannot be evaluated here`);
  return scope.execution;
}

/** Labels as the orchestrator reads them: a map, or a list of {key, value}; values as text. */
function labelPairs(value: unknown): [string, string][] {
  if (Array.isArray(value)) return value.filter((l) => l && typeof l === "object").map((l) => [String(l.key), String(l.value)]);
  if (value && typeof value === "object") return Object.entries(value).map(([k, v]) => [k, String(v)]);
  return [];
}

/** Whether a condition holds. Unknown types never hold (the validator refuses them at save). */
export async function conditionHolds(c: Condition, scope: ConditionScope): Promise<boolean> {
  const kind = kindOf(c.type);
  switch (kind) {
    case "ExecutionFlow": {
      const e = executionOf(c, scope);
      return str(c.namespace) === e.namespace && str(c.flowId) === e.flowId;
    }
    case "ExecutionStatus": {
      const e = executionOf(c, scope);
      const inList = Array.isArray(c.in) ? c.in.map(String) : undefined;
      const notIn = Array.isArray(c.notIn) ? c.notIn.map(String) : undefined;
      return (!inList || inList.includes(e.state)) && (!notIn || !notIn.includes(e.state));
    }
    case "ExecutionNamespace":
      return namespaceMatches(c as { namespace?: unknown }, executionOf(c, scope).namespace);
    case "Expression":
    case "Variable": {
      if (typeof c.expression !== "string") return c.expression === true;
      if (scope.expression) return scope.expression(c.expression);
      return (await required(c, "expression", scope)) === "true";
    }
    case "Not": {
      for (const sub of nested(c)) if (await conditionHolds(sub, scope)) return false;
      return true;
    }
    case "Or": {
      for (const sub of nested(c)) if (await conditionHolds(sub, scope)) return true;
      return false;
    }
    case "DayWeek":
      return parseLocalDate(await dateOf(c, scope)).dayOfWeek === DAYS_OF_WEEK.indexOf(await oneOf(c, "dayOfWeek", DAYS_OF_WEEK, scope)) + 1;
    case "DayWeekInMonth": {
      const date = parseLocalDate(await dateOf(c, scope));
      const day = DAYS_OF_WEEK.indexOf(await oneOf(c, "dayOfWeek", DAYS_OF_WEEK, scope)) + 1;
      return isDayWeekInMonth(date, day, await oneOf(c, "dayInMonth", DAYS_IN_MONTH, scope));
    }
    case "Weekend":
      return parseLocalDate(await dateOf(c, scope)).dayOfWeek >= 6;
    case "TimeBetween": {
      const now = timeOf(parseZonedDateTime(await dateOf(c, scope))).comparable;
      const after = await rendered(c, "after", scope);
      const before = await rendered(c, "before", scope);
      if (!after && !before) throw new ConditionError('TimeBetween: give "after", "before" or both');
      // strictly between, as OffsetTime.isAfter/isBefore compare
      return (!after || now > parseOffsetTime(after, '"after"').comparable) && (!before || now < parseOffsetTime(before, '"before"').comparable);
    }
    case "DateTimeBetween": {
      const now = parseZonedDateTime(await dateOf(c, scope)).epochMs;
      const after = await rendered(c, "after", scope);
      const before = await rendered(c, "before", scope);
      if (!after && !before) throw new ConditionError('DateTimeBetween: give "after", "before" or both');
      // both bounds included
      return (!after || now >= parseZonedDateTime(after, '"after"').epochMs) && (!before || now <= parseZonedDateTime(before, '"before"').epochMs);
    }
    case "PublicHoliday":
      return isPublicHoliday(parseLocalDate(await dateOf(c, scope)), await rendered(c, "country", scope), await rendered(c, "subDivision", scope));
    case "ExecutionLabels": {
      const have = new Set(executionOf(c, scope).labels.map((l) => `${l.key}\u0000${l.value}`));
      return labelPairs(c.labels).every(([k, v]) => have.has(`${k}\u0000${v}`));
    }
    case "HasRetryAttempt": {
      const e = executionOf(c, scope);
      const inList = await listOf(c, "in", scope);
      const notIn = await listOf(c, "notIn", scope);
      // the attempts of task runs tried more than once; an empty `in` admits none, as the orchestrator documents
      const attempts = ((await e.attemptStates?.()) ?? []).filter((a) => a.length > 1).flat();
      return attempts.some((state) => inList.includes(state) && !notIn.includes(state));
    }
    case "Multiple":
      throw new ConditionError("MultipleCondition holds over a time window: only a Flow trigger's own conditions may hold it");
    default:
      return false;
  }
}

/** ExecutionNamespace: EQUALS by default, PREFIX (or the older `prefix: true`), SUFFIX. */
export function namespaceMatches(c: { namespace?: unknown; comparison?: unknown; prefix?: unknown }, namespace: string): boolean {
  const wanted = str(c.namespace) ?? "";
  const comparison = str(c.comparison) ?? (c.prefix === true || c.prefix === "true" ? "PREFIX" : "EQUALS");
  if (comparison === "PREFIX") return namespace.startsWith(wanted);
  if (comparison === "SUFFIX") return namespace.endsWith(wanted);
  return namespace === wanted;
}

/**
 * A Schedule's conditions on one date: those the orchestrator evaluates for schedules (the date
 * ones, Not, Or, ExpressionCondition), all of which must hold. Throws a ConditionError when one
 * cannot be evaluated.
 */
export async function scheduleConditionsHold(conditions: readonly Condition[] | undefined, scope: ConditionScope): Promise<boolean> {
  for (const c of conditions ?? []) {
    if (!c || typeof c.type !== "string" || !SCHEDULE_KINDS.has(kindOf(c.type))) continue;
    if (!(await conditionHolds(c, scope))) return false;
  }
  return true;
}

/** Every condition of a list must hold (a Webhook's conditions). */
export async function allHold(conditions: readonly Condition[] | undefined, scope: ConditionScope): Promise<boolean> {
  for (const c of conditions ?? []) {
    if (!c || typeof c.type !== "string") continue;
    if (!(await conditionHolds(c, scope))) return false;
  }
  return true;
}

/** Whether a condition (or one nested in it) is of a kind: callers load what it reads only then. */
export function usesKind(conditions: unknown, kind: string): boolean {
  if (!Array.isArray(conditions) && !(conditions && typeof conditions === "object")) return false;
  const items = Array.isArray(conditions) ? conditions : Object.values(conditions as Record<string, unknown>);
  return items.some((c) => c && typeof c === "object" && ((typeof c.type === "string" && kindOf(c.type) === kind) || usesKind((c as Condition).conditions, kind)));
}
