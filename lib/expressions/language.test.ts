import { describe, expect, it } from "vitest";
import { ExpressionError, maskSecrets, parseCached, render } from "./index";
import { out } from "./test-helpers";

const VARS = {
  flow: { id: "hello", namespace: "company.team" },
  inputs: { day: "2024-03-05", count: 3, name: "Ada", empty: "" },
  outputs: { fetch: { value: null, rows: [{ id: 1 }, { id: 2 }, { id: 3 }] } },
  vars: { tpl: "{{ flow.namespace }}", twice: "{{ '{{ flow.id }}' }}" },
  labels: { team: "data" },
};

async function failure(template: string, variables: Record<string, unknown> = VARS, options = {}): Promise<ExpressionError> {
  try {
    await render(template, variables, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`rendered without error: ${template}`);
}

describe("the template language", () => {
  it.each([
    ["plain text stays as it is", "plain text stays as it is"],
    ["{{ flow.namespace }}", "company.team"],
    ["{{ flow['id'] }}", "hello"],
    ["{{ outputs.fetch.rows[1].id }}", "2"],
    ["{{ outputs.fetch.rows.0.id }}", "1"],
    ["{{ 'single' }} {{ \"double\" }} {{ 'it\\'s' }}", "single double it's"],
    ["{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 / 2 }} {{ 7.0 / 2 }} {{ 7 % 3 }} {{ -inputs.count }}", "7 9 3 3.5 1 -3"],
    ["{{ 1.5 * 2 }} {{ 10 / 4.0 }}", "3 2.5"],
    ["{{ 'a' ~ 1 ~ true }}", "a1true"],
    ["{{ 1 == 1 }} {{ 1 != 2 }} {{ 2 > 1 }} {{ 1 >= 2 }} {{ 'a' < 'b' }} {{ [1, 2] == [1, 2] }}", "true true true false true true"],
    ["{{ true and false }} {{ true or false }} {{ not true }} {{ not false and false }}", "false true false true"],
    ["{{ 2 in [1, 2] }} {{ 'am' in 'team' }} {{ 'team' in labels }} {{ 5 not in [1] }} {{ [1, 2] contains 2 }}", "true true true true true"],
    ["{{ inputs.count > 2 ? 'many' : 'few' }}", "many"],
    ["{{ outputs.fetch.value ?? 'none' }} {{ outputs.missing ?? 'absent' }} {{ nothing ?? nada ?? 'last' }}", "none absent last"],
    ["[{{ outputs.fetch.value ??? 'x' }}] {{ outputs.missing ??? 'undefined' }}", "[] undefined"],
    ["{{ outputs.fetch.missing is defined }} {{ flow.id is defined }} {{ nope is not defined }}", "false true true"],
    ["{{ outputs.fetch.value is null }} {{ inputs.empty is empty }} {{ 4 is even }} {{ 3 is odd }} {{ [] is iterable }} {{ '{}' is json }}", "true true true true true true"],
    ["{{ [1, 'a', null] }} {{ {'k': [true]} }} [{{ null }}]", '[1,"a",null] {"k":[true]} []'],
    ["{{ 1..3 }} {{ range(0, 6, 2) }}", "[1,2,3] [0,2,4,6]"],
    ["{# a comment #}x{# another #}", "x"],
  ])("%s", async (template, expected) => {
    expect(await out(template, VARS)).toBe(expected);
  });

  it("if / elseif / else", async () => {
    const t = "{% if inputs.count > 5 %}big{% elseif inputs.count > 2 %}medium{% else %}small{% endif %}";
    expect(await out(t, VARS)).toBe("medium");
    expect(await out(t, { inputs: { count: 9 } })).toBe("big");
    expect(await out(t, { inputs: { count: 1 } })).toBe("small");
  });

  it("for with loop.index, loop.first, loop.last and else", async () => {
    const t = "{% for row in outputs.fetch.rows %}{% if loop.first %}[{% endif %}{{ loop.index }}={{ row.id }}{% if not loop.last %},{% else %}]{% endif %}{% endfor %}";
    expect(await out(t, VARS)).toBe("[0=1,1=2,2=3]");
    expect(await out("{% for x in [] %}{{ x }}{% else %}nothing{% endfor %}")).toBe("nothing");
    expect(await out("{% for e in {'a': 1, 'b': 2} %}{{ e.key }}{{ e.value }}{% endfor %}")).toBe("a1b2");
  });

  it("set, scoped to the loop it is in", async () => {
    expect(await out("{% set n = inputs.count * 2 %}{{ n }}", VARS)).toBe("6");
    expect(await out("{% set t = 0 %}{% for i in [1, 2, 3] %}{% set t = i %}{% endfor %}{{ t }}")).toBe("0");
  });

  it("raw blocks and whitespace control", async () => {
    expect(await out("{% raw %}{{ not rendered }}{% endraw %}")).toBe("{{ not rendered }}");
    expect(await out("a   {{- 'b' -}}   c")).toBe("abc");
    expect(await out("{% for i in [1, 2] -%}\n  {{ i }}\n{%- endfor %}")).toBe("12");
  });

  it("functions: fromJson, json, yaml, render, renderOnce, uuid, randomInt, range, now", async () => {
    expect(await out("{{ fromJson('{\"a\": [1, 2]}').a[1] }} {{ json('[1, 2]') | length }} {{ yaml('k: v').k }}")).toBe("2 2 v");
    expect(await out("{{ render(vars.tpl) }}", VARS)).toBe("company.team");
    expect(await out("{{ renderOnce(vars.twice) }}|{{ render(vars.twice) }}", VARS)).toBe("{{ flow.id }}|hello");
    expect(await out("{{ uuid() }}")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await out("{{ randomInt(10, 20) }}", {}, { random: () => 0.55 })).toBe("15");
    expect(await out("{{ range(1, 3) }}")).toBe("[1,2,3]");
    expect(await out("{{ now() }}")).toBe("2024-03-05T14:07:09.123000Z");
  });

  it("hooks: kv() and read() come from the caller, sync or async", async () => {
    const hooks = {
      kv: async (key: string, o: { namespace?: string }) => (key === "cfg" ? { region: o.namespace ?? "eu" } : undefined),
      read: (path: string) => `content of ${path}`,
    };
    expect(await out("{{ kv('cfg').region }} {{ kv('cfg', 'other').region }} [{{ kv('nope', errorOnMissing=false) }}]", {}, { hooks })).toBe("eu other []");
    expect(await out("{{ read('scripts/a.sh') }}", {}, { hooks })).toBe("content of scripts/a.sh");
    const missing = await failure("{{ kv('nope') }}", {}, { hooks });
    expect(missing.message).toMatch(/the KV pair 'nope' does not exist/);
  });

  it("secrets: tracked so the caller can mask them, wherever they were printed", async () => {
    const hooks = { secret: async (key: string) => ({ DB_PASSWORD: "pa55-w0rd", TOKEN: "tok" })[key] };
    const r = await render("user=admin password={{ secret('DB_PASSWORD') }} t={{ secret('TOKEN') | upper }}", {}, { hooks });
    expect(r.output).toBe("user=admin password=pa55-w0rd t=TOK");
    expect([...r.secrets].sort()).toEqual(["pa55-w0rd", "tok"]);
    expect(maskSecrets(r.output, r.secrets)).toBe("user=admin password=****** t=TOK");
    const none = await failure("{{ secret('NOPE') }}", {}, { hooks });
    expect(none.message).toMatch(/cannot find secret for key 'NOPE'/);
    const unavailable = await failure("{{ secret('X') }}", {});
    expect(unavailable.message).toMatch(/secrets are not available here/);
  });

  it("a hook's own failure becomes the engine's error, naming the call", async () => {
    const e = await failure("{{ secret('K') }}", {}, { hooks: { secret: () => Promise.reject(new Error("vault down")) } });
    expect(e.code).toBe("hook");
    expect(e.message).toBe("secret('K') failed: vault down (line 1, column 4)");
  });

  it("parses each source once (cached by source)", () => {
    const source = "{{ cached.source.test }}";
    expect(parseCached(source)).toBe(parseCached(source));
  });
});

describe("strict variables and errors with their position", () => {
  it("an undefined variable names itself and its line and column", async () => {
    const e = await failure("line one\n  and {{ inputs.name }} {{ missing }}");
    expect(e.code).toBe("undefined-variable");
    expect(e.subject).toBe("missing");
    expect([e.line, e.column]).toEqual([2, 28]);
    expect(e.message).toBe("variable `missing` is not defined (line 2, column 28)");
  });

  it("an undefined attribute names the path", async () => {
    const e = await failure("{{ outputs.fetch.nope }}");
    expect(e.code).toBe("undefined-attribute");
    expect(e.message).toMatch(/attribute `nope` of `outputs.fetch` is not defined/);
    expect(e.subject).toBe("outputs.fetch.nope");
    const n = await failure("{{ outputs.fetch.value.deeper }}");
    expect(n.message).toMatch(/cannot read `deeper` of null/);
  });

  it("a computed key of any type is described, not printed (found by the fuzz test)", async () => {
    const e = await failure("{% if (not a[{a: (a | upper)}]) %}x{% endif %}", { a: 0 });
    expect(e.message).toMatch(/attribute `\(map\)` of `a` is not defined/);
    expect((await failure("{{ {'a': 1} in 'text' }}")).message).toMatch(/cannot look for a map in text/);
  });

  it("an unknown filter, function or test names itself", async () => {
    expect((await failure("{{ 'x' | shout }}")).subject).toBe("shout");
    expect((await failure("{{ shout('x') }}")).message).toMatch(/unknown function `shout` \(line 1, column 4\)/);
    expect((await failure("{{ 1 is prime }}")).message).toMatch(/unknown test `prime`/);
  });

  it.each([
    ["{{ outputs.x | }}", 1, 16, /expected a filter name/],
    ["{{ 'abc }}", 1, 4, /unclosed string literal/],
    ["text {{ 1 +", 1, 6, /unclosed `\{\{`/],
    ["{% if true %}yes", 1, 17, /expected `\{% endif %\}`/],
    ["a\n{% while x %}", 2, 1, /unknown tag `while`/],
    ["{{ }}", 1, 4, /empty expression/],
    ["{{ a.b( }}", 1, 6, /method calls are not allowed/],
    ["{# never closed", 1, 1, /unclosed comment/],
  ])("syntax error in %j at %i:%i", async (template, line, column, message) => {
    const e = await failure(template);
    expect(e.code).toBe("syntax");
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message).toMatch(message);
  });

  it("an error inside render() is placed at the render() call", async () => {
    const e = await failure("ok\n{{ render(vars.bad) }}", { vars: { bad: "{{ nope }}" } });
    expect(e.message).toBe("in the text given to render(): variable `nope` is not defined (line 2, column 4)");
  });
});
