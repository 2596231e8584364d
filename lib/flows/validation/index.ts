import { isMap } from "yaml";
import { checkExpressions } from "../../expressions/check";
import { duplicateKeys } from "./duplicate-keys";
import { inputType } from "./inputs";
import { normaliseLabels } from "./labels";
import { formatPath } from "./paths";
import { createLocator } from "./positions";
import type { NamespaceDefault } from "./plugin-defaults";
import { Problems } from "./problems";
import { checkFlow } from "./rules";
import { asName, isPlainObject, type FlowProblem, type FlowValidation, type ParsedFlow, type PlainObject } from "./types";
import { firstAlias, MAX_ALIAS_COUNT, MAX_DEPTH, MAX_SOURCE_LENGTH, parseYaml, toPlain, tooDeep } from "./yaml-ast";

export type { FlowProblem, FlowValidation, ParsedFlow } from "./types";
export type { AppliedDefault, NamespaceDefault } from "./plugin-defaults";
export { describeOrigin } from "./plugin-defaults";

export type ValidateOptions = {
  /**
   * The plugin defaults in force in the flow's namespace chain (nearest wins, a forced ancestor
   * wins), applied with the flow's own before validation. The caller resolves them: validation
   * itself reads nothing.
   */
  namespaceDefaults?: readonly NamespaceDefault[];
};
export { knownTypes } from "./catalogue";

/**
 * Validates a flow's YAML source without touching it (the source is stored verbatim elsewhere).
 * `syntax: true` means the text is not a YAML mapping at all (HTTP 400); otherwise the problems are
 * rule violations (HTTP 422), all of them, each with its path, line and column.
 */
export function validateFlowSource(source: string, options: ValidateOptions = {}): FlowValidation {
  if (source.length > MAX_SOURCE_LENGTH) {
    return fail([{ path: "", line: 1, column: 1, message: `the flow source is larger than ${MAX_SOURCE_LENGTH} characters` }], false);
  }
  const { doc, lineCounter, errors } = parseYaml(source);

  // The parser reports a stack overflow on absurd nesting as an error of its own; that text is
  // YAML all the same, so it is a rule violation rather than a syntax error.
  const exhausted = errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
  if (exhausted) return fail([{ path: "", line: exhausted.line, column: exhausted.column, message: nestingMessage() }], false);
  if (errors.length > 0) {
    const problems = errors.map((e) => ({ path: "", line: e.line, column: e.column, message: e.message }));
    return fail(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)), true);
  }
  if (!isMap(doc.contents)) {
    return fail([{ path: "", line: 1, column: 1, message: "a flow must be a YAML mapping (id, namespace, tasks, ...)" }], true);
  }

  const deep = tooDeep(doc);
  if (deep) {
    const at = deep.node.range ? lineCounter.linePos(deep.node.range[0]) : undefined;
    // the full path of the offending node would be a hundred segments long: name the top-level field
    return fail([{ path: formatPath(deep.path.slice(0, 1)), line: at?.line, column: at?.col, message: nestingMessage() }], false);
  }

  const problems = new Problems(createLocator(doc, lineCounter));
  for (const problem of duplicateKeys(doc, lineCounter)) problems.push(problem);

  const plain = toPlain(doc);
  if ("aliasBomb" in plain) {
    const alias = firstAlias(doc);
    const at = alias?.node.range ? lineCounter.linePos(alias.node.range[0]) : undefined;
    problems.push({
      path: formatPath(alias?.path ?? []),
      ...(at ? { line: at.line, column: at.col } : {}),
      message: `the YAML aliases expand too far (limit ${MAX_ALIAS_COUNT}): refused as a possible alias bomb`,
    });
    return fail(problems.list(), false);
  }
  const flow = plain.value as PlainObject;
  const defaults = checkFlow(flow, problems, options.namespaceDefaults);
  if (problems.count > 0) return { ...fail(problems.list(), false), defaults };
  const expressions = checkExpressions(source, doc, lineCounter).map((w) => ({ ...w, path: formatPath(w.path), severity: "warning" as const }));
  const warnings = [...problems.warnings(), ...expressions].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: true, flow: toParsedFlow(flow), defaults, ...(warnings.length ? { warnings } : {}) };
}

/**
 * The namespace a flow's text declares, read without validating it, so that a caller can resolve
 * that namespace's plugin defaults first; undefined when there is none to read.
 */
export function declaredNamespace(source: string): string | undefined {
  if (source.length > MAX_SOURCE_LENGTH) return undefined;
  // the top-level `namespace:` of a block mapping (column 0), plain or with matching quotes
  const match = /^namespace[ \t]*:[ \t]*(["']?)([a-z0-9][a-z0-9._-]{0,149})\1[ \t]*(?:#.*)?$/m.exec(source);
  return match?.[2];
}

function toParsedFlow(flow: PlainObject): ParsedFlow {
  return {
    ...flow,
    id: asName(flow.id)!,
    namespace: asName(flow.namespace)!,
    labels: normaliseLabels(flow.labels),
    inputs: normaliseInputs(flow.inputs),
    tasks: flow.tasks as unknown[],
    disabled: flow.disabled === true || flow.disabled === "true",
  };
}

/** Inputs as the engine reads them: ENUM is run as the SELECT it stands for, BOOL as BOOLEAN. */
function normaliseInputs(inputs: unknown): unknown[] {
  if (!Array.isArray(inputs)) return [];
  return inputs.map((input) => (isPlainObject(input) && (input.type === "ENUM" || input.type === "BOOL") ? { ...input, type: inputType(input.type) } : input));
}

function fail(problems: FlowProblem[], syntax: boolean): FlowValidation {
  return { ok: false, problems, syntax };
}

function nestingMessage(): string {
  return `the YAML is nested too deeply (more than ${MAX_DEPTH} levels)`;
}
