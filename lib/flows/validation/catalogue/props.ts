import { z } from "zod";
import { parseIsoDuration } from "../../../duration";

// Property value schemas shared by the catalogue. Kestra reads YAML through Jackson, which turns
// scalars into strings where a string is expected, so "text" accepts any scalar. Properties that
// Kestra renders at runtime (`Property<T>` and `dynamic = true`) also accept a Pebble expression in
// place of a number, boolean, duration, enum, list or map: the `dyn*` variants.

export const isExpression = (value: unknown): boolean => typeof value === "string" && /\{\{|\{%/.test(value);

/**
 * What a property holds, for people (the editor's completion and documentation): the validator's
 * tests are functions, so each value schema says what it accepts here.
 */
export type ValueKind =
  | { kind: "string" | "integer" | "number" | "boolean" | "duration" | "map" | "list" | "tasks" | "any"; dynamic?: boolean }
  | { kind: "enum"; values: readonly string[]; dynamic?: boolean }
  | { kind: "string or list" | "map or string" | "labels"; dynamic?: boolean };
export const valueKinds = z.registry<ValueKind>();

/** Records what `schema` holds (see ValueKind) and returns it. */
export const kinded = <T extends z.ZodType>(schema: T, kind: ValueKind): T => {
  valueKinds.add(schema, kind);
  return schema;
};

/** One value test with one message: unions of zod types would report their members' messages instead. */
const value = (test: (v: unknown) => boolean, error: string, kind: ValueKind) => kinded(z.unknown().refine(test, { error }), kind);

/** ISO-8601 durations as java.time.Duration parses them: PT5M, P1DT2H, PT0.25S, -PT1H. */
export const isIsoDuration = (v: string): boolean => parseIsoDuration(v, { java: true }) !== null;

const isText = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const isInteger = (v: unknown) => Number.isInteger(v) || (typeof v === "string" && /^[-+]?\d+$/.test(v));
const isNumber = (v: unknown) => (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && /^[-+]?\d+(\.\d+)?$/.test(v));
const isBoolean = (v: unknown) => typeof v === "boolean" || v === "true" || v === "false";
const isDuration = (v: unknown) => typeof v === "string" && isIsoDuration(v);
const orExpression = (test: (v: unknown) => boolean) => (v: unknown) => test(v) || isExpression(v);

export const text = value(isText, "must be a string", { kind: "string" });
export const nonEmptyText = value((v) => isText(v) && String(v).trim() !== "", "must be a non-empty string", { kind: "string" });

export const integer = value(isInteger, "must be an integer", { kind: "integer" });
export const integerAtLeast = (min: number) => value((v) => isInteger(v) && Number(v) >= min, `must be an integer of at least ${min}`, { kind: "integer" });
export const dynInteger = value(orExpression(isInteger), "must be an integer or a {{ expression }}", { kind: "integer", dynamic: true });
export const dynNumber = value(orExpression(isNumber), "must be a number or a {{ expression }}", { kind: "number", dynamic: true });

export const bool = value(isBoolean, "must be true or false", { kind: "boolean" });
export const dynBool = value(orExpression(isBoolean), "must be true or false, or a {{ expression }}", { kind: "boolean", dynamic: true });

export const duration = value(isDuration, "must be an ISO-8601 duration such as PT5M", { kind: "duration" });
export const dynDuration = value(orExpression(isDuration), "must be an ISO-8601 duration such as PT5M, or a {{ expression }}", { kind: "duration", dynamic: true });

export const oneOf = (values: readonly string[]) => value((v) => values.includes(v as string), `must be one of ${values.join(", ")}`, { kind: "enum", values });
export const dynOneOf = (values: readonly string[]) =>
  value(orExpression((v) => values.includes(v as string)), `must be one of ${values.join(", ")}, or a {{ expression }}`, { kind: "enum", values, dynamic: true });

const isMap = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
const isTextList = (v: unknown) => Array.isArray(v) && v.every(isText);
const isLabelList = (v: unknown) =>
  Array.isArray(v) &&
  v.every((l) => isMap(l) && Object.keys(l).every((k) => k === "key" || k === "value") && isText(l.key) && isText(l.value));

export const map = value(isMap, "must be a mapping", { kind: "map" });
export const dynMap = value(orExpression(isMap), "must be a mapping or a {{ expression }}", { kind: "map", dynamic: true });
export const textList = z.array(text, { error: "must be a list of strings" });
export const dynTextList = value(orExpression(isTextList), "must be a list of strings or a {{ expression }}", { kind: "list", dynamic: true });
export const textOrTextList = value((v) => isText(v) || isTextList(v), "must be a string or a list of strings", { kind: "string or list" });
export const mapOrText = value((v) => isMap(v) || isText(v), "must be a mapping, or a string holding a JSON object", { kind: "map or string" });
/** A JSON string, an expression, or a YAML list. */
export const textOrList = value((v) => isText(v) || Array.isArray(v), "must be a list of values, or a string holding a JSON array", { kind: "string or list" });
export const list = z.array(z.unknown(), { error: "must be a list" });

/** A value that must be present but may be of any shape (e.g. the value stored by kv.Set). */
export const anyValue = value((v) => v !== undefined && v !== null, "must have a value", { kind: "any" });

/** Lists of tasks are only shape-checked here; the task walker validates their items. */
export const taskList = kinded(z.array(z.unknown(), { error: "must be a list of tasks" }), { kind: "tasks" });
export const taskMap = value(isMap, "must be a mapping of names to lists of tasks", { kind: "map" });

/** Labels: a map, or a list of {key, value}. Their keys are checked by the labels rule. */
export const labels = value((v) => isMap(v) || isLabelList(v), "must be a mapping of label keys to values, or a list of {key, value}", { kind: "labels" });
export const dynLabels = value(
  orExpression((v) => isMap(v) || isLabelList(v)),
  "must be a mapping of label keys to values, a list of {key, value}, or a {{ expression }}",
  { kind: "labels", dynamic: true },
);

/** Optional properties: YAML `key:` with nothing after it is null, which Kestra reads as "not set". */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
export const EXECUTION_STATES = [
  "CREATED", "SUBMITTED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING", "FAILED",
  "KILLED", "CANCELLED", "QUEUED", "RETRYING", "RETRIED", "SKIPPED", "BREAKPOINT", "RESUBMITTED",
] as const;
export const RESTART_BEHAVIORS = ["RETRY_FAILED", "NEW_EXECUTION"] as const;
