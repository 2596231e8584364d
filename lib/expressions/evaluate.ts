import type { Arg, Expr, Stmt, Template } from "./ast";
import { CallSite, charge, type Run, sizeExceeded } from "./context";
import { ExpressionError, SourceMap } from "./errors";
import { FILTERS } from "./filters";
import { FUNCTIONS } from "./functions";
import { arithmetic, compare, contains, equals, range } from "./operators";
import { TESTS } from "./predicates";
import type { Args, Env } from "./registry";
import { toText } from "./serialize";
import { forbiddenKey, getMember, isData, isPlainMap, mapKeys, newMap, truthy, typeName, UNDEFINED } from "./values";

type Scope = Map<string, unknown>;

const isDecimal = (e: Expr) => e.kind === "lit" && e.float === true;
/** A key for messages; a computed key may be any value, and only text and numbers print as themselves. */
const keyText = (key: unknown) => (typeof key === "string" || typeof key === "number" ? String(key) : `(${typeName(key)})`);

const maps = new WeakMap<Template, SourceMap>();

function sourceMap(t: Template): SourceMap {
  let map = maps.get(t);
  if (!map) {
    map = new SourceMap(t.source);
    maps.set(t, map);
  }
  return map;
}

/** Resolves one parsed template against variables; appends to `out` within the output budget. */
export class Evaluator implements Env {
  private readonly map: SourceMap;
  private readonly scopes: Scope[] = [];
  private size = 0;
  private readonly out: string[] = [];

  constructor(
    private readonly template: Template,
    private readonly variables: unknown,
    private readonly run: Run,
    /** renders another template for render()/renderOnce() (with the same variables and run) */
    private readonly nested: (source: string, site: CallSite) => Promise<string>,
  ) {
    this.map = sourceMap(template);
  }

  /** The template's output. */
  async output(): Promise<string> {
    await this.statements(this.template.body);
    return this.out.join("");
  }

  /** For render()/renderOnce(): another template with the same variables, one level deeper. */
  render(source: string, site: CallSite): Promise<string> {
    return this.nested(source, site);
  }

  private site(at: number, name: string): CallSite {
    return new CallSite(this.run, this.map, at, name);
  }

  private error(code: ExpressionError["code"], message: string, at: number, name?: string): never {
    throw new ExpressionError(code, message, this.map.at(at), name);
  }

  private write(text: string, at: number): void {
    if (!text) return;
    this.size += text.length;
    if (this.size > this.run.budgets.outputSize) sizeExceeded(this.run, this.map, at);
    this.out.push(text);
  }

  private async statements(body: Stmt[]): Promise<void> {
    for (const stmt of body) {
      if (stmt.kind === "text") {
        this.write(stmt.value, 0);
        continue;
      }
      charge(this.run, 1, this.map, stmt.at);
      if (stmt.kind === "print") {
        this.write(toText(await this.expr(stmt.expr), this.site(stmt.at, "print")), stmt.at);
      } else if (stmt.kind === "set") {
        const scope = this.scopes[this.scopes.length - 1];
        const value = await this.expr(stmt.value);
        if (scope) scope.set(stmt.name, value);
        else this.scopes.push(new Map([[stmt.name, value]]));
      } else if (stmt.kind === "if") {
        let done = false;
        for (const branch of stmt.branches) {
          if (truthy(await this.expr(branch.test))) {
            await this.statements(branch.body);
            done = true;
            break;
          }
        }
        if (!done && stmt.otherwise) await this.statements(stmt.otherwise);
      } else await this.loop(stmt);
    }
  }

