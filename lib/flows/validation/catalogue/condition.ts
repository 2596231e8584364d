import { z } from "zod";
import { bool, duration, dynOneOf, EXECUTION_STATES, isExpression, kinded, labels, map, oneOf, opt, text } from "./props";
import { checkLabelKeys } from "../labels";
import type { ConditionEntry } from "./types";

// io.kestra.plugin.core.condition: the conditions a trigger's `conditions` may hold. Kestra later
// renamed several (ExecutionFlowCondition -> ExecutionFlow, ExpressionCondition -> Expression);
// both spellings load.

const states = z.array(oneOf(EXECUTION_STATES), { error: "must be a list of execution states" });
const LEGACY = "io.kestra.core.models.conditions.types";
const CORE = "io.kestra.plugin.core.condition";

export const executionFlow: ConditionEntry = {
  type: `${CORE}.ExecutionFlow`,
  aliases: [`${CORE}.ExecutionFlowCondition`, `${LEGACY}.ExecutionFlowCondition`],
  shape: { namespace: text, flowId: text },
};

export const executionStatus: ConditionEntry = {
  type: `${CORE}.ExecutionStatus`,
  aliases: [`${CORE}.ExecutionStatusCondition`, `${LEGACY}.ExecutionStatusCondition`],
  shape: { in: opt(states), notIn: opt(states) },
};

export const executionNamespace: ConditionEntry = {
  type: `${CORE}.ExecutionNamespace`,
  aliases: [`${CORE}.ExecutionNamespaceCondition`, `${LEGACY}.ExecutionNamespaceCondition`],
  shape: { namespace: text, comparison: opt(oneOf(["EQUALS", "PREFIX", "SUFFIX"])), prefix: opt(bool) },
};

export const expressionCondition: ConditionEntry = {
  type: `${CORE}.ExpressionCondition`,
  aliases: [`${CORE}.Expression`, `${LEGACY}.VariableCondition`],
  shape: { expression: text },
};

const DAYS_OF_WEEK = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
const DAYS_IN_MONTH = ["FIRST", "SECOND", "THIRD", "FOURTH", "LAST"] as const;
/** Nested conditions (Not, Or): a list, at least one; the walker validates each. */
const conditionList = kinded(z.array(z.unknown(), { error: "must be a list of conditions" }), { kind: "list" });
/** A rendered list of states (`Property<List<State.Type>>`): a YAML list of states, or an expression. */
const dynStates = kinded(
  z.unknown().refine((v) => isExpression(v) || (Array.isArray(v) && v.every((s) => (EXECUTION_STATES as readonly string[]).includes(s as string))), {
    error: `must be a list of execution states (${EXECUTION_STATES.join(", ")}), or a {{ expression }}`,
  }),
  { kind: "list", dynamic: true },
);

// Conditions that combine others: both are ScheduleConditions, so a Schedule evaluates them too.
export const not: ConditionEntry = {
  type: `${CORE}.Not`,
  aliases: [`${CORE}.NotCondition`, `${LEGACY}.NotCondition`],
  shape: { conditions: conditionList },
  nestedConditions: "conditions",
};

export const or: ConditionEntry = {
  type: `${CORE}.Or`,
  aliases: [`${CORE}.OrCondition`, `${LEGACY}.OrCondition`],
  shape: { conditions: conditionList },
  nestedConditions: "conditions",
};

// Conditions on a date (`date`, the trigger's date by default, rendered).
export const dayWeek: ConditionEntry = {
  type: `${CORE}.DayWeek`,
  aliases: [`${CORE}.DayWeekCondition`, `${LEGACY}.DayWeekCondition`],
  shape: { date: opt(text), dayOfWeek: oneOf(DAYS_OF_WEEK) },
};

export const dayWeekInMonth: ConditionEntry = {
  type: `${CORE}.DayWeekInMonth`,
  aliases: [`${CORE}.DayWeekInMonthCondition`, `${LEGACY}.DayWeekInMonthCondition`],
  shape: { date: opt(text), dayOfWeek: dynOneOf(DAYS_OF_WEEK), dayInMonth: dynOneOf(DAYS_IN_MONTH) },
};

export const weekend: ConditionEntry = {
  type: `${CORE}.Weekend`,
  aliases: [`${CORE}.WeekendCondition`, `${LEGACY}.WeekendCondition`],
  shape: { date: opt(text) },
};

export const timeBetween: ConditionEntry = {
  type: `${CORE}.TimeBetween`,
  aliases: [`${CORE}.TimeBetweenCondition`, `${LEGACY}.TimeBetweenCondition`],
  shape: { date: opt(text), after: opt(text), before: opt(text) },
};

export const dateTimeBetween: ConditionEntry = {
  type: `${CORE}.DateTimeBetween`,
  aliases: [`${CORE}.DateTimeBetweenCondition`, `${LEGACY}.DateTimeBetweenCondition`],
  shape: { date: opt(text), after: opt(text), before: opt(text) },
};

