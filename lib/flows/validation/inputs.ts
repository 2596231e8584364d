import { IdRegistry } from "./ids";
import { INPUT_ID } from "./names";
import type { Problems } from "./problems";
import { asName, isPlainObject, type Path, type PlainObject } from "./types";

export const INPUT_TYPES = [
  "STRING", "INT", "FLOAT", "BOOLEAN", "DATETIME", "DATE", "TIME", "DURATION", "FILE", "JSON", "URI", "SECRET",
  "ARRAY", "SELECT", "MULTISELECT", "YAML", "EMAIL", "BOOL",
];

/**
 * The deprecated ENUM input (with `values`) is a SELECT under its older name; BOOL (the
 * orchestrator 1.x's toggle) is read as BOOLEAN: true or false.
 */
export const inputType = (type: unknown): string => (type === "ENUM" ? "SELECT" : type === "BOOL" ? "BOOLEAN" : String(type));

export function checkInputs(inputs: unknown, path: Path, problems: Problems): void {
  if (!Array.isArray(inputs)) return;
  const ids = new IdRegistry("input", problems);
  inputs.forEach((input, i) => {
    const here = [...path, i];
    if (!isPlainObject(input)) {
      problems.add(here, 'an input must be a mapping with an "id" and a "type"');
      return;
    }
    // `name` is the older spelling of `id`
    const idKey = input.id == null && input.name != null ? "name" : "id";
    const id = asName(input[idKey]);
    if (input[idKey] == null || id === "") problems.add([...here, "id"], 'an input needs an "id"');
    else if (id === undefined) problems.add([...here, idKey], '"id" must be a string');
    else {
      if (!INPUT_ID.test(id)) problems.add([...here, idKey], `input id "${id}" must match ${INPUT_ID.source}`);
      ids.add(id, [...here, idKey]);
    }
    if (input.type == null || input.type === "") problems.add([...here, "type"], 'an input needs a "type"');
    else if (!INPUT_TYPES.includes(inputType(input.type))) problems.add([...here, "type"], unknownInputType(input.type));
    else checkTypedInput(input, here, problems);
  });
}

function checkTypedInput(input: PlainObject, path: Path, problems: Problems): void {
  if (input.dependsOn != null) checkDependsOn(input.dependsOn, [...path, "dependsOn"], problems);
  if (input.validator != null) {
    const problem = typeof input.validator === "string" ? regexProblem(input.validator) : "must be a string";
    if (problem) problems.add([...path, "validator"], `"validator" is not a valid regular expression: ${problem}`);
  }
  if (input.type === "FILE" && input.defaults != null) {
    problems.add([...path, "defaults"], 'a FILE input cannot have "defaults": files are uploaded when the flow runs', "key");
  }
  if (input.type === "ARRAY") {
    if (input.itemType == null) problems.add([...path, "itemType"], 'missing required property "itemType" for an ARRAY input');
    else if (input.itemType === "ARRAY") problems.add([...path, "itemType"], "an ARRAY input cannot have itemType ARRAY (no arrays of arrays)");
    else if (!INPUT_TYPES.includes(String(input.itemType))) problems.add([...path, "itemType"], unknownInputType(input.itemType));
  }
  const type = inputType(input.type);
  if (type === "SELECT" || type === "MULTISELECT") {
    // MULTISELECT's older spelling of `values` is `options`
    if (input.values == null && input.expression == null && input.options == null) {
      problems.add([...path, "values"], `a ${String(input.type)} input needs "values" (or an "expression" producing them)`);
    }
  }
}

/**
 * A conditional input's `dependsOn`: the ids of the inputs it reads and a condition. Ids that name
 * no input are ignored when the flow runs, as by the orchestrator, so they load.
 */
function checkDependsOn(dependsOn: unknown, path: Path, problems: Problems): void {
  if (!isPlainObject(dependsOn)) {
    problems.add(path, '"dependsOn" must be a mapping with "inputs" (a list of input ids) and a "condition"');
    return;
  }
  const { inputs, condition } = dependsOn;
  if (inputs != null && !(Array.isArray(inputs) && inputs.every((i) => typeof i === "string"))) problems.add([...path, "inputs"], '"inputs" must be a list of input ids');
  if (condition != null && typeof condition !== "string") problems.add([...path, "condition"], '"condition" must be a string (an expression)');
}

/** Kestra compiles validators with java.util.regex; a leading inline flag group such as (?i) is Java-only syntax. */
function regexProblem(pattern: string): string | undefined {
  const flags = /^\(\?([imsx]+)\)/.exec(pattern);
  const body = flags ? pattern.slice(flags[0].length) : pattern;
  const jsFlags = flags ? [...new Set(flags[1].replace("x", ""))].join("") : "";
  // without the `u` flag JavaScript is as lenient as Java about escapes; with it, \p{...} classes parse
  let first: unknown;
  for (const extra of ["", "u"]) {
    try {
      new RegExp(body, jsFlags + extra);
      return undefined;
    } catch (e) {
      first ??= e;
    }
  }
  return first instanceof Error ? first.message : String(first);
}

function unknownInputType(type: unknown): string {
  return `unknown input type "${String(type)}" (known: ${INPUT_TYPES.join(", ")})`;
}

const OUTPUT_KEYS = ["id", "type", "value", "description", "displayName", "required"];

/** Flow outputs: {id, type, value} (and a description), ids unique, nothing else. */
export function checkOutputs(outputs: unknown, path: Path, problems: Problems): void {
  if (!Array.isArray(outputs)) return;
  const ids = new IdRegistry("output", problems);
  outputs.forEach((output, i) => {
    const here = [...path, i];
    if (!isPlainObject(output)) {
      problems.add(here, 'an output must be a mapping with an "id", a "type" and a "value"');
      return;
    }
    for (const key of Object.keys(output)) {
      if (!OUTPUT_KEYS.includes(key)) problems.add([...here, key], `unknown property "${key}" for an output`, "key");
    }
    const id = asName(output.id);
    if (output.id == null || id === "") problems.add([...here, "id"], 'an output needs an "id"');
    else if (id === undefined) problems.add([...here, "id"], '"id" must be a string');
    else {
      if (!INPUT_ID.test(id)) problems.add([...here, "id"], `output id "${id}" must match ${INPUT_ID.source}`);
      ids.add(id, [...here, "id"]);
    }
    if (output.type == null) problems.add([...here, "type"], 'an output needs a "type"');
    else if (!INPUT_TYPES.includes(inputType(output.type))) problems.add([...here, "type"], `unknown output type "${String(output.type)}" (known: ${INPUT_TYPES.join(", ")})`);
    if (output.value == null) problems.add([...here, "value"], 'an output needs a "value"');
  });
}
