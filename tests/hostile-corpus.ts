// The hostile-input corpus: malformed ids, names, paths and bodies that every route must refuse
// with a JSON 4xx (never a 5xx, a stack trace or a hang) without changing anything. Run in-process
// (tests/hostile-input.test.ts) and over HTTP against the built server (e2e/hostile-http.spec.ts).

export const YAML = { "content-type": "application/x-yaml" };
export const ids = [
  "",
  " ",
  "a".repeat(65),
  "a".repeat(10_000),
  "UPPER",
  "-lead",
  "_lead",
  "dot.ted",
  "sp ace",
  "tab\tbed",
  "new\nline",
  "nul\u0000byte",
  "\u202Eevil",
  "аpi", // Cyrillic а
  "ｆｕｌｌ",
  "emoji😀",
  "api",
  "ui",
  "admin",
  "me",
  "plugins",
  "openapi.json",
  "../etc",
  "..%2F..%2Fetc",
  "%2e%2e",
  "x'; DROP TABLE \"Tenant\"; --",
  "x\" OR 1=1 --",
  "{{ 7*7 }}",
  "${jndi:ldap://x}",
  "<script>alert(1)</script>",
  "x%00y",
];
export const namespaces = ["a..b", ".a", "a.", "A.b", "search", "a/b", "../x", "a b", "ä", "x".repeat(151), "a\u0000b", "{{ ns }}", "'; --"];
export const aliasBomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
id: bomb
namespace: x
tasks: *g
`;
export const deep = "a: " + "[".repeat(5000) + "]".repeat(5000);
export const deepMap = Array.from({ length: 3000 }, (_, i) => " ".repeat(i) + `k${i}:`).join("\n") + " 1";
// each route gets the values its own rules refuse (a reserved tenant word is a fine flow id)
export const badRoleName = (v: string) => !/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(v.trim()) || v.trim().length > 100;
export const badFlowId = (v: string) => !/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(v) || v.length > 100;
export const flowIds = ids.filter(badFlowId);
// secrets: keys are a letter then letters, digits and _ (at most 255); values are text up to 64 KiB
export const badSecretKey = (v: string) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(v) || v.length > 255;
export const secretBodies: [string, unknown, string?][] = [
  ["value missing", { description: "d" }],
  ["value empty", { value: "" }],
  ["value number", { value: 42 }],
  ["value object", { value: { $gt: "" } }],
  ["value array", { value: ["a"] }],
  ["value null", { value: null }],
  ["value over 64 KiB", { value: "v".repeat(64 * 1024 + 1) }],
  ["value over 64 KiB in UTF-8", { value: "€".repeat(22_000) }],
  ["description object", { value: "v", description: { a: 1 } }],
  ["description too long", { value: "v", description: "d".repeat(501) }],
  ["unknown field", { value: "v", ciphertext: "v1:AAAA" }],
  ["prototype pollution", JSON.parse('{"__proto__": {"namespace": ""}, "value": 5}')],
  ["json array", "[1,2]", "application/json"],
  ["broken json", '{"value": ', "application/json"],
  ["yaml alias bomb", aliasBomb, "application/x-yaml"],
  ["form body", "value=x", "application/x-www-form-urlencoded"],
  ["body over 1 MiB", { value: "v".repeat(1_100_000) }],
];
export const yamlBodies: [string, string, string?][] = [
  ["alias bomb", aliasBomb],
  ["deep sequence", deep],
  ["deep mapping", deepMap],
  ["binary", "\u0000\u0001\u0002\uFFFD\uFFFE"],
  ["only a scalar", "hello"],
  ["a list", "- a\n- b\n"],
  ["tabs", "id:\tx\n\tnamespace: y"],
  ["duplicate keys", "id: a\nid: b\nnamespace: x\ntasks: []\n"],
  ["html", "<html><body>hi</body></html>"],
  ["json array", "[1,2,3]", "application/json"],
  ["json null", "null", "application/json"],
  ["json number", "42", "application/json"],
  ["broken json", '{"id": ', "application/json"],
  ["wrong content type", "id: x", "text/html"],
  ["form body", "id=x&namespace=y", "application/x-www-form-urlencoded"],
  ["no content type", "id: x", ""],
  ["tasks as string", "id: x\nnamespace: y\ntasks: nope\n"],
  ["tasks as map", "id: x\nnamespace: y\ntasks: {a: 1}\n"],
  ["task without type", "id: x\nnamespace: y\ntasks:\n  - id: t\n"],
  ["unknown task", "id: x\nnamespace: y\ntasks:\n  - id: t\n    type: java.lang.Runtime\n"],
  ["template in type", "id: x\nnamespace: y\ntasks:\n  - id: t\n    type: \"{{ type }}\"\n"],
  ["yaml tag", "id: !!js/function 'function(){}'\nnamespace: y\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\n"],
  ["merge key bomb", "a: &a {x: 1}\nb: {<<: *a, <<: *a}\nid: x\nnamespace: y\n"],
  ["huge", "id: x\nnamespace: y\ndescription: " + "d".repeat(1_100_000)],
];
export const jsonBodies: [string, unknown][] = [
  ["id as number", { id: 1, name: "x" }],
  ["id as array", { id: ["a"], name: "x" }],
  ["id as object", { id: { $ne: null }, name: "x" }],
  ["name as bool", { id: "ok-x", name: true }],
  ["prototype pollution", JSON.parse('{"__proto__": {"superadmin": true}, "id": "pp", "name": 5}')],
  ["description object", { id: "ok-y", name: "x", description: { a: 1 } }],
];
export const roleBodies: [string, unknown][] = [
  ["permissions string", { name: "r", permissions: "ALL" }],
  ["permissions array", { name: "r", permissions: ["FLOW"] }],
  ["unknown permission", { name: "r", permissions: { TENANT: ["CREATE"] } }],
  ["unknown action", { name: "r", permissions: { FLOW: ["*"] } }],
  ["actions not array", { name: "r", permissions: { FLOW: "READ" } }],
  ["no name", { permissions: {} }],
];
export const groupBodies: [string, unknown][] = [
  ["members string", { name: "g1", members: "everyone" }],
  ["unknown member", { name: "g2", members: ["ghost@example.com"] }],
  ["member object", { name: "g3", members: [{ username: "x" }] }],
];
export const deepJson = JSON.parse("[".repeat(2000) + "]".repeat(2000));
export const settingsBodies: [string, unknown][] = [
  ["variables as list", { variables: ["a"] }],
  ["variable name with template", { variables: { "{{ x }}": 1 } }],
  ["variable name with dot", { variables: { "a.b": 1 } }],
  ["deep variable", { variables: { a: deepJson } }],
  ["huge variables", { variables: { a: "x".repeat(300_000) } }],
  ["plugin defaults as map", { pluginDefaults: { type: "x" } }],
  ["plugin default type injection", { pluginDefaults: [{ type: "a'; DROP TABLE flows; --", values: {} }] }],
  ["plugin default without values", { pluginDefaults: [{ type: "io.kestra.plugin.core.log.Log" }] }],
  ["plugin default extra key", { pluginDefaults: [{ type: "io.kestra.plugin.core.log.Log", values: {}, run: true }] }],
  ["allowed namespaces traversal", { allowedNamespaces: ["../other"] }],
  ["allowed namespaces object", { allowedNamespaces: { $ne: null } }],
  ["storage traversal", { storage: { type: "local", directory: "../../etc" } }],
  ["storage absolute", { storage: { type: "local", directory: "/etc" } }],
  ["storage endpoint file", { storage: { type: "s3", bucket: "bucket", endpoint: "file:///etc/passwd" } }],
  ["storage credentials inline", { storage: { type: "s3", bucket: "bucket", secretAccessKey: "x" } }],
  ["secrets prefix of the instance key", { secrets: { type: "env", prefix: "TENANTFLOW_SECRET" } }],
  ["prototype pollution", JSON.parse('{"__proto__": {"superadmin": true}}')],
  ["empty body", {}],
];
export const badKvKey = (v: string) => !/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(v) || v.length > 255;
export const kvBodies: [string, unknown][] = [
  ["number as string", { type: "NUMBER", value: "42" }],
  ["boolean as string", { type: "BOOLEAN", value: "yes" }],
  ["string as object", { type: "STRING", value: { $ne: null } }],
  ["impossible datetime", { type: "DATETIME", value: "2025-13-45T99:00:00Z" }],
  ["datetime without zone", { type: "DATETIME", value: "2025-01-01T00:00:00" }],
  ["negative duration", { type: "DURATION", value: "P-1D" }],
  ["duration as template", { type: "DURATION", value: "{{ ttl }}" }],
  ["unknown type", { type: "EVAL", value: 1 }],
  ["type as array", { type: ["STRING"], value: "x" }],
  ["no type", { value: "x" }],
  ["no value", { type: "STRING" }],
  ["ttl not iso", { type: "STRING", value: "x", ttl: "forever" }],
  ["ttl number", { type: "STRING", value: "x", ttl: 3600 }],
  ["ttl zero", { type: "STRING", value: "x", ttl: "PT0S" }],
  ["ttl overflow", { type: "STRING", value: "x", ttl: "P999999999D" }],
  ["prototype pollution", JSON.parse('{"__proto__": {"type": "STRING"}, "value": "x"}')],
  ["value over the limit", { type: "STRING", value: "v".repeat(300 * 1024) }],
  ["json array body", [1, 2]],
];
// namespace files: paths that name somewhere else, or nothing storable
export const filePaths: string[][] = [
  [".."],
  ["..", "..", "etc", "passwd"],
  ["a", "..", "..", "b"],
  ["."],
  ["%2e%2e", "x"],
  ["..%2f..%2fx"],
  ["%252e%252e", "x"],
  ["", "etc", "passwd"],
  ["/etc/passwd"],
  ["..\\..\\x"],
  ["C:", "x"],
  ["a\u0000b"],
  ["a\nb"],
  ["\u202Eevil.txt"],
  ["\uff0e\uff0e", "x"],
  ["\u2025", "x"],
  ["\u2024\u2024", "x"],
  ["a\uff0fb"],
  ["a", "", "b"],
  [" lead.txt"],
  ["x".repeat(300)],
  Array.from({ length: 40 }, () => "d"),
  ["a:b"],
  ["<script>.txt"],
];
export const fileActionBodies: [string, unknown, string?][] = [
  ["unknown action", { action: "chmod" }],
  ["move without to", { action: "move" }],
  ["to as number", { action: "move", to: 5 }],
  ["extra key", { action: "move", to: "b.txt", overwrite: true }],
  ["to over the limit", { action: "move", to: "x".repeat(700) }],
  ["broken json", '{"action": ', "application/json"],
  ["form body", "action=move&to=x", "application/x-www-form-urlencoded"],
];
// executions: bodies of inputs that are not an object of inputs, and query values no filter takes
export const executionBodies: [string, string, string][] = [
  ["json array", "[1,2]", "application/json"],
  ["json string", '"x"', "application/json"],
  ["json null", "null", "application/json"],
  ["broken json", '{"a": ', "application/json"],
  ["deep json", "[".repeat(2000) + "]".repeat(2000), "application/json"],
  ["yaml", "a: 1", "application/x-yaml"],
  ["text", "a=1", "text/plain"],
  ["broken multipart", "--x\r\nnot a part", "multipart/form-data; boundary=x"],
  ["multipart without boundary", "--x--", "multipart/form-data"],
  ["body over the limit", JSON.stringify({ a: "x".repeat(1_100_000) }), "application/json"],
];
// a webhook call with the right key whose body the trigger cannot start the flow with (its inputs
// read trigger.body.name): refused before anything is created
export const webhookBodies: [string, string, string][] = [
  ...executionBodies,
  ["json without the field the inputs read", '{"other": 1}', "application/json"],
  ["prototype pollution", '{"__proto__": {"name": "x"}, "constructor": {"prototype": {"name": "x"}}}', "application/json"],
  ["nul bytes", "\u0000\u0000", "text/plain"],
  ["bytes", "\u0001\u0002", "application/octet-stream"],
  ["json nested too deep", "[".repeat(40) + "]".repeat(40), "application/json"],
  ["form body", "name=x", "application/x-www-form-urlencoded"],
];
export const webhookKeys = ["", " ", "k".repeat(257), "../x", "%2e%2e", "{{ 7*7 }}", "hostile-hook-key ", "HOSTILE-HOOK-KEY", "hostile-hook-ke", "hostile-hook-key\u0000", "hostile‐hook‐key"];
export const executionQueries = [
  "state=RUNNING'--",
  "state=%00",
  "sort=startDate;DROP",
  "sort=__proto__",
  "size=0",
  "size=101",
  "page=0",
  "page=abc",
  "startDate=yesterday",
  "endDate=2025-13-45",
  "labels=nocolon",
  "q=" + "x".repeat(301),
  "namespace=" + "n".repeat(301),
];
export const logQueries = ["minLevel=LOUD", "minLevel=%00", "size=0", "size=1001", "after=-1", "after=1e9", "taskRunId=../x", "taskId=a%20b", "taskRunId=" + "x".repeat(101)];

// worker groups (SPEC §7): keys that break the key's rule, and bodies the API refuses
export const badWorkerGroupKey = (v: string) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) || v.length > 100;
export const workerGroupBodies: [string, unknown][] = [
  ["no key", { description: "d" }],
  ["key a number", { key: 7 }],
  ["key an object", { key: { $ne: null } }],
  ["allowedTenants a string", { key: "hostile-wg", allowedTenants: "t1" }],
  ["allowedTenants of numbers", { key: "hostile-wg", allowedTenants: [1, 2] }],
  ["allowedTenants of bad ids", { key: "hostile-wg", allowedTenants: ["../etc", "UPPER"] }],
  ["allowedTenants of an unknown tenant", { key: "hostile-wg", allowedTenants: ["no-such-tenant-hostile"] }],
  ["allowedTenants too many", { key: "hostile-wg", allowedTenants: Array.from({ length: 1001 }, (_, i) => `t${i}`) }],
  ["description too long", { key: "hostile-wg", description: "x".repeat(2001) }],
  ["unknown field", { key: "hostile-wg", workers: 3 }],
  ["an array", [{ key: "hostile-wg" }]],
  ["null", null],
];
