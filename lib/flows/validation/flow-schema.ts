import { z } from "zod";
import { retry, workerGroup } from "./catalogue/common";
import { bool, duration, integer, integerAtLeast, labels, list, map, nonEmptyText, oneOf, opt, taskList, text } from "./catalogue/props";

// The keys a flow may have (Kestra's flow reference) and the shape of the simple ones. Ids,
// namespace, tasks, inputs, triggers and labels get their own rules with clearer messages.

const pluginDefaults = z.array(
  z.strictObject({ type: text, values: opt(map), forced: opt(bool) }),
  { error: "must be a list of {type, values, forced}" },
);

/** What each SLA type measures, and the property that says how. */
const SLA_MEASURE: Record<string, string> = { MAX_DURATION: "duration", EXECUTION_ASSERTION: "assert" };

const sla = z.array(
  z
    .strictObject({
      id: nonEmptyText,
      type: oneOf(Object.keys(SLA_MEASURE)),
      behavior: oneOf(["FAIL", "CANCEL", "NONE"]),
      labels: opt(labels),
      duration: opt(duration.refine((d) => !String(d).startsWith("-"), { error: "must be a positive duration" })),
      assert: opt(nonEmptyText),
    })
    .superRefine((value, ctx) => {
      const measure = SLA_MEASURE[value.type as string];
      for (const key of Object.values(SLA_MEASURE)) {
        const present = value[key as "duration" | "assert"] != null;
        if (key === measure && !present) ctx.addIssue({ code: "custom", path: [key], message: `missing required property "${key}" for a ${value.type} SLA` });
        if (key !== measure && present) ctx.addIssue({ code: "custom", path: [key], message: `unknown property "${key}" for a ${value.type} SLA` });
      }
    }),
  { error: "must be a list of SLAs ({id, type, behavior, ...})" },
);

export const flowSchema = z.strictObject({
  id: z.unknown().optional(),
  namespace: z.unknown().optional(),
  revision: opt(integer.refine((n) => Number(n) >= 1, { error: "must be at least 1" })),
  description: opt(text),
  labels: opt(labels),
  inputs: opt(z.array(z.unknown(), { error: "must be a list of inputs" })),
  outputs: opt(z.array(z.unknown(), { error: "must be a list of outputs" })),
  variables: opt(map),
  tasks: z.unknown().optional(),
  errors: opt(taskList),
  finally: opt(taskList),
  afterExecution: opt(taskList),
  // deprecated in Kestra in favour of flow triggers, still loaded
  listeners: opt(
    z.array(z.strictObject({ description: opt(text), conditions: opt(list), tasks: taskList }), {
      error: "must be a list of {conditions, tasks}",
    }),
  ),
  triggers: opt(z.array(z.unknown(), { error: "must be a list of triggers" })),
  pluginDefaults: opt(pluginDefaults),
  // older name of pluginDefaults
  taskDefaults: opt(pluginDefaults),
  concurrency: opt(z.strictObject({ limit: integerAtLeast(1), behavior: opt(oneOf(["QUEUE", "CANCEL", "FAIL"])) })),
  retry: opt(retry),
  sla: opt(sla),
  checks: opt(
    z.array(
      z.strictObject({
        condition: text,
        message: text,
        style: opt(oneOf(["ERROR", "SUCCESS", "WARNING", "INFO"])),
        behavior: opt(oneOf(["BLOCK_EXECUTION", "FAIL_EXECUTION", "CREATE_EXECUTION"])),
      }),
      { error: "must be a list of {condition, message}" },
    ),
  ),
  workerGroup: opt(workerGroup),
  disabled: opt(bool),
  deleted: opt(bool),
});
