import { z } from "zod";
import { bool, duration, dynMap, EXECUTION_STATES, integer, list, map, oneOf, opt, text } from "./props";
import type { TriggerEntry } from "./types";
import { cronProblem } from "../cron";
import { isExpression } from "./props";

// io.kestra.plugin.core.trigger

export const schedule: TriggerEntry = {
  type: "io.kestra.plugin.core.trigger.Schedule",
  aliases: ["io.kestra.core.models.triggers.types.Schedule"],
  shape: {
    cron: text,
    withSeconds: opt(bool),
    timezone: opt(text),
    inputs: opt(dynMap),
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

export const flow: TriggerEntry = {
  type: "io.kestra.plugin.core.trigger.Flow",
  aliases: ["io.kestra.core.models.triggers.types.Flow"],
  // `preconditions` (Kestra 0.20+) and `dependsOn`/`window`/`mode` (later releases) both load
  shape: {
    inputs: opt(map),
    states: opt(states),
    preconditions: opt(map),
    dependsOn: opt(list),
    window: opt(map),
    mode: opt(oneOf(["ALL", "ANY", "AT_LEAST"])),
    minSatisfied: opt(integer),
  },
};

export const webhook: TriggerEntry = {
  type: "io.kestra.plugin.core.trigger.Webhook",
  aliases: ["io.kestra.core.models.triggers.types.Webhook"],
  shape: {
    key: text.refine((k) => String(k).length <= 256, { error: "must be at most 256 characters" }),
    inputs: opt(dynMap),
    wait: opt(bool),
    returnOutputs: opt(bool),
  },
};
