import { describe, expect, it } from "vitest";
import { out } from "./test-helpers";

// Each row: [template, expected output], taken from the orchestrator's documented examples
// (its expression reference: string, collection, JSON and date filters), plus the edge cases
// its implementation defines (null input, missing separator, empty input).
const STRINGS: [string, string][] = [
  ['{{ "LOUD TEXT" | lower }}', "loud text"],
  ['{{ "quiet text" | upper }}', "QUIET TEXT"],
  ['{{ "article title" | title }}', "Article Title"],
  ['{{ "article title" | capitalize }}', "Article title"],
  ['{{ "hello world" | capitalize }}', "Hello world"],
  ['{{ "  padded  " | trim }}', "padded"],
  ['{{ "this is a long sentence." | abbreviate(7) }}', "this..."],
  ['{{ "I like %this% and %that%." | replace({\'%this%\': foo, \'%that%\': "bar"}) }}', "I like apples and bar."],
  ['{{ "a1b22c" | replace({"[0-9]+": "-"}, regexp=true) }}', "a-b-c"],
  ['{{ "a.b.c" | substringBefore(".") }}', "a"],
  ['{{ "a.b.c" | substringAfter(".") }}', "b.c"],
  ['{{ "a.b.c" | substringBeforeLast(".") }}', "a.b"],
  ['{{ "a.b.c" | substringAfterLast(".") }}', "c"],
  ['{{ "abc" | substringBefore("x") }}', "abc"],
  ['{{ "abc" | substringAfter("x") }}', ""],
  ['{{ "Hello World!" | slugify }}', "hello-world"],
  ['{{ "Crème Brûlée à la carte" | slugify }}', "creme-brulee-a-la-carte"],
  ['{{ "kestra" | startsWith("kes") }}', "true"],
  ['{{ "kestra" | endsWith("kes") }}', "false"],
  ['{{ "dGVzdA==" | base64decode }}', "test"],
  ['{{ "test" | base64encode }}', "dGVzdA=="],
  ['{{ "test" | sha256 }}', "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
  ['{{ "test" | md5 }}', "098f6bcd4621d373cade4e832627b4f6"],
  ['{{ "The string ü@foo-bar" | urlencode }}', "The+string+%C3%BC%40foo-bar"],
  ['{{ "The+string+%C3%BC%40foo-bar" | urldecode }}', "The string ü@foo-bar"],
  ["{{ \"Can't be here\" | escapeChar('single') }}", "Can\\'t be here"],
  ["{{ \"Can't be here\" | escapeChar('shell') }}", "Can'\\''t be here"],
  ['{{ \'say "hi"\' | escapeChar(\'double\') }}', 'say \\"hi\\"'],
  ['{{ "first line\\nsecond line" | indent(2) }}', "first line\n  second line"],
  ['{{ "first line\\nsecond line" | nindent(2) }}', "\n  first line\n  second line"],
  ['{{ "a\\nb" | indent(1, prefix="\\t") }}', "a\n\tb"],
  ['{{ "apple,banana,cherry" | split(",") }}', '["apple","banana","cherry"]'],
  ['{{ "a.b.c" | split("\\\\.") }}', '["a","b","c"]'],
  ['{{ "a,b,c,d" | split(",", 2) }}', '["a","b,c,d"]'],
  ['{{ "a,b,," | split(",") }}', '["a","b"]'],
];

const COLLECTIONS: [string, string][] = [
  ["{{ -7 | abs }}", "7"],
  ['{{ "12.3" | number }}', "12.3"],
  ['{{ "42" | number("INT") + 1 }}', "43"],
  ['{{ 3.141592653 | numberFormat("#.##") }}', "3.14"],
  ['{{ 1234567.891 | numberFormat("#,##0.00") }}', "1,234,567.89"],
  ['{{ 0.5 | numberFormat("0%") }}', "50%"],
  ['{{ 2.5 | numberFormat("0") }}', "2"],
  ['{{ 3.5 | numberFormat("0") }}', "4"],
  ['{{ 7 | numberFormat("000") }}', "007"],
  ["{{ 3.14159 | round(2) }}", "3.14"],
  ["{{ 2.5 | round }}", "3"],
  ["{{ 3.2 | round(0, 'ceil') }}", "4"],
  ["{{ ['apple', 'banana', 'cherry'] | first }}", "apple"],
  ["{{ ['apple', 'banana', 'cherry'] | last }}", "cherry"],
  ["{{ 'Kestra' | first }}", "K"],
  ["{{ 'Kestra' | last }}", "a"],
  ["{{ ['apple', 'banana'] | length }}", "2"],
  ["{{ 'Kestra' | length }}", "6"],
  ["{{ {'a': 1, 'b': 2} | length }}", "2"],
  ["{{ ['apple', 'banana', 'cherry'] | join(', ') }}", "apple, banana, cherry"],
  ["{{ {'a': 1, 'b': 2} | keys }}", '["a","b"]'],
  ["{{ {'a': 1, 'b': 2} | values }}", "[1,2]"],
  ["{{ [1, 2, 3, 4, 5] | chunk(2) }}", "[[1,2],[3,4],[5]]"],
  ["{{ [[1, 2], [3], 4] | flatten }}", "[1,2,3,4]"],
  ["{{ [3, 1, 2] | sort }}", "[1,2,3]"],
  ["{{ ['b', 'c', 'a'] | rsort }}", '["c","b","a"]'],
  ["{{ [1, 2, 3] | reverse }}", "[3,2,1]"],
  ["{{ ['apple', 'peach', 'pear', 'banana'] | slice(1, 3) }}", '["peach","pear"]'],
  ["{{ 'Mitchell' | slice(1, 3) }}", "it"],
  ["{{ [1, 2, 2, 1] | distinct }}", "[1,2]"],
  ['{{ user.phoneNumber | default("No phone number") }}', "No phone number"],
  ['{{ "" | default("empty") }}', "empty"],
  ['{{ "set" | default("empty") }}', "set"],
];

const DATA: [string, string][] = [
  ["{{ [1, 2, 3] | toJson }}", "[1,2,3]"],
  ["{{ true | toJson }}", "true"],
  ['{{ "foo" | toJson }}', '"foo"'],
  ["{{ {'a': [1, {'b': null}]} | json }}", '{"a":[1,{"b":null}]}'],
  ["{{ [1, 2, 3] | jq('.') }}", "[[1,2,3]]"],
  ["{{ [1, 2, 3] | jq('.[0]') | first }}", "1"],
  ["{{ payload | jq('.value * 2') | first }}", "2"],
  ["{{ payload | jq('.name') | first }}", "alpha"],
  ["{{ rows | jq('.[] | select(.value > 1) | .name') }}", '["bravo","charlie"]'],
  ["{{ rows | jq('map(.value) | add') | first }}", "6"],
  ["{{ rows | jq('length') | first }}", "3"],
  ["{{ payload | jq('keys') | first }}", '["name","value"]'],
  ["{{ rows | jq('[.[] | .name]') | first }}", '["alpha","bravo","charlie"]'],
  ["{{ {'key': 'value', 'list': [1, 2]} | yaml }}", "key: value\nlist:\n  - 1\n  - 2\n"],
];

const VARS = {
  foo: "apples",
  payload: { name: "alpha", value: 1 },
  rows: [
    { name: "alpha", value: 1 },
    { name: "bravo", value: 2 },
    { name: "charlie", value: 3 },
  ],
  user: {},
};

describe("filters, from the orchestrator's documented examples", () => {
  it.each([...STRINGS, ...COLLECTIONS, ...DATA])("%s", async (template, expected) => {
    expect(await out(template, VARS)).toBe(expected);
  });

  it("lets null through the filters that accept it", async () => {
    expect(await out("[{{ nothing | upper }}][{{ nothing | length }}][{{ nothing | default('d') }}]", { nothing: null })).toBe("[][0][d]");
  });

  it.each([
    ["{{ 'x' | nope }}", /unknown filter `nope`/],
    ["{{ 'x' | abbreviate(2) }}", /minimum abbreviation width is 4/],
    ["{{ 'x' | escapeChar('sql') }}", /either 'single', 'double', or 'shell'/],
    ["{{ 'abc' | number }}", /"abc" is not a number/],
    ["{{ '%%%' | base64decode }}", /not base64/],
    ["{{ 'x' | upper(1) }}", /takes at most 0 arguments/],
    ["{{ 'x' | split(',', nope=1) }}", /has no argument `nope`/],
    ["{{ [1] | slice(0, 5) }}", /out of bounds/],
    ["{{ 'a' | jq('.[') }}", /jq: /],
  ])("refuses %s", async (template, message) => {
    await expect(out(template)).rejects.toThrow(message);
  });
});
