import type { CallSite } from "../context";
import { compare, equals } from "../operators";
import { toJson } from "../serialize";
import { forbiddenKey, getMember, isPlainMap, mapKeys, newMap, typeName, UNDEFINED } from "../values";

/**
 * A documented subset of jq, interpreted (never compiled): paths (`.a.b`, `.["a"]`, `.[0]`,
 * `.[]`, `?`), pipes, `,`, literals, arrays and objects, arithmetic, comparisons, `and`/`or`/`not`,
 * `//`, and the builtins `length`, `keys`, `values`, `select`, `map`, `first`, `last`, `add`,
 * `type`, `has`, `tostring`, `tonumber`, `sort`, `reverse`, `unique`, `empty`. As in the
 * orchestrator, the result is always the list of outputs.
 */
export function runJq(input: unknown, expression: string, site: CallSite): unknown[] {
  if (expression.length > 1000) site.fail("the jq expression is longer than 1000 characters");
  let ast = parsed.get(expression);
  if (!ast) {
    ast = new JqParser(expression, site).parse();
    if (parsed.size > 500) parsed.clear();
    parsed.set(expression, ast);
  }
  return evaluate(ast, input, site, 0);
}

/** Parsed jq programs by text: a flow applies the same few to every execution. */
const parsed = new Map<string, Node>();

type Node =
  | { k: "identity" }
  | { k: "lit"; v: unknown }
  | { k: "field"; of: Node; name: Node; opt: boolean }
  | { k: "each"; of: Node; opt: boolean }
  | { k: "pipe" | "comma" | "alt"; l: Node; r: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "array"; of: Node | null }
  | { k: "object"; entries: [Node, Node][] }
  | { k: "call"; name: string; args: Node[] };

