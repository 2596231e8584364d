import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Pair } from "yaml";
import { keyOf } from "./yaml-ast";
import type { Path } from "./types";

export type Position = { line: number; column: number };
/** `key` points at a mapping key (unknown or duplicate property); `value` at what it holds. */
export type Anchor = "key" | "value";

/**
 * Finds where a path is written in the source. When the path leaves the document (a missing
 * property) it stops at the deepest node that exists, i.e. the mapping that lacks the property;
 * when it runs through an alias it stops at the alias, the text the user actually wrote.
 */
export function createLocator(doc: Document, lineCounter: LineCounter) {
  const at = (node: Node | Pair | null | undefined): Position | undefined => {
    const range = isPair(node) ? (node.key as Node | null)?.range : node?.range;
    if (!range) return undefined;
    const pos = lineCounter.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };

  return function locate(path: Path, anchor: Anchor = "value"): Position | undefined {
    // a sequence item may be a bare pair (`[a: 1]`), which reads as the mapping {a: 1}
    let node: Node | Pair | null | undefined = doc.contents as Node | null;
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      if (!node || isAlias(node)) break;
      if (isMap(node) || isPair(node)) {
        const pairs: Pair[] = isPair(node) ? [node] : node.items;
        // with duplicate keys the last one wins in the parsed data, so point at the last one too
        const pair = [...pairs].reverse().find((p) => keyOf(p.key) === String(part));
        if (!pair) break;
        const value = pair.value as Node | null;
        if ((i === path.length - 1 && anchor === "key") || isEmpty(value)) return at(pair.key as Node) ?? at(node);
        node = value;
      } else if (isSeq(node) && typeof part === "number" && part < node.items.length) {
        node = node.items[part] as Node | Pair;
      } else break;
    }
    return at(node);
  };
}

export type Locate = ReturnType<typeof createLocator>;

function isEmpty(node: Node | null): boolean {
  return !node || (isScalar(node) && node.value === null && (!node.range || node.range[0] === node.range[1]));
}
