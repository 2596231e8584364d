import { findType, placeOf, propertiesOf, unquote } from "./lookup";
import type { EditorCatalogue, PropertyHelp, TypeHelp, TypeKind } from "./types";
import { blockAt, lineAt, splitLines } from "./yaml-lines";

// The flow editor's completion as a pure function of the text and the cursor, so that tests call it
// directly: task, trigger and condition types after `type:`, the properties of a typed mapping, and
// the values of an enum property.

export type CompletionOption = {
  label: string;
  /** what is inserted, when not the label */
  apply?: string;
  /** shown beside the label: kind and whether required */
  detail?: string;
  /** shown in the side panel */
  info?: string;
  type: "type" | "property" | "enum";
  boost?: number;
};

export type FlowCompletion = { from: number; to: number; options: CompletionOption[] };

const KINDS: Record<TypeKind, string> = { task: "task", trigger: "trigger", condition: "condition" };

/** The options at `pos` in `doc`, or null where there is nothing to complete. */
export function completeFlow(catalogue: EditorCatalogue, doc: string, pos: number): FlowCompletion | null {
  const lines = splitLines(doc);
  const { index, column } = lineAt(lines, pos);
  const line = lines[index];
  const before = line.text.slice(0, column);
  // the mapping the cursor's key belongs to: a blank line belongs to the one at the cursor's column
  const col = line.text.trim() === "" ? column : line.col;
  if (column < line.col && line.text.trim() !== "") return null;
  const block = blockAt(lines, index, col);

  const valueAt = /^(\s*(?:-\s+)?)([A-Za-z_$][\w.$-]*)[ \t]*:[ \t]*(["']?)([^\s"']*)$/.exec(before);
  if (valueAt) {
    const [, , key, , typed] = valueAt;
    const from = line.from + column - typed.length;
    if (key === "type") {
      const place = placeOf(lines, block);
      if (!place) return null;
      return { from, to: valueEnd(line.text, column) + line.from, options: byBoost(typeOptions(catalogue, place, typed)) };
    }
    const type = findType(catalogue, block.keys.get("type")?.value ?? "");
    const property = type && propertiesOf(catalogue, type).find((p) => p.name === key);
    if (!property || property.kind !== "enum" || !property.values) return null;
    const options = property.values
      .filter((v) => v.toLowerCase().includes(typed.toLowerCase()))
      .map((v): CompletionOption => ({ label: v, type: "enum", detail: key }));
    return { from, to: valueEnd(line.text, column) + line.from, options };
  }

  const keyAt = /^(\s*(?:-\s+)?)([A-Za-z_$][\w$-]*)?$/.exec(before);
  if (!keyAt || /:/.test(line.text.slice(column))) return null;
  const typed = keyAt[2] ?? "";
  const type = findType(catalogue, block.keys.get("type")?.value ?? "");
  if (!type) return null;
  const present = new Set([...block.keys.keys()].filter((k) => !(block.keys.get(k)!.line === index)));
  const indent = " ".repeat(col);
  const options = propertiesOf(catalogue, type)
    .filter((p) => !present.has(p.name) && p.name.toLowerCase().includes(typed.toLowerCase()))
    .map((p) => propertyOption(p, type, indent));
  return { from: line.from + column - typed.length, to: line.from + column + wordAfter(line.text, column), options: byBoost(options) };
}

function typeOptions(catalogue: EditorCatalogue, place: TypeKind, typed: string): CompletionOption[] {
  const query = unquote(typed).toLowerCase();
  const matches = (t: TypeHelp) => [t.type, ...t.aliases].some((name) => name.toLowerCase().includes(query));
  return catalogue.types
    .filter((t) => t.kind === place && matches(t))
    .map((t) => ({
      label: t.type,
      type: "type",
      detail: KINDS[t.kind],
      info: t.description,
      // the short name first: "Log" before "Fetch" when "log" is typed
      boost: shortName(t.type).toLowerCase().startsWith(query) ? 1 : 0,
    }));
}

/** The options in the order shown: the most likely first (a stable sort keeps the catalogue's order). */
const byBoost = (options: CompletionOption[]) => [...options].sort((a, b) => (b.boost ?? 0) - (a.boost ?? 0));

const shortName = (type: string) => type.slice(type.lastIndexOf(".") + 1);

export function kindLabel(p: PropertyHelp): string {
  const kind = p.kind === "enum" && p.values ? p.values.join(" | ") : p.kind;
  return p.required ? `${kind} · required` : kind;
}

function propertyOption(p: PropertyHelp, type: TypeHelp, indent: string): CompletionOption {
  const own = type.properties.some((o) => o.name === p.name);
  // a list or a map goes on the lines below: the cursor lands where its first entry goes
  const apply =
    p.kind === "list of tasks" || p.kind.startsWith("list")
      ? `${p.name}:\n${indent}  - `
      : p.kind === "map"
        ? `${p.name}:\n${indent}  `
        : `${p.name}: `;
  return {
    label: p.name,
    apply,
    type: "property",
    detail: kindLabel(p),
    info: p.description,
    boost: p.required ? 2 : own ? 1 : 0,
  };
}

/** Where the value being completed ends: the rest of the word is replaced, a closing quote kept. */
const valueEnd = (text: string, column: number) => column + wordAfter(text, column);

const wordAfter = (text: string, column: number) => /^[^\s"':]*/.exec(text.slice(column))![0].length;
