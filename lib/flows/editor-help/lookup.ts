import { blockAt, type Block, type YamlLine } from "./yaml-lines";
import type { EditorCatalogue, PropertyHelp, TypeHelp, TypeKind } from "./types";

/** A type by its canonical name or one of its aliases. */
export function findType(catalogue: EditorCatalogue, name: string): TypeHelp | undefined {
  const bare = unquote(name);
  return catalogue.types.find((t) => t.type === bare || t.aliases.includes(bare));
}

/** The type's own properties, then those every type of its kind has. */
export function propertiesOf(catalogue: EditorCatalogue, type: TypeHelp): PropertyHelp[] {
  const own = new Set(type.properties.map((p) => p.name));
  return [...type.properties, ...catalogue.shared[type.kind].filter((p) => !own.has(p.name))];
}

export const unquote = (value: string) => value.replace(/^["']|["']$/g, "");

const TASK_LISTS = new Set(["tasks", "then", "else", "errors", "finally", "defaults", "afterExecution", "task"]);
const CONDITION_LISTS = new Set(["conditions", "scheduleConditions"]);

const keyOf = (lines: YamlLine[], line: number | undefined) => (line === undefined ? undefined : lines[line].key);
const parentOf = (lines: YamlLine[], line: number) => blockAt(lines, line, lines[line].col);

/** Which kind of type the mapping holds by where it is: a task in a task list, a trigger under `triggers`, ... */
export function placeOf(lines: YamlLine[], block: Block): TypeKind | null {
  if (block.parentLine === undefined) return null;
  const parentKey = keyOf(lines, block.parentLine);
  const grandparentKey = keyOf(lines, parentOf(lines, block.parentLine).parentLine);
  if (block.inList) {
    if (parentKey === "triggers") return "trigger";
    if (parentKey && CONDITION_LISTS.has(parentKey)) return "condition";
    if (parentKey && TASK_LISTS.has(parentKey)) return "task";
    // a Switch's case: `cases: {name: [tasks]}`
    return grandparentKey === "cases" ? "task" : null;
  }
  // a Dag entry's `task`, and MultipleCondition's named conditions
  if (parentKey === "task") return "task";
  return grandparentKey === "conditions" ? "condition" : null;
}
