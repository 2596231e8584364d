import type { AppliedDefault } from "./plugin-defaults";

/**
 * One rule violation, named by a dotted/indexed path and placed at a 1-based line and column.
 * A `warning` (a malformed expression, say) is reported but does not refuse the flow.
 */
export type FlowProblem = { path: string; line?: number; column?: number; message: string; severity?: "warning" };

/** The whole document as plain data (keys in source order), with the few fields every caller reads made explicit. */
export type ParsedFlow = {
  id: string;
  namespace: string;
  description?: string;
  labels: Record<string, string>;
  inputs: unknown[];
  tasks: unknown[];
  disabled: boolean;
  [k: string]: unknown;
};

/**
 * `defaults`: each property a plugin default set on a task or trigger, with where it came from.
 * `warnings`: problems that do not refuse the flow (a malformed expression, say).
 */
export type FlowValidation =
  | { ok: true; flow: ParsedFlow; defaults: AppliedDefault[]; warnings?: FlowProblem[] }
  | { ok: false; problems: FlowProblem[]; syntax: boolean; defaults?: AppliedDefault[] };

/** A path into the document: map keys and list indexes. */
export type Path = readonly (string | number)[];

export type PlainObject = Record<string, unknown>;

/** A scalar written where a name is expected, as Kestra (Jackson) reads it: `id: 42` is "42". */
export function asName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
