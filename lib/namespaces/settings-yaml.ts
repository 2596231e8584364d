import { stringify } from "yaml";
import type { FlowProblem } from "../flows/validation";
import { createLocator } from "../flows/validation/positions";
import { parseYaml, toPlain, tooDeep } from "../flows/validation/yaml-ast";
import { namespacePluginDefaults, namespaceVariables } from "./schemas";

// Namespace variables and plugin defaults are edited as YAML, as in Kestra; this turns the text
// into the value the API takes, with every problem placed at its line (in the browser and in tests).

const SCHEMAS = { variables: namespaceVariables, pluginDefaults: namespacePluginDefaults };
export type SettingsKind = keyof typeof SCHEMAS;
export type SettingsParse<K extends SettingsKind> =
  | { ok: true; value: (typeof SCHEMAS)[K]["_output"] }
  | { ok: false; problems: FlowProblem[] };

export function parseSettingsYaml<K extends SettingsKind>(kind: K, text: string): SettingsParse<K> {
  const empty = kind === "variables" ? {} : [];
  if (text.trim() === "") return { ok: true, value: empty as (typeof SCHEMAS)[K]["_output"] };
  const { doc, lineCounter, errors } = parseYaml(text);
  if (errors.length) return { ok: false, problems: errors.map((e) => ({ path: "", line: e.line, column: e.column, message: e.message })) };
  const deep = tooDeep(doc);
  if (deep) return { ok: false, problems: [{ path: "", message: "the document is nested too deeply" }] };
  const plain = toPlain(doc);
  if ("aliasBomb" in plain) return { ok: false, problems: [{ path: "", message: "aliases expand too far" }] };
  const parsed = SCHEMAS[kind].safeParse(plain.value ?? empty);
  if (parsed.success) return { ok: true, value: parsed.data as (typeof SCHEMAS)[K]["_output"] };
  const locate = createLocator(doc, lineCounter);
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const path = i.path as (string | number)[];
      const at = locate(path, i.code === "invalid_key" ? "key" : "value");
      return { path: path.join("."), line: at?.line, column: at?.column, message: i.message };
    }),
  };
}

/** The stored value as the YAML the editor starts from. */
export function settingsToYaml(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value) ? value.length === 0 : typeof value === "object" && Object.keys(value).length === 0) return "";
  return stringify(value, { lineWidth: 0 });
}
