import { afterEach, describe, expect, it } from "vitest";
import { ExpressionError, render } from "./index";

// Known server-side template-injection payloads of other engines, JavaScript-specific escapes,
// and resource attacks. Each must fail with the engine's own error (or, for another engine's
// syntax, stay inert text), within its budgets, without touching anything outside the render.

const calls: string[] = [];
const hooks = {
  secret: (k: string) => {
    calls.push(`secret:${k}`);
    return "s";
  },
};
const bait = {
  toString() {
    calls.push("toString");
    return "x";
  },
};
const withGetter = Object.defineProperty({}, "secret", {
  enumerable: true,
  get() {
    calls.push("getter");
    return "leaked";
  },
});
class Account {
  balance = 100;
  withdraw() {
    calls.push("withdraw");
  }
}

const VARS: Record<string, unknown> = {
  inputs: { name: "x", list: [1, 2] },
  self: {},
  fn: () => calls.push("fn"),
  bait,
  withGetter,
  account: new Account(),
  buffer: Buffer.from("secret"),
  map: new Map([["a", 1]]),
  date: new Date(0),
  vars: { self: "{{ render(vars.self) }}", grow: "{{ vars.grow }}{{ vars.grow }}x", deep: "{{ render(vars.deep) ~ 'x' }}" },
};

async function refused(template: string, variables = VARS): Promise<ExpressionError> {
  let error: unknown;
  try {
    await render(template, variables, { hooks });
  } catch (e) {
    error = e;
  }
  expect(error, `rendered without error: ${template}`).toBeInstanceOf(ExpressionError);
  return error as ExpressionError;
}

afterEach(() => {
  // no side effect: no getter, method, toString or hook was run, no prototype was touched
  expect(calls).toEqual([]);
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  calls.length = 0;
});

describe("template-injection payloads of other engines", () => {
  it.each([
    // Jinja2
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    // nunjucks
    "{{ range.constructor(\"return global.process.mainModule.require('child_process').execSync('id')\")() }}",
    "{{ (range.constructor)('return process')() }}",
    // twig
    '{{ _self.env.registerUndefinedFilterCallback("exec") }}{{ _self.env.getFilter("id") }}',
    "{{ ['id'] | filter('system') }}",
    "{{ ['cat /etc/passwd'] | map('system') | join }}",
    "{{ ['id', ''] | sort('passthru') }}",
    // Liquid
    "{{ 'a' | append: inputs.constructor.constructor }}",
    "{% assign x = 'constructor' %}{{ inputs[x] }}",
    // Handlebars
    '{{#with "s" as |string|}}{{#with string.split as |conslist|}}{{this.pop}}{{/with}}{{/with}}',
    "{{lookup (lookup this 'constructor') 'constructor'}}",
    // Pebble
    "{{ variable.getClass().forName('java.lang.Runtime').getRuntime().exec('id') }}",
    "{% set cmd = 'id' %}{% set bytes = (1).TYPE.forName('java.lang.Runtime').methods[6].invoke(null,null).exec(cmd) %}",
    "{{ inputs.name.getClass() }}",
    // JavaScript: prototype and constructor chains, the process, require, globals
    "{{ inputs.constructor }}",
    "{{ inputs['constructor']['constructor']('return process')() }}",
    "{{ inputs.__proto__ }}",
    "{{ inputs['__proto__'] }}",
    "{{ inputs['__pro' ~ 'to__'].polluted }}",
    "{{ inputs['constr' ~ 'uctor'] }}",
    "{{ inputs.list.constructor }}",
    "{{ inputs.prototype }}",
    "{{ inputs.hasOwnProperty }}",
    "{{ inputs.toString }}",
    "{{ inputs.name.length }}",
    "{{ inputs.list.map }}",
    "{{ process.env }}",
    "{{ require('child_process') }}",
    "{{ global }}",
    "{{ globalThis }}",
    "{{ this }}",
    "{{ constructor }}",
    "{{ import('fs') }}",
    "{{ eval('1') }}",
    "{{ Function('return 1')() }}",
    "{% set x = {'__proto__': {'polluted': 1}} %}",
    "{{ fromJson('{\"__proto__\": {\"polluted\": 1}}').__proto__.polluted }}",
    "{{ inputs | jq('.constructor') }}",
    "{{ inputs | jq('.__proto__') }}",
    "{{ inputs | jq('{\"__proto__\": 1}') }}",
  ])("%s", async (template) => {
    const e = await refused(template);
    expect(["syntax", "undefined-variable", "undefined-attribute", "unknown-filter", "unknown-function", "forbidden", "invalid-argument"]).toContain(e.code);
  });

  it.each(['<#assign ex="freemarker.template.utility.Execute"?new()>${ ex("id") }', "${7*7}", "#{7*7}", "<%= 7*7 %>"])(
    "%s (Freemarker, JSP, Ruby: not this language) stays inert text",
    async (template) => {
      expect((await render(template, VARS)).output).toBe(template);
    },
  );
});

