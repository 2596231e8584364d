import { z } from "zod";
import { bool, duration, dynMap, EXECUTION_STATES, integerAtLeast, list, map, oneOf, opt, text, textList } from "./props";
import type { TriggerEntry } from "./types";
import { cronProblem } from "../cron";
import { isExpression, kinded } from "./props";
import { conditionId, timeWindow } from "./condition";

// io.kestra.plugin.core.trigger

export const schedule: TriggerEntry = {
  type: "io.kestra.plugin.core.trigger.Schedule",
  aliases: ["io.kestra.core.models.triggers.types.Schedule"],
  shape: {
    cron: text,
    withSeconds: opt(bool),
    timezone: opt(text),
    // a plain map in the orchestrator: its values are rendered, the map itself is not an expression
    inputs: opt(map),
    lateMaximumDelay: opt(duration),
    recoverMissedSchedules: opt(oneOf(["ALL", "LAST", "NONE"])),
    // deprecated in Kestra, still loaded
    backfill: opt(map),
    scheduleConditions: opt(list),
  },
  check: (trigger, ctx) => {
    if (typeof trigger.cron !== "string" || isExpression(trigger.cron)) return;
    const problem = cronProblem(trigger.cron, trigger.withSeconds === true || trigger.withSeconds === "true");
    if (problem) ctx.problems.add([...ctx.path, "cron"], problem);
  },
};

const states = z.array(oneOf(EXECUTION_STATES), { error: "must be a list of execution states" });

/** One upstream flow a Flow trigger waits for; every field narrows it, none is required. */
const dependency = z.strictObject({ namespace: opt(text), flowId: opt(text), states: opt(states), labels: opt(map), when: opt(text) });

const WHERE_FIELDS = ["FLOW_ID", "NAMESPACE", "STATE", "EXPRESSION"] as const;
const FILTER_TYPES = [
  "EQUAL_TO", "NOT_EQUAL_TO", "IS_NULL", "IS_NOT_NULL", "IS_TRUE", "IS_FALSE", "STARTS_WITH", "ENDS_WITH", "REGEX", "CONTAINS", "IN", "NOT_IN",
] as const;

/** One filter of a `where`: a field of the upstream execution compared with `value` (or `values` for IN and NOT_IN). */
const filter = z
  .strictObject({ field: oneOf(WHERE_FIELDS), type: oneOf(FILTER_TYPES), value: opt(text), values: opt(textList) }, { error: "must be a mapping of field, type, value (or values)" })
  .superRefine((f, ctx) => {
    const list = f.type === "IN" || f.type === "NOT_IN";
    const none = ["IS_NULL", "IS_NOT_NULL", "IS_TRUE", "IS_FALSE"].includes(f.type as string);
    if (list && f.values == null && f.value == null) ctx.addIssue({ code: "custom", path: ["values"], message: `missing required property "values": a ${f.type} filter compares with a list` });
    if (!list && !none && f.value == null) ctx.addIssue({ code: "custom", path: ["value"], message: `missing required property "value": a ${f.type} filter compares with a value` });
    if (f.field === "EXPRESSION" && !["IS_TRUE", "IS_FALSE", "EQUAL_TO", "NOT_EQUAL_TO"].includes(f.type as string)) {
      ctx.addIssue({ code: "custom", path: ["type"], message: "an EXPRESSION filter is IS_TRUE or IS_FALSE (its value is the expression)" });
    }
    if (f.field === "EXPRESSION" && f.value == null) ctx.addIssue({ code: "custom", path: ["value"], message: 'missing required property "value": an EXPRESSION filter holds the expression in it' });
    if (f.type === "REGEX" && f.value != null) {
      try {
        new RegExp(String(f.value));
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["value"], message: `invalid regular expression: ${(e as Error).message}` });
      }
    }
  });

const where = z.strictObject(
  { id: conditionId, operand: opt(oneOf(["AND", "OR"])), filters: z.array(filter, { error: "must be a list of filters" }).min(1, { error: "must hold at least one filter" }) },
  { error: "must be a mapping of id, operand, filters" },
);

const upstreamFlow = z.strictObject({ namespace: text, flowId: opt(text), states: opt(states), labels: opt(map) }, { error: "must be a mapping of namespace, flowId, states, labels" });

/** A Flow trigger's preconditions: upstream `flows` and `where` filters, all met within `timeWindow`. */
const preconditions = z
  .strictObject(
    {
      id: opt(conditionId),
      flows: opt(z.array(upstreamFlow, { error: "must be a list of {namespace, flowId, states, labels}" })),
      where: opt(z.array(where, { error: "must be a list of {id, operand, filters}" })),
      timeWindow: opt(timeWindow),
      resetOnSuccess: opt(bool),
    },
    { error: "must be a mapping of id, flows, where, timeWindow, resetOnSuccess" },
  )
  .superRefine((p, ctx) => {
    if (!p.flows?.length && !p.where?.length) ctx.addIssue({ code: "custom", message: 'must name upstream "flows" or "where" filters' });
    const ids = (p.where ?? []).map((w) => String(w.id));
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: ["where", i, "id"], message: `duplicate where id "${id}"` });
    });
  });

export const flow: TriggerEntry = {
  type: "io.kestra.plugin.core.trigger.Flow",
  aliases: ["io.kestra.core.models.triggers.types.Flow"],
  // `preconditions` (Kestra 0.20+) and `dependsOn`/`window`/`mode` (later releases) both load
  shape: {
    inputs: opt(map),
    states: opt(states),
    preconditions: opt(preconditions),
    dependsOn: opt(z.array(dependency, { error: "must be a list of {namespace, flowId, states, labels, when}" })),
    window: opt(timeWindow),
    mode: opt(oneOf(["ALL", "ANY", "AT_LEAST"])),
    minSatisfied: opt(integerAtLeast(1)),
  },
  // AT_LEAST needs its number, and cannot ask for more upstream flows than it lists
  check: (trigger, ctx) => {
    const min = trigger.minSatisfied == null ? undefined : Number(trigger.minSatisfied);
    if (trigger.mode === "AT_LEAST" && min === undefined) {
      ctx.problems.add([...ctx.path, "minSatisfied"], 'missing required property "minSatisfied": a Flow trigger with mode AT_LEAST must say how many of dependsOn');
    }
    const listed = Array.isArray(trigger.dependsOn) ? trigger.dependsOn.length : 0;
    if (min !== undefined && Number.isInteger(min) && min > listed) {
      ctx.problems.add([...ctx.path, "minSatisfied"], `"minSatisfied" (${min}) cannot be more than the ${listed} flow${listed === 1 ? "" : "s"} of dependsOn`);
    }
  },
};

export const webhook: TriggerEntry = {
  type: "io.kestra.plugin.core.trigger.Webhook",
  aliases: ["io.kestra.core.models.triggers.types.Webhook"],
  shape: {
    key: kinded(text.refine((k) => String(k).length <= 256, { error: "must be at most 256 characters" }), { kind: "string" }),
    inputs: opt(dynMap),
    wait: opt(bool),
    returnOutputs: opt(bool),
    fetchType: opt(oneOf(["STORE", "FETCH", "FETCH_ONE", "NONE"])),
    responseContentType: opt(text.refine((t) => typeof t !== "string" || /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/.test(t.trim()), { error: "must be a media type such as text/plain or application/json" })),
  },
};
