import { findType, propertiesOf } from "./lookup";
import type { EditorCatalogue, PropertyHelp, TypeHelp } from "./types";
import { blockAt, lineAt, splitLines } from "./yaml-lines";

export type FlowHover = { from: number; to: number; type: TypeHelp; property?: PropertyHelp };

/** What the documentation tooltip shows at `pos`: a type's, or one of a typed mapping's properties. */
export function hoverFlow(catalogue: EditorCatalogue, doc: string, pos: number): FlowHover | null {
  const lines = splitLines(doc);
  const { index, column } = lineAt(lines, pos);
  const line = lines[index];
  if (line.key === undefined || line.keyEnd === undefined) return null;
  if (line.key === "type" && line.valueCol !== undefined && line.value) {
    const end = line.valueCol + line.value.length;
    if (column < line.valueCol || column > end) return hoverKey(catalogue, lines, index, column);
    const type = findType(catalogue, line.value);
    return type ? { from: line.from + line.valueCol, to: line.from + end, type } : null;
  }
  return hoverKey(catalogue, lines, index, column);
}

function hoverKey(catalogue: EditorCatalogue, lines: ReturnType<typeof splitLines>, index: number, column: number): FlowHover | null {
  const line = lines[index];
  if (column < line.col || column > line.keyEnd!) return null;
  const block = blockAt(lines, index, line.col);
  const type = findType(catalogue, block.keys.get("type")?.value ?? "");
  if (!type) return null;
  if (line.key === "type") return { from: line.from + line.col, to: line.from + line.keyEnd!, type };
  const property = propertiesOf(catalogue, type).find((p) => p.name === line.key);
  return property ? { from: line.from + line.col, to: line.from + line.keyEnd!, type, property } : null;
}
