import { z } from "zod";
import { bool, duration, EXECUTION_STATES, kinded, map, oneOf, opt, text } from "./props";
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

const CONDITION_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;

/** Waits for several conditions within a time window; its `conditions` is a map of named conditions. */
export const multipleCondition: ConditionEntry = {
  type: `${CORE}.MultipleCondition`,
  aliases: [`${LEGACY}.MultipleCondition`],
  shape: {
    id: kinded(text.refine((v) => CONDITION_ID.test(String(v)), { error: `must match ${CONDITION_ID.source}` }), { kind: "string" }),
    conditions: map,
    // the window was written `window`/`windowAdvance`, then `timeWindow`, then `timeSLA`/`sla`
    window: opt(duration),
    windowAdvance: opt(duration),
    timeWindow: opt(map),
    timeSLA: opt(map),
    sla: opt(map),
    resetOnSuccess: opt(bool),
  },
  nestedConditions: "conditions",
};
