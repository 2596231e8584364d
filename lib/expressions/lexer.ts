import { ExpressionError, SourceMap } from "./errors";

export type Token =
  | { type: "text"; value: string; at: number }
  | { type: "print-open" | "print-close" | "tag-open" | "tag-close" | "eof"; at: number }
  | { type: "name" | "string" | "op"; value: string; at: number }
  | { type: "number"; value: number; at: number; float: boolean };

const OPERATORS = ["???", "??", "==", "!=", "<=", ">=", "..", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "?", "="];
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "/": "/", b: "\b", f: "\f" };
const RAW_END = /\{%-?\s*endraw\s*-?%\}/g;

/**
 * Splits a template into text and the tokens of its `{{ }}` and `{% %}` blocks, applying
 * whitespace control (`{{-`, `-}}`) and `{% raw %}` on the way, so the parser sees plain tokens.
 */
export function tokenize(source: string, map = new SourceMap(source)): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, at: number): never => {
    throw new ExpressionError("syntax", message, map.at(at));
  };
  let i = 0;
  let trimNext = false;
  const pushText = (value: string, at: number) => {
    const text = trimNext ? value.replace(/^\s+/, "") : value;
    trimNext = false;
    if (text) tokens.push({ type: "text", value: text, at });
  };
  const trimPrevious = () => {
    const last = tokens[tokens.length - 1];
    if (last?.type === "text") {
      last.value = last.value.replace(/\s+$/, "");
      if (!last.value) tokens.pop();
    }
  };

  while (i < source.length) {
    const open = nextOpening(source, i);
    if (open < 0) {
      pushText(source.slice(i), i);
      break;
    }
    pushText(source.slice(i, open), i);
    const kind = source[open + 1];
    let p = open + 2;
    if (source[p] === "-") {
      trimPrevious();
      p++;
    }
    if (kind === "#") {
      const end = source.indexOf("#}", p);
      if (end < 0) fail("unclosed comment: `{#` has no `#}`", open);
      trimNext = source[end - 1] === "-";
      i = end + 2;
      continue;
    }
    const start = tokens.length;
    tokens.push({ type: kind === "{" ? "print-open" : "tag-open", at: open });
    const close = kind === "{" ? "}}" : "%}";
    const end = lexExpression(source, p, close, tokens, fail);
    if (end < 0) fail(`unclosed \`${kind === "{" ? "{{" : "{%"}\`: no \`${close}\` follows`, open);
    const trimmed = source[end - 1] === "-" && tokens[tokens.length - 1]?.type === "op" && (tokens[tokens.length - 1] as { value: string }).value === "-";
    if (trimmed) tokens.pop();
    tokens.push({ type: kind === "{" ? "print-close" : "tag-close", at: end });
    trimNext = trimmed;
    i = end + 2;

    const first = tokens[start + 1];
    if (kind === "%" && first?.type === "name" && first.value === "raw" && tokens.length === start + 3) {
      tokens.length = start;
      RAW_END.lastIndex = i;
      const m = RAW_END.exec(source);
      if (!m) fail("`{% raw %}` has no `{% endraw %}`", open);
      pushText(source.slice(i, m!.index), i);
      i = m!.index + m![0].length;
    }
  }
  tokens.push({ type: "eof", at: source.length });
  return tokens;
}

function nextOpening(source: string, from: number): number {
  let i = source.indexOf("{", from);
  while (i >= 0) {
    const c = source[i + 1];
    if (c === "{" || c === "%" || c === "#") return i;
    i = source.indexOf("{", i + 1);
  }
  return -1;
}

/** Lexes one block's expression tokens; returns the offset of its closing delimiter, or -1. */
function lexExpression(source: string, from: number, close: string, tokens: Token[], fail: (m: string, at: number) => never): number {
  let i = from;
  let braces = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (braces === 0 && source.startsWith(close, i)) return i;
    if (braces === 0 && c === "-" && source.startsWith(close, i + 1)) {
      tokens.push({ type: "op", value: "-", at: i });
      return i + 1;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j])) j++;
      tokens.push({ type: "name", value: source.slice(i, j), at: i });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i, i + 64))!;
      tokens.push({ type: "number", value: Number(m[0]), at: i, float: /[.eE]/.test(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = "";
      while (j < source.length && source[j] !== c) {
        if (source[j] === "\\" && j + 1 < source.length) {
          const e = source[j + 1];
          value += ESCAPES[e] ?? e;
          j += 2;
        } else value += source[j++];
      }
      if (j >= source.length) fail("unclosed string literal", i);
      tokens.push({ type: "string", value, at: i });
      i = j + 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) fail(`unexpected character \`${c}\``, i);
    if (op === "{") braces++;
    if (op === "}") braces = Math.max(0, braces - 1);
    tokens.push({ type: "op", value: op!, at: i });
    i += op!.length;
  }
  return -1;
}
