import type { Arg, Expr, Stmt, Template } from "./ast";
import { ExpressionError, SourceMap } from "./errors";
import { type Token, tokenize } from "./lexer";

/** Binary operators and their precedence, as the orchestrator's engine defines them. */
const BINARY: Record<string, number> = {
  or: 10,
  and: 15,
  contains: 20,
  "==": 30, "!=": 30, "<": 30, ">": 30, "<=": 30, ">=": 30, equals: 30, in: 30, "not in": 30,
  "+": 40, "-": 40,
  "*": 60, "/": 60, "%": 60,
  "|": 100, is: 100,
  "~": 110,
  "..": 120, "??": 120, "???": 120,
};
/** Deeper than any real expression; keeps the recursive parser and evaluator far from the stack limit. */
export const MAX_NESTING = 100;
/** Larger templates are refused before lexing. */
export const MAX_TEMPLATE_LENGTH = 1_000_000;

/** Parses a template into its syntax tree; throws ExpressionError with the position of the first problem. */
export function parseTemplate(source: string): Template {
  const map = new SourceMap(source);
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw new ExpressionError("budget", `the template is longer than ${MAX_TEMPLATE_LENGTH} characters`, { line: 1, column: 1 }, "template size");
  }
  const parser = new Parser(tokenize(source, map), map);
  const body = parser.statements([]);
  return { source, body };
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly map: SourceMap,
  ) {}

  private get tok(): Token {
    return this.tokens[this.i];
  }

  private fail(message: string, at = this.tok.at): never {
    throw new ExpressionError("syntax", message, this.map.at(at));
  }

  private describe(t: Token): string {
    if (t.type === "eof") return "the end of the template";
    if (t.type === "print-close" || t.type === "tag-close") return `\`${t.type === "print-close" ? "}}" : "%}"}\``;
    if ("value" in t) return `\`${String(t.value)}\``;
    return t.type;
  }

  private isOp(value: string, t = this.tok): boolean {
    return t.type === "op" && t.value === value;
  }

  private isName(value: string, t = this.tok): boolean {
    return t.type === "name" && t.value === value;
  }

  private expectOp(value: string): void {
    if (!this.isOp(value)) this.fail(`expected \`${value}\` but found ${this.describe(this.tok)}`);
    this.i++;
  }

  private expect(type: Token["type"], what: string): Token {
    const t = this.tok;
    if (t.type !== type) this.fail(`expected ${what} but found ${this.describe(t)}`);
    this.i++;
    return t;
  }

  private identifier(what: string): string {
    return (this.expect("name", what) as { value: string }).value;
  }

  /** Statements until one of the `ends` tags (left unconsumed: `{%` then the tag name), or the end. */
  statements(ends: string[]): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      const t = this.tok;
      if (t.type === "eof") {
        if (ends.length) this.fail(`expected \`{% ${ends[ends.length - 1]} %}\` before the end of the template`);
        return out;
      }
      if (t.type === "text") {
        out.push({ kind: "text", value: t.value });
        this.i++;
      } else if (t.type === "print-open") {
        this.i++;
        if (this.tok.type === "print-close") this.fail("empty expression `{{ }}`");
        const expr = this.expression();
        this.expect("print-close", "`}}`");
        out.push({ kind: "print", expr, at: t.at });
      } else if (t.type === "tag-open") {
        const name = this.tokens[this.i + 1];
        if (name.type === "name" && ends.includes(name.value)) return out;
        this.i++;
        out.push(this.tag(t.at));
      } else this.fail(`unexpected ${this.describe(t)}`);
    }
  }

  private tag(at: number): Stmt {
    // blocks nest like expressions: the same limit keeps parser and evaluator off the stack limit
    this.enter();
    const stmt = this.tagBody(at);
    this.depth--;
    return stmt;
  }

  private tagBody(at: number): Stmt {
    const name = this.identifier("a tag name (if, for, set, raw)");
    if (name === "if") return this.ifTag(at);
    if (name === "for") return this.forTag(at);
    if (name === "set") {
      const variable = this.identifier("a variable name");
      this.expectOp("=");
      const value = this.expression();
      this.expect("tag-close", "`%}`");
      return { kind: "set", name: variable, value, at };
    }
    return this.fail(`unknown tag \`${name}\` (known: if, elseif, else, for, set, raw)`, at);
  }

  private ifTag(at: number): Stmt {
    const branches: { test: Expr; body: Stmt[] }[] = [];
    let test = this.expression();
    this.expect("tag-close", "`%}`");
    let otherwise: Stmt[] | null = null;
    for (;;) {
      const body = this.statements(["elseif", "else", "endif"]);
      branches.push({ test, body });
      this.expect("tag-open", "`{%`");
      const end = this.identifier("elseif, else or endif");
      if (end === "elseif") {
        test = this.expression();
        this.expect("tag-close", "`%}`");
        continue;
      }
      this.expect("tag-close", "`%}`");
      if (end === "else") {
        otherwise = this.statements(["endif"]);
        this.expect("tag-open", "`{%`");
        this.identifier("endif");
        this.expect("tag-close", "`%}`");
      }
      return { kind: "if", branches, otherwise, at };
    }
  }

  private forTag(at: number): Stmt {
    const name = this.identifier("a loop variable");
    if (!this.isName("in")) this.fail(`expected \`in\` but found ${this.describe(this.tok)}`);
    this.i++;
    const iterable = this.expression();
    this.expect("tag-close", "`%}`");
    const body = this.statements(["else", "endfor"]);
    this.expect("tag-open", "`{%`");
    const end = this.identifier("else or endfor");
    this.expect("tag-close", "`%}`");
    let otherwise: Stmt[] | null = null;
    if (end === "else") {
      otherwise = this.statements(["endfor"]);
      this.expect("tag-open", "`{%`");
      this.identifier("endfor");
      this.expect("tag-close", "`%}`");
    }
    return { kind: "for", name, iterable, body, otherwise, at };
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) this.fail(`the expression is nested too deeply (more than ${MAX_NESTING} levels)`);
  }

  expression(min = 0): Expr {
    this.enter();
    const depth = this.depth;
    let left = this.unary();
    for (;;) {
      const t = this.tok;
      let op = t.type === "op" || t.type === "name" ? (t as { value: string }).value : "";
      if (op === "not" && this.isName("in", this.tokens[this.i + 1])) op = "not in";
      const prec = BINARY[op];
      if (prec === undefined || prec <= min) break;
      this.i += op === "not in" ? 2 : 1;
      // a chain (`a | f | g`, `a ~ b ~ c`) nests in the tree as deeply as it is long
      this.enter();
      if (op === "|") left = this.filter(left);
      else if (op === "is") left = this.test(left, t.at);
      else left = { kind: "bin", op, left, right: this.expression(prec), at: t.at };
    }
    if (min === 0 && this.isOp("?")) {
      const at = this.tok.at;
      this.i++;
      const then = this.expression();
      this.expectOp(":");
      const otherwise = this.expression();
      left = { kind: "cond", test: left, then, otherwise, at };
    }
    this.depth = depth - 1;
    return left;
  }

  private filter(input: Expr): Expr {
    const at = this.tok.at;
    const name = this.identifier("a filter name after `|`");
    const args = this.isOp("(") ? this.args() : [];
    return { kind: "filter", input, name, args, at };
  }

  private test(input: Expr, at: number): Expr {
    let negate = false;
    if (this.isName("not")) {
      negate = true;
      this.i++;
    }
    const name = this.identifier("a test name after `is`");
    const args = this.isOp("(") ? this.args() : [];
    return { kind: "test", input, name, args, negate, at };
  }

  private args(): Arg[] {
    this.expectOp("(");
    const args: Arg[] = [];
    while (!this.isOp(")")) {
      if (this.tok.type === "name" && this.isOp("=", this.tokens[this.i + 1])) {
        const name = this.identifier("an argument name");
        this.i++;
        args.push({ name, value: this.expression() });
      } else {
        if (args.some((a) => a.name)) this.fail("a positional argument cannot follow a named one");
        args.push({ value: this.expression() });
      }
      if (!this.isOp(")")) this.expectOp(",");
    }
    this.i++;
    return args;
  }

  private unary(): Expr {
    const t = this.tok;
    if (this.isName("not")) {
      this.i++;
      return { kind: "unary", op: "not", operand: this.expression(5), at: t.at };
    }
    if (this.isOp("-") || this.isOp("+")) {
      this.i++;
      this.enter();
      const operand = this.postfix(this.primary());
      this.depth--;
      return { kind: "unary", op: (t as { value: "-" | "+" }).value, operand, at: t.at };
    }
    return this.postfix(this.primary());
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (this.isOp(".")) {
        this.i++;
        const k = this.tok;
        if (k.type === "name") {
          this.i++;
          if (this.isOp("(")) this.fail(`method calls are not allowed (\`.${k.value}(\`)`, k.at);
          expr = { kind: "get", object: expr, key: { kind: "lit", value: k.value, at: k.at }, at: k.at };
        } else if (k.type === "number" && Number.isInteger(k.value)) {
          this.i++;
          expr = { kind: "get", object: expr, key: { kind: "lit", value: k.value, at: k.at }, at: k.at };
        } else this.fail(`expected an attribute name after \`.\` but found ${this.describe(k)}`);
      } else if (this.isOp("[")) {
        this.i++;
        this.enter();
        const key = this.expression();
        this.depth--;
        this.expectOp("]");
        expr = { kind: "get", object: expr, key, at: t.at };
      } else if (this.isOp("(")) {
        this.fail("only named functions can be called", t.at);
      } else return expr;
    }
  }

  private primary(): Expr {
    const t = this.tok;
    if (t.type === "number") {
      this.i++;
      return t.float ? { kind: "lit", value: t.value, at: t.at, float: true } : { kind: "lit", value: t.value, at: t.at };
    }
    if (t.type === "string") {
      this.i++;
      return { kind: "lit", value: t.value, at: t.at };
    }
    if (t.type === "name") {
      this.i++;
      if (t.value === "true" || t.value === "false") return { kind: "lit", value: t.value === "true", at: t.at };
      if (t.value === "null" || t.value === "none") return { kind: "lit", value: null, at: t.at };
      if (this.isOp("(")) return { kind: "call", name: t.value, args: this.args(), at: t.at };
      return { kind: "name", name: t.value, at: t.at };
    }
    if (this.isOp("(")) {
      this.i++;
      const inner = this.expression();
      this.expectOp(")");
      return inner;
    }
    if (this.isOp("[")) {
      this.i++;
      const items: Expr[] = [];
      while (!this.isOp("]")) {
        items.push(this.expression());
        if (!this.isOp("]")) this.expectOp(",");
      }
      this.i++;
      return { kind: "list", items, at: t.at };
    }
    if (this.isOp("{")) {
      this.i++;
      const entries: [Expr, Expr][] = [];
      while (!this.isOp("}")) {
        const key = this.expression();
        this.expectOp(":");
        entries.push([key, this.expression()]);
        if (!this.isOp("}")) this.expectOp(",");
      }
      this.i++;
      return { kind: "map", entries, at: t.at };
    }
    return this.fail(`expected a value but found ${this.describe(t)}`);
  }
}