const TOKEN = /\s*(?:(\.\.|==|!=|<=|>=|\/\/|[.[\]{}(),;|:?+\-*/%<>])|("(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*))/y;

class JqParser {
  private tokens: string[] = [];
  private i = 0;

  constructor(
    private readonly source: string,
    private readonly site: CallSite,
  ) {
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < source.length) {
      if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
      const at = TOKEN.lastIndex;
      const m = TOKEN.exec(source);
      if (!m) site.fail(`jq: unexpected character at offset ${at}: \`${source.slice(at, at + 10).trim()}\``);
      this.tokens.push(m![0].trim());
    }
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }

  private eat(t: string): boolean {
    if (this.tokens[this.i] === t) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(t: string): void {
    if (!this.eat(t)) this.site.fail(`jq: expected \`${t}\` but found ${this.peek() === undefined ? "the end" : `\`${this.peek()}\``} in \`${this.source}\``);
  }

  parse(): Node {
    const node = this.pipe(0);
    if (this.i < this.tokens.length) this.site.fail(`jq: unexpected \`${this.peek()}\` in \`${this.source}\``);
    return node;
  }

  private pipe(depth: number): Node {
    if (depth > 50) this.site.fail("jq: the expression is nested too deeply");
    let l = this.comma(depth);
    while (this.eat("|")) l = { k: "pipe", l, r: this.comma(depth) };
    return l;
  }

  private comma(d: number): Node {
    let l = this.alt(d);
    while (this.eat(",")) l = { k: "comma", l, r: this.alt(d) };
    return l;
  }

  private alt(d: number): Node {
    let l = this.or(d);
    while (this.eat("//")) l = { k: "alt", l, r: this.or(d) };
    return l;
  }

  private or(d: number): Node {
    let l = this.and(d);
    while (this.eat("or")) l = { k: "bin", op: "or", l, r: this.and(d) };
    return l;
  }

  private and(d: number): Node {
    let l = this.cmp(d);
    while (this.eat("and")) l = { k: "bin", op: "and", l, r: this.cmp(d) };
    return l;
  }

  private cmp(d: number): Node {
    const l = this.add(d);
    const op = this.peek();
    if (op && ["==", "!=", "<", "<=", ">", ">="].includes(op)) {
      this.i++;
      return { k: "bin", op, l, r: this.add(d) };
    }
    return l;
  }

  private add(d: number): Node {
    let l = this.mul(d);
    for (let op = this.peek(); op === "+" || op === "-"; op = this.peek()) {
      this.i++;
      l = { k: "bin", op, l, r: this.mul(d) };
    }
    return l;
  }

  private mul(d: number): Node {
    let l = this.postfix(d);
    for (let op = this.peek(); op === "*" || op === "/" || op === "%"; op = this.peek()) {
      this.i++;
      l = { k: "bin", op, l, r: this.postfix(d) };
    }
    return l;
  }

  private postfix(d: number): Node {
    let node = this.primary(d);
    for (;;) {
      if (this.peek() === "." && this.isKey(this.tokens[this.i + 1])) {
        this.i++;
        node = { k: "field", of: node, name: this.key(), opt: false };
      } else if (this.peek() === "[" || (this.peek() === "." && this.tokens[this.i + 1] === "[")) {
        this.eat(".");
        node = this.bracket(node, d);
      } else if (this.eat("?")) {
        if (node.k === "field" || node.k === "each") node = { ...node, opt: true };
      } else return node;
    }
  }

  private isKey(t: string | undefined): boolean {
    return t !== undefined && (/^[A-Za-z_]/.test(t) || t.startsWith('"'));
  }

  private key(): Node {
    const t = this.tokens[this.i++];
    return { k: "lit", v: t.startsWith('"') ? JSON.parse(t) : t };
  }

  private bracket(of: Node, d: number): Node {
    this.expect("[");
    if (this.eat("]")) return { k: "each", of, opt: false };
    const name = this.pipe(d + 1);
    this.expect("]");
    return { k: "field", of, name, opt: false };
  }

  private primary(d: number): Node {
    const t = this.tokens[this.i++];
    if (t === undefined) return this.site.fail(`jq: unexpected end of \`${this.source}\``);
    if (t === ".") {
      if (this.isKey(this.peek())) return { k: "field", of: { k: "identity" }, name: this.key(), opt: false };
      if (this.peek() === "[") return this.bracket({ k: "identity" }, d);
      return { k: "identity" };
    }
    if (/^\d/.test(t)) return { k: "lit", v: Number(t) };
    if (t.startsWith('"')) return { k: "lit", v: JSON.parse(t) };
    if (t === "-") return { k: "bin", op: "-", l: { k: "lit", v: 0 }, r: this.postfix(d) };
    if (t === "(") {
      const inner = this.pipe(d + 1);
      this.expect(")");
      return inner;
    }
    if (t === "[") {
      if (this.eat("]")) return { k: "array", of: null };
      const of = this.pipe(d + 1);
      this.expect("]");
      return { k: "array", of };
    }
    if (t === "{") {
      const entries: [Node, Node][] = [];
      while (!this.eat("}")) {
        const key = this.isKey(this.peek()) ? this.key() : this.parenKey(d);
        const value: Node = this.eat(":") ? this.alt(d + 1) : { k: "field", of: { k: "identity" }, name: key, opt: false };
        entries.push([key, value]);
        if (!this.eat(",")) {
          this.expect("}");
          break;
        }
      }
      return { k: "object", entries };
    }
    if (t === "true" || t === "false") return { k: "lit", v: t === "true" };
    if (t === "null") return { k: "lit", v: null };
    if (/^[A-Za-z_]/.test(t)) {
      const args: Node[] = [];
      if (this.eat("(")) {
        args.push(this.pipe(d + 1));
        while (this.eat(";")) args.push(this.pipe(d + 1));
        this.expect(")");
      }
      return { k: "call", name: t, args };
    }
    return this.site.fail(`jq: unexpected \`${t}\` in \`${this.source}\``);
  }

  private parenKey(d: number): Node {
    this.expect("(");
    const key = this.pipe(d + 1);
    this.expect(")");
    return key;
  }
}

function evaluate(node: Node, input: unknown, site: CallSite, depth: number): unknown[] {
  site.tick();
  if (depth > 200) site.fail("jq: recursion too deep");
  const ev = (n: Node, i: unknown) => evaluate(n, i, site, depth + 1);
  switch (node.k) {
    case "identity":
      return [input];
    case "lit":
      return [node.v];
    case "field": {
      const out: unknown[] = [];
      for (const object of ev(node.of, input)) {
        for (const key of ev(node.name, input)) {
          if (forbiddenKey(key)) site.fail(`jq: access to \`${String(key)}\` is not allowed`);
          if (object === null) out.push(null);
          else if (Array.isArray(object) && typeof key === "number") {
            const v = getMember(object, key < 0 ? object.length + key : key);
            out.push(v === UNDEFINED ? null : v);
          } else if (isPlainMap(object) && typeof key === "string") {
            const v = getMember(object, key);
            out.push(v === UNDEFINED ? null : v);
          } else if (!node.opt) site.fail(`jq: cannot index ${typeName(object)} with ${typeName(key)}`);
        }
      }
      return out;
    }
    case "each": {
      const out: unknown[] = [];
      for (const v of ev(node.of, input)) {
        if (Array.isArray(v)) out.push(...v);
        else if (isPlainMap(v)) out.push(...mapKeys(v).map((k) => v[k]));
        else if (!node.opt) site.fail(`jq: cannot iterate over ${typeName(v)}`);
        site.checkSize(out.length);
      }
      site.tick(out.length);
      return out;
    }
    case "pipe":
      return ev(node.l, input).flatMap((v) => ev(node.r, v));
    case "comma":
      return [...ev(node.l, input), ...ev(node.r, input)];
    case "alt": {
      const left = ev(node.l, input).filter((v) => v !== null && v !== false);
      return left.length ? left : ev(node.r, input);
    }
    case "array":
      return [node.of ? ev(node.of, input) : []];
    case "object": {
      let results = [newMap()];
      for (const [k, v] of node.entries) {
        const keys = ev(k, input);
        const values = ev(v, input);
        const next: Record<string, unknown>[] = [];
        for (const r of results) {
          for (const key of keys) {
            if (typeof key !== "string") site.fail("jq: object keys must be strings");
            if (forbiddenKey(key)) site.fail(`jq: access to \`${key}\` is not allowed`);
            for (const value of values) next.push(newMap([...mapKeys(r).map((x) => [x, r[x]] as [string, unknown]), [key as string, value]]));
          }
        }
        site.tick(next.length);
        results = next;
      }
      return results;
    }
    case "bin": {
      const out: unknown[] = [];
      for (const r of ev(node.r, input)) for (const l of ev(node.l, input)) out.push(binary(node.op, l, r, site));
      return out;
    }
    case "call":
      return builtin(node, input, site, ev);
  }
}

function truthy(v: unknown): boolean {
  return v !== null && v !== false;
}

function binary(op: string, l: unknown, r: unknown, site: CallSite): unknown {
  switch (op) {
    case "and":
      return truthy(l) && truthy(r);
    case "or":
      return truthy(l) || truthy(r);
    case "==":
      return equals(l, r, site);
    case "!=":
      return !equals(l, r, site);
    case "<":
      return compare(l, r, site) < 0;
    case "<=":
      return compare(l, r, site) <= 0;
    case ">":
      return compare(l, r, site) > 0;
    case ">=":
      return compare(l, r, site) >= 0;
  }
  if (op === "+") {
    if (l === null) return r;
    if (r === null) return l;
    if (typeof l === "string" && typeof r === "string") {
      site.checkSize(l.length + r.length);
      return l + r;
    }
    if (Array.isArray(l) && Array.isArray(r)) {
      site.checkSize(l.length + r.length);
      return [...l, ...r];
    }
    if (isPlainMap(l) && isPlainMap(r)) return newMap([...mapKeys(l).map((k) => [k, l[k]] as [string, unknown]), ...mapKeys(r).map((k) => [k, r[k]] as [string, unknown])]);
  }
  if (typeof l !== "number" || typeof r !== "number") return site.fail(`jq: cannot apply \`${op}\` to ${typeName(l)} and ${typeName(r)}`);
  if ((op === "/" || op === "%") && r === 0) return site.fail("jq: division by zero");
  return op === "+" ? l + r : op === "-" ? l - r : op === "*" ? l * r : op === "/" ? l / r : l % r;
}

function builtin(node: Extract<Node, { k: "call" }>, input: unknown, site: CallSite, ev: (n: Node, i: unknown) => unknown[]): unknown[] {
  const arity = (n: number) => {
    if (node.args.length !== n) site.fail(`jq: \`${node.name}\` takes ${n} argument${n === 1 ? "" : "s"}`);
  };
  const list = () => (Array.isArray(input) ? input : site.fail(`jq: \`${node.name}\` needs an array, got ${typeName(input)}`));
  switch (node.name) {
    case "empty":
      return [];
    case "not":
      return [!truthy(input)];
    case "length":
      arity(0);
      if (input === null) return [0];
      if (typeof input === "string" || Array.isArray(input)) return [input.length];
      if (isPlainMap(input)) return [mapKeys(input).length];
      if (typeof input === "number") return [Math.abs(input)];
      return site.fail(`jq: ${typeName(input)} has no length`);
    case "keys":
      arity(0);
      if (isPlainMap(input)) return [mapKeys(input).sort()];
      return [list().map((_v, i) => i)];
    case "values":
      arity(0);
      return input === null ? [] : [input];
    case "select":
      arity(1);
      return ev(node.args[0], input).some(truthy) ? [input] : [];
    case "map":
      arity(1);
      return [list().flatMap((v) => ev(node.args[0], v))];
    case "has":
      arity(1);
      return ev(node.args[0], input).map((k) => (Array.isArray(input) ? typeof k === "number" && k >= 0 && k < input.length : isPlainMap(input) && typeof k === "string" && Object.hasOwn(input, k)));
    case "first":
      return node.args.length ? ev(node.args[0], input).slice(0, 1) : [list()[0] ?? null];
    case "last":
      return node.args.length ? ev(node.args[0], input).slice(-1) : [list()[list().length - 1] ?? null];
    case "add":
      return [list().reduce((acc: unknown, v) => binary("+", acc, v, site), null)];
    case "type":
      return [input === null ? "null" : Array.isArray(input) ? "array" : isPlainMap(input) ? "object" : typeof input];
    case "tostring":
      return [typeof input === "string" ? input : toJson(input, site)];
    case "tonumber": {
      const n = typeof input === "number" ? input : Number(input);
      if (typeof input !== "number" && (typeof input !== "string" || input.trim() === "" || Number.isNaN(n))) site.fail(`jq: cannot parse ${typeName(input)} as a number`);
      return [n];
    }
    case "sort":
      return [[...list()].sort((a, b) => compare(a, b, site))];
    case "reverse":
      return [[...list()].reverse()];
    case "unique": {
      const items = [...list()].sort((a, b) => compare(a, b, site));
      return [items.filter((v, i) => i === 0 || !equals(v, items[i - 1], site))];
    }
  }
  return site.fail(`jq: unknown function \`${node.name}\``);
}