export const publicHoliday: ConditionEntry = {
  type: `${CORE}.PublicHoliday`,
  aliases: [`${CORE}.PublicHolidayCondition`, `${LEGACY}.PublicHolidayCondition`],
  shape: { date: opt(text), country: opt(text), subDivision: opt(text) },
};

// Conditions on the execution a Flow trigger hears of.
export const executionLabels: ConditionEntry = {
  type: `${CORE}.ExecutionLabels`,
  aliases: [`${CORE}.ExecutionLabelsCondition`, `${LEGACY}.ExecutionLabelsCondition`],
  shape: { labels },
  // the orchestrator refuses system labels here as in a flow's own labels
  check: (value, { path, problems }) => checkLabelKeys(value.labels, [...path, "labels"], problems),
};

export const hasRetryAttempt: ConditionEntry = {
  type: `${CORE}.HasRetryAttempt`,
  aliases: [`${CORE}.HasRetryAttemptCondition`, `${LEGACY}.HasRetryAttemptCondition`],
  shape: { in: opt(dynStates), notIn: opt(dynStates) },
};

const CONDITION_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
export const conditionId = kinded(text.refine((v) => CONDITION_ID.test(String(v)), { error: `must match ${CONDITION_ID.source}` }), { kind: "string" });

export const TIME_WINDOW_TYPES = ["DURATION_WINDOW", "SLIDING_WINDOW", "DAILY_TIME_DEADLINE", "DAILY_TIME_WINDOW"] as const;
const TIME_OF_DAY = /^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const seconds = (v: unknown) => String(v).split(":").reduce((total, part, i) => total + Number(part) * [3600, 60, 1][i], 0);
const timeOfDay = kinded(text.refine((v) => TIME_OF_DAY.test(String(v)), { error: "must be a time of day such as 09:00:00" }), { kind: "string" });

/**
 * The window in which a MultipleCondition's (or a Flow trigger's preconditions') conditions must
 * all be met: DURATION_WINDOW (the default: `window` long, from midnight plus `windowAdvance`),
 * SLIDING_WINDOW (the last `window`), DAILY_TIME_DEADLINE (before `deadline` each day) or
 * DAILY_TIME_WINDOW (between `startTime` and `endTime` each day).
 */
export const timeWindow = z
  .strictObject({
    type: opt(oneOf(TIME_WINDOW_TYPES)),
    window: opt(duration),
    windowAdvance: opt(duration),
    deadline: opt(timeOfDay),
    startTime: opt(timeOfDay),
    endTime: opt(timeOfDay),
  }, { error: "must be a mapping of type, window, windowAdvance, deadline, startTime, endTime" })
  .superRefine((w, ctx) => {
    const type = String(w.type ?? "DURATION_WINDOW");
    const needs = (key: "deadline" | "startTime" | "endTime") => {
      if (w[key] == null) ctx.addIssue({ code: "custom", path: [key], message: `missing required property "${key}": a ${type} time window needs it` });
    };
    if (type === "DAILY_TIME_DEADLINE") needs("deadline");
    if (type === "DAILY_TIME_WINDOW") {
      needs("startTime");
      needs("endTime");
      if (w.startTime != null && w.endTime != null && seconds(w.startTime) >= seconds(w.endTime)) {
        ctx.addIssue({ code: "custom", path: ["endTime"], message: '"endTime" must be after "startTime"' });
      }
    }
    const used = (["window", "windowAdvance", "deadline", "startTime", "endTime"] as const).filter((k) => w[k] != null);
    const allowed: Record<string, readonly string[]> = {
      DURATION_WINDOW: ["window", "windowAdvance"],
      SLIDING_WINDOW: ["window"],
      DAILY_TIME_DEADLINE: ["deadline"],
      DAILY_TIME_WINDOW: ["startTime", "endTime"],
    };
    for (const k of used) if (!(allowed[type] ?? []).includes(k)) ctx.addIssue({ code: "custom", path: [k], message: `"${k}" does not apply to a ${type} time window` });
  });

/** Waits for several conditions within a time window; its `conditions` is a map of named conditions. */
export const multipleCondition: ConditionEntry = {
  type: `${CORE}.MultipleCondition`,
  aliases: [`${LEGACY}.MultipleCondition`],
  shape: {
    id: conditionId,
    conditions: map,
    // the window was written `window`/`windowAdvance`, then `timeWindow`, then `timeSLA`/`sla`
    window: opt(duration),
    windowAdvance: opt(duration),
    timeWindow: opt(timeWindow),
    timeSLA: opt(timeWindow),
    sla: opt(timeWindow),
    resetOnSuccess: opt(bool),
  },
  nestedConditions: "conditions",
};
