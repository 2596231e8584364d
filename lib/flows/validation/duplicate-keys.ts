import { type Document, isMap, isScalar, type LineCounter, type Node } from "yaml";
import { keyOf, walkNodes } from "./yaml-ast";
import { formatPath } from "./paths";
import type { FlowProblem } from "./types";

/** Every repeated key of every mapping, at the repeated key, naming the line of the first one. */
export function duplicateKeys(doc: Document, lineCounter: LineCounter): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const { node, path } of walkNodes(doc.contents)) {
    if (!isMap(node)) continue;
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      const key = keyOf(pair.key);
      const first = seen.get(key);
      if (!first) {
        if (isScalar(pair.key)) seen.set(key, pair.key);
        continue;
      }
      const firstLine = first.range ? lineCounter.linePos(first.range[0]).line : undefined;
      const at = (pair.key as Node).range ? lineCounter.linePos((pair.key as Node).range![0]) : undefined;
      problems.push({
        path: formatPath([...path, key]),
        ...(at ? { line: at.line, column: at.col } : {}),
        message: `duplicate key "${key}"${firstLine ? ` (first defined on line ${firstLine})` : ""}`,
      });
    }
  }
  return problems;
}
