// A flow's inputs as the run form reads them, and the form's checks before sending: the engine's
// own conversion (lib/executions/input-types.ts, pure and browser-safe), so the form refuses what
// the server would refuse, with the same words.
import { parse } from "yaml";
import { type InputDef, InputProblem, choicesOf, convertInput } from "@/lib/executions/input-types";

export type FormInput = InputDef & {
  label: string;
  description: string | null;
  required: boolean;
  /** the default when it is a plain value (an expression is rendered by the engine at start) */
  initial: FormValue;
  /** a default written as an expression, shown as a hint */
  expressionDefault: string | null;
  choices: string[] | null;
  /** a conditional input (one with a `dependsOn`): the form asks for it only when the engine says so */
  conditional: boolean;
};
export type FormValue = string | string[] | boolean | File | null;

const isExpression = (v: unknown) => typeof v === "string" && /\{\{|\{%/.test(v);

function initialOf(type: string, defaults: unknown): FormValue {
  if (defaults === undefined || defaults === null || isExpression(defaults)) return type === "BOOLEAN" || type === "BOOL" ? false : type === "MULTISELECT" ? [] : "";
  switch (type) {
    case "BOOLEAN":
    case "BOOL":
      return defaults === true || defaults === "true";
    case "MULTISELECT":
      return Array.isArray(defaults) ? defaults.map(String) : [String(defaults)];
    case "ARRAY":
      return Array.isArray(defaults) ? defaults.map((d) => (typeof d === "string" ? d : JSON.stringify(d))).join("\n") : String(defaults);
    case "JSON":
      return typeof defaults === "string" ? defaults : JSON.stringify(defaults, null, 2);
    case "YAML":
      return typeof defaults === "string" ? defaults : JSON.stringify(defaults, null, 2);
    case "DATETIME":
      // the picker shows UTC minutes: 2025-01-31T09:30
      return typeof defaults === "string" && !Number.isNaN(Date.parse(defaults)) ? new Date(defaults).toISOString().slice(0, 16) : String(defaults);
    default:
      return typeof defaults === "string" ? defaults : JSON.stringify(defaults);
  }
}

/** Inputs as declared (a flow's `inputs`, a Pause's `onResume`) read for a form. */
export function formInputs(raw: unknown): FormInput[] {
  return (Array.isArray(raw) ? raw : [])
    .filter((i): i is Record<string, unknown> => !!i && typeof i === "object")
    .map((i) => {
      const type = i.type === "ENUM" ? "SELECT" : i.type === "BOOL" ? "BOOLEAN" : String(i.type ?? "STRING");
      const id = String(i.id ?? i.name);
      const def = { ...i, id, type } as InputDef;
      return {
        ...def,
        label: typeof i.displayName === "string" && i.displayName ? i.displayName : id,
        description: typeof i.description === "string" ? i.description : null,
        required: !(i.required === false || i.required === "false"),
        initial: initialOf(type, i.defaults),
        expressionDefault: isExpression(i.defaults) ? String(i.defaults) : null,
        choices: choicesOf(def),
        conditional: i.dependsOn !== undefined && i.dependsOn !== null,
      };
    });
}

/** The flow's source read for its form: its inputs, and whether it is disabled. */
export function flowForm(source: string): { inputs: FormInput[]; disabled: boolean } {
  let flow: Record<string, unknown> | null = null;
  try {
    flow = parse(source, { uniqueKeys: false }) as Record<string, unknown>;
  } catch {
    flow = null;
  }
  return { inputs: formInputs(flow?.inputs), disabled: flow?.disabled === true };
}

/** The initial values of a form's inputs (their plain defaults). */
export const initialValues = (inputs: FormInput[]): Record<string, FormValue> => Object.fromEntries(inputs.map((i) => [i.id, i.initial]));

/** Every shown input's problem before sending, by input id. */
export function checkInputs(inputs: FormInput[], values: Record<string, FormValue>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const input of inputs) {
    const problem = checkInput(input, values[input.id]);
    if (problem) found[input.id] = problem;
  }
  return found;
}

/** The values as text, for the engine to tell which conditional inputs are asked for (a file by its name). */
export function conditionValues(inputs: FormInput[], values: Record<string, FormValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const input of inputs) {
    const sent = wireValue(input, values[input.id]);
    if (sent !== null) out[input.id] = sent instanceof File ? sent.name : sent;
  }
  return out;
}

const isEmpty = (v: FormValue) => v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** ARRAY inputs are typed one item per line (or as a JSON array). */
export function arrayItems(text: string): string[] | unknown[] {
  const t = text.trim();
  if (t.startsWith("[")) {
    try {
      const parsed = JSON.parse(t) as unknown;
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // read as lines
    }
  }
  return t.split("\n").map((l) => l.trim()).filter(Boolean);
}

/** What is sent for a value: text, a JSON array, or the file itself; null for nothing. */
export function wireValue(input: FormInput, value: FormValue): string | File | null {
  if (value instanceof File) return value;
  if (typeof value === "boolean") return String(value);
  if (isEmpty(value)) return null;
  if (input.type === "MULTISELECT") return JSON.stringify(value);
  if (input.type === "ARRAY") return JSON.stringify(arrayItems(value as string));
  if (input.type === "DATETIME" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value as string)) return `${value}:00Z`;
  return value as string;
}

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);

/** The form's problem with one value, in the engine's words; null when the engine would take it. */
export function checkInput(input: FormInput, value: FormValue): string | null {
  const sent = wireValue(input, value);
  // nothing given: the engine takes the default, when there is one
  if (sent === null) return input.required && (input.defaults === undefined || input.defaults === null) ? "Required" : null;
  if (sent instanceof File || input.type === "FILE") return null;
  try {
    convertInput(input, input.type === "MULTISELECT" || input.type === "ARRAY" ? JSON.parse(sent) : sent);
    return null;
  } catch (e) {
    if (e instanceof InputProblem) return sentence(e.message);
    return null;
  }
}

/** A server detail `input "x" must be …` as the field's message. */
export const serverMessage = (message: string) => sentence(message.replace(/^input "[^"]*" /, ""));