  private async loop(stmt: Extract<Stmt, { kind: "for" }>): Promise<void> {
    const iterable = await this.expr(stmt.iterable);
    let items: unknown[];
    if (iterable === null) items = [];
    else if (Array.isArray(iterable)) items = iterable;
    else if (isPlainMap(iterable)) items = mapKeys(iterable).map((key) => newMap([["key", key], ["value", iterable[key]]]));
    else return this.error("invalid-argument", `cannot loop over a ${typeName(iterable)}`, stmt.at);
    if (items.length === 0) {
      if (stmt.otherwise) await this.statements(stmt.otherwise);
      return;
    }
    const length = items.length;
    // one scope for the whole loop, as the orchestrator: a `set` inside lasts across iterations, not after
    const scope = new Map<string, unknown>();
    this.scopes.push(scope);
    try {
      for (let i = 0; i < length; i++) {
        charge(this.run, 1, this.map, stmt.at);
        scope.set(stmt.name, items[i]);
        scope.set("loop", newMap([["index", i], ["revindex", length - i - 1], ["first", i === 0], ["last", i === length - 1], ["length", length]]));
        await this.statements(stmt.body);
      }
    } finally {
      this.scopes.pop();
    }
  }

  private lookup(name: string): unknown {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i];
      if (scope.has(name)) return scope.get(name);
    }
    return getMember(this.variables, name);
  }

  /** A path for messages: `outputs.fetch.value`, or `(expression)` when it is not a plain path. */
  private describe(e: Expr): string {
    if (e.kind === "name") return e.name;
    if (e.kind === "get") {
      const base = this.describe(e.object);
      if (e.key.kind === "lit" && typeof e.key.value === "string" && /^[A-Za-z_]\w*$/.test(e.key.value)) return `${base}.${e.key.value}`;
      if (e.key.kind === "lit") return `${base}[${JSON.stringify(e.key.value)}]`;
      return `${base}[...]`;
    }
    return "(expression)";
  }

  async expr(e: Expr): Promise<unknown> {
    charge(this.run, 1, this.map, e.at);
    switch (e.kind) {
      case "lit":
        return e.value;
      case "name": {
        const value = this.lookup(e.name);
        if (value === UNDEFINED) this.error("undefined-variable", `variable \`${e.name}\` is not defined`, e.at, e.name);
        return this.checked(value, e);
      }
      case "get": {
        const object = await this.expr(e.object);
        const key = await this.expr(e.key);
        const denied = forbiddenKey(key);
        if (denied) this.error("forbidden", denied, e.at, String(key));
        const name = keyText(key);
        if (object === null) this.error("undefined-attribute", `cannot read \`${name}\` of null (\`${this.describe(e.object)}\` is null)`, e.at, name);
        const value = getMember(object, key);
        if (value === UNDEFINED) {
          this.error("undefined-attribute", `attribute \`${name}\` of \`${this.describe(e.object)}\` is not defined`, e.at, this.describe(e));
        }
        return this.checked(value, e);
      }
      case "list": {
        const items: unknown[] = [];
        for (const item of e.items) items.push(await this.expr(item));
        return items;
      }
      case "map": {
        const map = newMap();
        for (const [k, v] of e.entries) {
          const key = await this.expr(k);
          if (typeof key !== "string" && typeof key !== "number") this.error("invalid-argument", "map keys must be strings or numbers", k.at);
          const denied = forbiddenKey(key);
          if (denied) this.error("forbidden", denied, k.at, String(key));
          map[String(key)] = await this.expr(v);
        }
        return map;
      }
      case "unary": {
        const v = await this.expr(e.operand);
        if (e.op === "not") return !truthy(v);
        if (typeof v !== "number") this.error("invalid-argument", `\`${e.op}\` needs a number, got ${typeName(v)}`, e.at);
        return e.op === "-" ? -v : v;
      }
      case "cond":
        return truthy(await this.expr(e.test)) ? this.expr(e.then) : this.expr(e.otherwise);
      case "bin":
        return this.binary(e);
      case "filter":
        return this.filter(e);
      case "test":
        return this.test(e);
      case "call":
        return this.call(e);
    }
  }

  /** Caller data may hold anything; what a template reads must be plain data. */
  private checked(value: unknown, e: Expr): unknown {
    if (value === undefined) return null;
    if (!isData(value)) this.error("forbidden", `\`${this.describe(e)}\` is a ${typeName(value)}, which templates cannot use`, e.at, this.describe(e));
    return value;
  }

  /** Evaluates, turning a missing variable or attribute into UNDEFINED (for `??`, `???`, `default`, `is defined`). */
  private async lenient(e: Expr): Promise<unknown> {
    try {
      return await this.expr(e);
    } catch (err) {
      if (err instanceof ExpressionError && (err.code === "undefined-variable" || err.code === "undefined-attribute")) return UNDEFINED;
      throw err;
    }
  }

  private async binary(e: Extract<Expr, { kind: "bin" }>): Promise<unknown> {
    const site = this.site(e.at, e.op);
    switch (e.op) {
      case "and":
        return truthy(await this.expr(e.left)) && truthy(await this.expr(e.right));
      case "or":
        return truthy(await this.expr(e.left)) || truthy(await this.expr(e.right));
      case "??": {
        const left = await this.lenient(e.left);
        return left === UNDEFINED || left === null ? this.expr(e.right) : left;
      }
      case "???": {
        const left = await this.lenient(e.left);
        return left === UNDEFINED ? this.expr(e.right) : left;
      }
    }
    const left = await this.expr(e.left);
    const right = await this.expr(e.right);
    switch (e.op) {
      case "~": {
        const text = toText(left, site) + toText(right, site);
        site.checkSize(text.length);
        return text;
      }
      case "==":
      case "equals":
        return equals(left, right, site);
      case "!=":
        return !equals(left, right, site);
      case "<":
        return compare(left, right, site) < 0;
      case ">":
        return compare(left, right, site) > 0;
      case "<=":
        return compare(left, right, site) <= 0;
      case ">=":
        return compare(left, right, site) >= 0;
      case "in":
        return contains(right, left, site);
      case "not in":
        return !contains(right, left, site);
      case "contains":
        return contains(left, right, site);
      case "..":
        return range(left, right, 1, site);
      default:
        // `7 / 2` is 3 as in the orchestrator (whole numbers), `7.0 / 2` is 3.5: a decimal literal makes it decimal
        return arithmetic(e.op, left, right, site, isDecimal(e.left) || isDecimal(e.right));
    }
  }

  private async args(params: string[], args: Arg[], at: number, what: string): Promise<Args> {
    const out: Args = newMap();
    let position = 0;
    for (const arg of args) {
      const name = arg.name ?? params[position++];
      if (name === undefined) this.error("invalid-argument", `${what} takes at most ${params.length} argument${params.length === 1 ? "" : "s"}`, arg.value.at);
      if (!params.includes(name)) this.error("invalid-argument", `${what} has no argument \`${name}\` (known: ${params.join(", ") || "none"})`, arg.value.at);
      out[name] = await this.expr(arg.value);
    }
    return out;
  }

  private async filter(e: Extract<Expr, { kind: "filter" }>): Promise<unknown> {
    const def = FILTERS.get(e.name);
    if (!def) this.error("unknown-filter", `unknown filter \`${e.name}\``, e.at, e.name);
    const input = e.name === "default" ? await this.lenient(e.input) : await this.expr(e.input);
    const args = await this.args(def.args, e.args, e.at, `filter \`${e.name}\``);
    const site = this.site(e.at, e.name);
    return this.result(await def.apply(input, args, site), site);
  }

  private async test(e: Extract<Expr, { kind: "test" }>): Promise<boolean> {
    const def = TESTS.get(e.name);
    if (!def) this.error("unknown-test", `unknown test \`${e.name}\``, e.at, e.name);
    const input = e.name === "defined" ? await this.lenient(e.input) : await this.expr(e.input);
    const args = await this.args(def.args, e.args, e.at, `test \`${e.name}\``);
    const result = def.apply(input, args, this.site(e.at, e.name));
    return e.negate ? !result : result;
  }

  private async call(e: Extract<Expr, { kind: "call" }>): Promise<unknown> {
    const def = FUNCTIONS.get(e.name);
    if (!def) this.error("unknown-function", `unknown function \`${e.name}\``, e.at, e.name);
    const args = await this.args(def.args, e.args, e.at, `function \`${e.name}\``);
    const site = this.site(e.at, e.name);
    return this.result(await def.apply(args, site, this), site);
  }

  /** Whatever a filter or function returns is checked against the budgets before it is used. */
  private result(value: unknown, site: CallSite): unknown {
    if (typeof value === "string" || Array.isArray(value)) site.checkSize(value.length);
    if (value === undefined) return null;
    return value;
  }
}
