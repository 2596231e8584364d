import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FILTERS } from "./filters";
import { FUNCTIONS } from "./functions";
import { ExpressionError, render } from "./index";

// Property-based: random expressions over random data either render within the budgets or fail
// with the engine's own error; nothing else (no TypeError, RangeError, hang or stray exception).

const BUDGETS = { steps: 5_000, outputSize: 20_000, depth: 3 };
const NAMES = ["a", "b", "list", "map", "s", "n", "missing", "loop", "constructor", "__proto__", "toString", "length"];
const OPERATORS = ["+", "-", "*", "/", "%", "~", "==", "!=", "<", ">=", "and", "or", "in", "not in", "contains", "??", "???", ".."];
const TESTS = ["defined", "null", "empty", "even", "odd", "iterable", "map", "json"];

const literal = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => String(Math.abs(d)).replace(/e.*$/, "")),
  fc.string({ maxLength: 8 }).map((s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`),
  fc.constantFrom("true", "false", "null", "'yyyy-MM-dd'", "'2024-03-05T10:00:00Z'", "'.'", "'.[]'", "'{{ a }}'", "','"),
);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...NAMES),
    literal,
    fc.tuple(tie("expr"), fc.constantFrom(...OPERATORS), tie("expr")).map(([l, o, r]) => `(${l} ${o} ${r})`),
    fc.tuple(tie("expr"), fc.constantFrom(...FILTERS.keys()), fc.array(tie("expr"), { maxLength: 2 })).map(([x, f, args]) => `(${x} | ${f}${args.length ? `(${args.join(", ")})` : ""})`),
    fc.tuple(fc.constantFrom(...FUNCTIONS.keys()), fc.array(tie("expr"), { maxLength: 2 })).map(([f, args]) => `${f}(${args.join(", ")})`),
    fc.tuple(tie("expr"), tie("expr")).map(([o, k]) => `${o}[${k}]`),
    fc.tuple(tie("expr"), fc.constantFrom(...NAMES)).map(([o, k]) => `${o}.${k}`),
    fc.array(tie("expr"), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
    fc.tuple(tie("expr"), tie("expr")).map(([k, v]) => `{${k}: ${v}}`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc.tuple(tie("expr"), fc.boolean(), fc.constantFrom(...TESTS)).map(([x, not, t]) => `(${x} is ${not ? "not " : ""}${t})`),
    tie("expr").map((x) => `(not ${x})`),
    tie("expr").map((x) => `(-${x})`),
  ),
}));

const template = fc.oneof(
  expr.map((e) => `{{ ${e} }}`),
  fc.tuple(expr, expr).map(([c, e]) => `{% if ${c} %}{{ ${e} }}{% else %}no{% endif %}`),
  fc.tuple(expr, expr).map(([l, e]) => `{% for v in ${l} %}{{ loop.index }}{{ ${e} }}{% else %}none{% endfor %}`),
  fc.tuple(expr, expr).map(([v, e]) => `{% set x = ${v} %}{{ x }}{{ ${e} }}`),
);

const data = fc.record({
  a: fc.jsonValue({ maxDepth: 3 }),
  b: fc.jsonValue({ maxDepth: 2 }),
  list: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  map: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  s: fc.string({ maxLength: 20 }),
  n: fc.integer(),
});

const hooks = { secret: (k: string) => `secret-${k}`, kv: (k: string) => ({ key: k }), read: (p: string) => `file ${p}` };

async function check(source: string, variables: Record<string, unknown>): Promise<void> {
  try {
    const r = await render(source, variables, { budgets: BUDGETS, hooks });
    expect(typeof r.output).toBe("string");
    expect(r.output.length).toBeLessThanOrEqual(BUDGETS.outputSize);
    expect(r.steps).toBeLessThanOrEqual(BUDGETS.steps);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw new Error(`${source} threw ${String(e)}`, { cause: e });
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
  }
}

describe("fuzz", () => {
  it("random expressions over random data: a result within budget or the engine's own error", async () => {
    await fc.assert(fc.asyncProperty(template, data, (source, variables) => check(source, variables)), { numRuns: 400 });
  });

  it("random text made of the language's punctuation parses or fails cleanly", async () => {
    const chars = fc.constantFrom(..."{}%#-|~?:.,()[]'\" ab1=!<>\n");
    await fc.assert(fc.asyncProperty(fc.string({ unit: chars, maxLength: 40 }), data, (source, variables) => check(source, variables)), { numRuns: 400 });
  });
});