describe("host objects given in the variables are never used", () => {
  it.each([
    ["{{ fn }}", "forbidden"],
    ["{{ fn() }}", "unknown-function"],
    ["{{ account }}", "forbidden"],
    ["{{ account.withdraw }}", "forbidden"],
    ["{{ buffer | length }}", "forbidden"],
    ["{{ map | keys }}", "forbidden"],
    ["{{ date | date('yyyy') }}", "forbidden"],
    ["{{ bait }}", "invalid-argument"],
    ["{{ bait | upper }}", "invalid-argument"],
    ["{{ bait ~ '' }}", "invalid-argument"],
    ["{{ bait.toString }}", "forbidden"],
    ["{{ withGetter.secret }}", "undefined-attribute"],
  ])("%s", async (template, code) => {
    expect((await refused(template)).code).toBe(code);
  });

  it("a getter is skipped, never run, when a map is serialised or compared", async () => {
    expect((await render("{{ withGetter | json }}", VARS)).output).toBe("{}");
    const mixed = Object.defineProperty({ y: 1 }, "x", { enumerable: true, get: () => calls.push("getter") });
    expect((await render("{{ {'x': 1} == mixed }}", { mixed })).output).toBe("false");
  });

  it("a hook's answer must be data too", async () => {
    const e = await render("{{ kv('k') }}", {}, { hooks: { kv: () => ({ at: new Date(0) }) } }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ExpressionError);
    expect((e as ExpressionError).message).toMatch(/host object is not data/);
  });
});

describe("resource attacks stop at their budget", () => {
  it.each([
    ["deep parentheses", `{{ ${"(".repeat(5000)}1${")".repeat(5000)} }}`, "syntax"],
    ["deep lists", `{{ ${"[".repeat(5000)}${"]".repeat(5000)} }}`, "syntax"],
    ["deep blocks", `${"{% if true %}".repeat(5000)}x${"{% endif %}".repeat(5000)}`, "syntax"],
    ["a long filter chain", `{{ 'a'${" | upper".repeat(5000)} }}`, "syntax"],
    ["a long concatenation", `{{ 'a'${" ~ 'a'".repeat(5000)} }}`, "syntax"],
  ])("%s: refused by the parser", async (_name, template, code) => {
    const e = await refused(template);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/nested too deeply/);
  });

  it.each([
    ["a huge range", "{{ range(0, 1000000000) }}", "output size"],
    ["a huge range operator", "{% for i in 0..1000000000 %}{% endfor %}", "output size"],
    ["a long loop", "{% for i in range(0, 500000) %}{% endfor %}", "steps"],
    ["nested loops", "{% for i in range(1, 1000) %}{% for j in range(1, 1000) %}x{% endfor %}{% endfor %}", "steps"],
    ["doubling a string", "{% set s = 'aaaaaaaaaa' %}{% for i in range(1, 40) %}{% set s = s ~ s %}{% endfor %}{{ s }}", "output size"],
    ["printing a doubling list", "{% set l = [1] %}{% for i in range(1, 60) %}{% set l = [l, l] %}{% if loop.last %}{{ l }}{% endif %}{% endfor %}", "steps"],
    ["serialising a doubling list", "{% set l = [1] %}{% for i in range(1, 60) %}{% set l = [l, l] %}{% if loop.last %}{{ l | json | length }}{% endif %}{% endfor %}", "steps"],
    ["comparing doubling lists", "{% set l = [1] %}{% set m = [1] %}{% for i in range(1, 60) %}{% set l = [l, l] %}{% set m = [m, [m, m][1]] %}{% if loop.last %}{{ l == m }}{% endif %}{% endfor %}", "steps"],
    ["a large output", "{% for i in range(1, 100000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}", "output size"],
    ["self-rendering", "{{ render(vars.self) }}", "recursion depth"],
    ["self-rendering with growth", "{{ render(vars.deep) }}", "recursion depth"],
    ["a growing recursive render", "{{ render(vars.grow) }}", "recursion depth"],
    ["a jq explosion", `{{ [1,2,3,4,5,6,7,8,9,10] | jq('${Array(14).fill("[.[], .[], .[]]").join(" | ")} | length') }}`, "steps"],
  ])("%s", async (_name, template, budget) => {
    const e = await refused(template);
    expect(e.code).toBe("budget");
    expect(e.subject).toBe(budget);
    expect(e.message).toMatch(new RegExp(`exceeded its ${budget === "steps" ? "step" : budget} budget`));
  });

  it("a budget is the caller's to set", async () => {
    await expect(render("{% for i in range(1, 100) %}{% endfor %}", {}, { budgets: { steps: 50 } })).rejects.toThrow(/step budget \(50 steps\)/);
    await expect(render("{{ 'x' | indent(2) }}xxxxxxxxxx", {}, { budgets: { outputSize: 5 } })).rejects.toThrow(/output size budget \(5 characters\)/);
  });

  it.each(["(a+)+$", "(a|aa)*b", "(\\w+\\s?)+$", "(.*a){12}", "(?:a+)+", "(a)\\1", ".*.*.*a"])("a backtracking regular expression %s is refused", async (pattern) => {
    const e = await refused("{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' | split(pattern) }}", { pattern });
    expect(e.message).toMatch(/backreferences, nested quantifiers or more than two unbounded quantifiers/);
  });

  it("a regular expression runs over bounded text; a plain delimiter over any", async () => {
    const big = "a,".repeat(20_000);
    expect((await refused("{{ big | split('[,]') }}", { big })).message).toMatch(/up to 20000 characters/);
    expect((await render("{{ big | split(',') | length }}", { big })).output).toBe("20000");
  });
});
