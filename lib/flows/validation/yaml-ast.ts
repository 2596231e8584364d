import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Path } from "./types";

/** Deeper than any real flow; keeps every later (recursive) walk far from the stack limit. */
export const MAX_DEPTH = 100;
/**
 * How far aliases may expand (the YAML library's own measure: alias uses times the size of what
 * they point at). Ordinary reuse of an anchor stays far below; a "billion laughs" document does not.
 */
export const MAX_ALIAS_COUNT = 100;
/** Beyond this size the YAML library itself can exhaust memory; no hand-written flow comes near it. */
export const MAX_SOURCE_LENGTH = 2_000_000;

export type ParsedYaml = { doc: Document.Parsed; lineCounter: LineCounter };
export type YamlError = { message: string; line?: number; column?: number; code: string };

/**
 * Parses without ever throwing. Duplicate keys are kept (`uniqueKeys: false`) so that we can report
 * every one of them with its line instead of the library stopping at the first.
 */
export function parseYaml(source: string): ParsedYaml & { errors: YamlError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const errors = doc.errors.map((e) => {
    const at = lineCounter.linePos(e.pos[0]);
    return { message: e.message.split("\n")[0], line: at.line, column: at.col, code: e.code };
  });
  return { doc, lineCounter, errors };
}

export type NodeVisit = { node: Node; path: Path; depth: number };

/**
 * Every node with its path, depth first, with an explicit stack: recursion would overflow on the
 * deeply nested documents this is meant to catch. Aliases are not followed (their anchor is visited
 * where it is defined), so an alias bomb costs no more than its text.
 */
export function* walkNodes(root: unknown): Generator<NodeVisit> {
  const stack: NodeVisit[] = [];
  if (isNode(root)) stack.push({ node: root, path: [], depth: 0 });
  while (stack.length > 0) {
    const visit = stack.pop()!;
    yield visit;
    const { node, path, depth } = visit;
    const children: NodeVisit[] = [];
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyOf(pair.key);
        if (isNode(pair.key) && !isScalar(pair.key)) children.push({ node: pair.key, path: [...path, key], depth: depth + 1 });
        if (isNode(pair.value)) children.push({ node: pair.value, path: [...path, key], depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (isNode(item)) children.push({ node: item, path: [...path, i], depth: depth + 1 });
        // a `- key: value` pair written straight into a sequence is parsed as a Pair
        else if (isPair(item) && isNode(item.value)) children.push({ node: item.value, path: [...path, i], depth: depth + 1 });
      });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** The first node nested deeper than MAX_DEPTH, if any. */
export function tooDeep(doc: Document): NodeVisit | undefined {
  for (const visit of walkNodes(doc.contents)) if (visit.depth > MAX_DEPTH) return visit;
  return undefined;
}

/** The first alias written in the document, where an alias bomb is reported. */
export function firstAlias(doc: Document): NodeVisit | undefined {
  for (const visit of walkNodes(doc.contents)) if (isAlias(visit.node)) return visit;
  return undefined;
}

/** The document as plain data; refuses alias expansion beyond MAX_ALIAS_COUNT instead of expanding it. */
export function toPlain(doc: Document): { value: unknown } | { aliasBomb: true } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) return { aliasBomb: true };
    throw e;
  }
}

export function keyOf(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (isAlias(key)) return `*${key.source}`;
  return String(key);
}

export function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}
