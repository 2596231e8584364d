import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, Scalar } from "yaml";
import { ExpressionError } from "./errors";
import { parseTemplate } from "./parser";

/** A malformed expression in a YAML document, placed at its line and column in the YAML. */
export type ExpressionWarning = { path: (string | number)[]; line: number; column: number; message: string };

type Visit = { node: Node; path: (string | number)[] };

/**
 * Parses every string of a YAML document that holds `{{` or `{%` with the template parser and
 * reports the ones that do not parse. The orchestrator saves such flows (they fail when run), so
 * these are warnings, not refusals. Walks with an explicit stack; aliases are not followed.
 */
export function checkExpressions(source: string, doc: Document, lineCounter: LineCounter): ExpressionWarning[] {
  const warnings: ExpressionWarning[] = [];
  const stack: Visit[] = doc.contents ? [{ node: doc.contents as Node, path: [] }] : [];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (pair.value) stack.push({ node: pair.value as Node, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (isPair(item) && item.value) stack.push({ node: item.value as Node, path: [...path, i] });
        else if (item) stack.push({ node: item as Node, path: [...path, i] });
      }
    } else if (isScalar(node) && typeof node.value === "string" && (node.value.includes("{{") || node.value.includes("{%"))) {
      const warning = check(node, source, lineCounter, path);
      if (warning) warnings.push(warning);
    }
  }
  return warnings;
}

function check(node: Scalar, source: string, lineCounter: LineCounter, path: (string | number)[]): ExpressionWarning | null {
  const value = node.value as string;
  try {
    parseTemplate(value);
    return null;
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    const at = locate(node, source, lineCounter, e);
    return { path, line: at.line, column: at.col, message: `invalid expression: ${e.reason}` };
  }
}

/**
 * Where the template's line and column fall in the YAML: exact for plain and quoted scalars
 * written on one line without escapes and for block scalars (`|`, `>`); otherwise the scalar's start.
 */
function locate(node: Scalar, source: string, lineCounter: LineCounter, e: ExpressionError): { line: number; col: number } {
  const [start, end] = node.range ?? [0, 0];
  const startPos = lineCounter.linePos(start);
  const raw = source.slice(start, end);
  const value = node.value as string;
  const lines = value.split("\n");
  const offsetInValue = lines.slice(0, e.line - 1).reduce((n, l) => n + l.length + 1, 0) + e.column - 1;
  if (node.type === Scalar.PLAIN && raw === value) return lineCounter.linePos(start + offsetInValue);
  if ((node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) && raw.slice(1, -1) === value) {
    return lineCounter.linePos(start + 1 + offsetInValue);
  }
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    // the text starts on the line after the header (`|`, `|-`, `>`...); each source line gives its
    // characters less the indentation, plus one for the line break (kept by `|`, a space in `>`)
    const headerLine = startPos.line;
    const body = source.slice(source.indexOf("\n", start) + 1, end).split("\n");
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
    let remaining = offsetInValue;
    for (let i = 0; i < body.length; i++) {
      const content = body[i].slice(indent);
      if (remaining <= content.length) return { line: headerLine + 1 + i, col: indent + remaining + 1 };
      remaining -= content.length + 1;
    }
    // past the text's end (an unclosed block): the end of its last line
    let last = body.length - 1;
    while (last >= 0 && !body[last].trim()) last--;
    if (last >= 0) return { line: headerLine + 1 + last, col: body[last].length + 1 };
  }
  return startPos;
}
