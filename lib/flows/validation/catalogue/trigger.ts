import { z } from "zod";
import { bool, duration, dynMap, EXECUTION_STATES, integerAtLeast, list, map, oneOf, opt, text } from "./props";
import type { TriggerEntry } from "./types";
import { cronProblem } from "../cron";
import { isExpression, kinded } from "./props";

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

export const flow: TriggerEntry = {
  type: "io.kestra.plugin.core.trigger.Flow",
  aliases: ["io.kestra.core.models.triggers.types.Flow"],
  // `preconditions` (Kestra 0.20+) and `dependsOn`/`window`/`mode` (later releases) both load
  shape: {
    inputs: opt(map),
    states: opt(states),
    preconditions: opt(map),
    dependsOn: opt(z.array(dependency, { error: "must be a list of {namespace, flowId, states, labels, when}" })),
    window: opt(map),
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
