import { z } from "zod";
import {
  bool, dynDuration, dynNumber, duration, EXECUTION_STATES, integer, labels, list, LOG_LEVELS, oneOf, opt, taskList, text,
} from "./props";

const RETRY_FIELDS: Record<string, { required: string[]; allowed: string[] }> = {
  constant: { required: ["interval"], allowed: ["interval"] },
  exponential: { required: ["interval", "maxInterval"], allowed: ["interval", "maxInterval", "delayFactor"] },
  random: { required: ["minInterval", "maxInterval"], allowed: ["minInterval", "maxInterval"] },
};

/** Kestra's retry policies (constant, exponential, random); each requires its own intervals. */
export const retry = z
  .strictObject({
    type: oneOf(["constant", "exponential", "random"]),
    interval: opt(duration),
    minInterval: opt(duration),
    maxInterval: opt(duration),
    delayFactor: opt(dynNumber),
    maxDuration: opt(duration),
    // `maxAttempt` is the older spelling; both load
    maxAttempt: opt(integer),
    maxAttempts: opt(integer),
    warningOnRetry: opt(bool),
    // what a retry re-runs: the failed task in place, or the whole flow as a new execution
    behavior: opt(oneOf(["RETRY_FAILED_TASK", "CREATE_NEW_EXECUTION"])),
  })
  .superRefine((value, ctx) => {
    const fields = typeof value.type === "string" ? RETRY_FIELDS[value.type] : undefined;
    if (!fields) return;
    for (const key of fields.required) {
      if (value[key as keyof typeof value] == null) {
        ctx.addIssue({ code: "custom", path: [key], message: `missing required property "${key}" for a ${value.type} retry` });
      }
    }
    for (const key of ["interval", "minInterval", "maxInterval", "delayFactor"]) {
      if (value[key as keyof typeof value] != null && !fields.allowed.includes(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `unknown property "${key}" for a ${value.type} retry` });
      }
    }
  });

export const workerGroup = z.strictObject({ key: opt(text), fallback: opt(oneOf(["FAIL", "WAIT", "CANCEL"])) });

const taskCache = z.strictObject({ enabled: bool, ttl: opt(duration) });

/**
 * Properties every task has (Kestra's Task class). `id` and `type` are checked by the walker,
 * which gives clearer messages for them.
 */
export const commonTaskShape = {
  id: z.unknown().optional(),
  type: z.unknown().optional(),
  version: opt(text),
  pluginDefaultsRef: opt(text),
  description: opt(text),
  retry: opt(retry),
  timeout: opt(dynDuration),
  disabled: opt(bool),
  workerGroup: opt(workerGroup),
  logLevel: opt(oneOf(LOG_LEVELS)),
  allowFailure: opt(bool),
  allowWarning: opt(bool),
  logToFile: opt(bool),
  runIf: opt(text),
  taskCache: opt(taskCache),
};

/** Every flowable task can run tasks on error and tasks at the end. */
export const errorsAndFinally = { errors: opt(taskList), finally: opt(taskList) };

/** Properties every trigger has (Kestra's AbstractTrigger). */
export const commonTriggerShape = {
  id: z.unknown().optional(),
  type: z.unknown().optional(),
  version: opt(text),
  description: opt(text),
  conditions: opt(list),
  disabled: opt(bool),
  workerGroup: opt(workerGroup),
  logLevel: opt(oneOf(LOG_LEVELS)),
  // older spelling of logLevel, still read by Kestra
  minLogLevel: opt(oneOf(LOG_LEVELS)),
  labels: opt(labels),
  stopAfter: opt(z.array(oneOf(EXECUTION_STATES), { error: "must be a list of execution states" })),
  logToFile: opt(bool),
  failOnTriggerError: opt(bool),
  allowConcurrent: opt(bool),
  when: opt(text),
};

export const commonConditionShape = { type: z.unknown().optional() };
