import { beforeAll, describe, expect, it } from "vitest";
import * as bindingsRoute from "@/app/api/v1/[tenant]/bindings/route";
import * as flowRoute from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import { GET as flowsInNamespace } from "@/app/api/v1/[tenant]/flows/[namespace]/route";
import { POST as createFlowRoute } from "@/app/api/v1/[tenant]/flows/route";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/flows/search/route";
import * as groupsRoute from "@/app/api/v1/[tenant]/groups/route";
import * as kvKeyRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/[key]/route";
import { GET as kvListRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/route";
import * as fileRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/files/[...path]/route";
import * as filesRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/files/route";
import * as namespacesRoute from "@/app/api/v1/[tenant]/namespaces/route";
import * as namespaceRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import * as rolesRoute from "@/app/api/v1/[tenant]/roles/route";
import * as nsSecretRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/secrets/[key]/route";
import { GET as nsSecretsRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/secrets/route";
import * as tenantSecretRoute from "@/app/api/v1/[tenant]/secrets/[key]/route";
import * as tenantsRoute from "@/app/api/v1/tenants/route";
import { GET as me } from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// A corpus of malformed requests: every one gets a 4xx with a clear JSON error (never a 5xx, a
// stack trace or a hang), the server keeps answering, and nothing changes in the database.

const YAML = { "content-type": "application/x-yaml" };
const ids = [
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
const namespaces = ["a..b", ".a", "a.", "A.b", "search", "a/b", "../x", "a b", "ä", "x".repeat(151), "a\u0000b", "{{ ns }}", "'; --"];
const aliasBomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
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
const deep = "a: " + "[".repeat(5000) + "]".repeat(5000);
const deepMap = Array.from({ length: 3000 }, (_, i) => " ".repeat(i) + `k${i}:`).join("\n") + " 1";

let tenant = "";
let token = "";
type Case = [string, () => Promise<{ status: number; text: string; json: any }>];
const cases: Case[] = [];
const add = (name: string, run: Case[1]) => cases.push([name, run]);

// each route gets the values its own rules refuse (a reserved tenant word is a fine flow id)
const badRoleName = (v: string) => !/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(v.trim()) || v.trim().length > 100;
const badFlowId = (v: string) => !/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(v) || v.length > 100;
const flowIds = ids.filter(badFlowId);

for (const id of ids) {
  add(`tenant id ${JSON.stringify(id).slice(0, 40)}`, () => call(tenantsRoute.POST, request("POST", "/", { token, body: { id, name: "X" } })));
  add(`binding user ${JSON.stringify(id).slice(0, 40)}`, () =>
    call(bindingsRoute.POST, request("POST", "/", { token, body: { user: id, role: "Viewer" } }), { tenant }),
  );
}
for (const id of ids.filter(badRoleName)) {
  add(`role name ${JSON.stringify(id).slice(0, 40)}`, () =>
    call(rolesRoute.POST, request("POST", "/", { token, body: { name: id, permissions: {} } }), { tenant }),
  );
}
for (const id of flowIds) {
  add(`flow id ${JSON.stringify(id).slice(0, 40)}`, () =>
    call(createFlowRoute, request("POST", "/", { token, body: `id: ${JSON.stringify(id)}\nnamespace: ok\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\n`, headers: YAML }), { tenant }),
  );
  add(`flow by unknown id ${JSON.stringify(id).slice(0, 40)}`, () =>
    call(flowRoute.GET, request("GET", "/", { token }), { tenant, namespace: "ok", id }),
  );
}
for (const ns of namespaces) {
  add(`namespace ${JSON.stringify(ns).slice(0, 40)}`, () => call(namespacesRoute.POST, request("POST", "/", { token, body: { name: ns } }), { tenant }));
  add(`flow namespace ${JSON.stringify(ns).slice(0, 40)}`, () =>
    call(createFlowRoute, request("POST", "/", { token, body: `id: f\nnamespace: ${JSON.stringify(ns)}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\n`, headers: YAML }), { tenant }),
  );
  add(`binding namespace ${JSON.stringify(ns).slice(0, 40)}`, () =>
    call(bindingsRoute.POST, request("POST", "/", { token, body: { group: "g", role: "Viewer", namespace: ns } }), { tenant }),
  );
  add(`list namespace ${JSON.stringify(ns).slice(0, 40)}`, () => call(flowsInNamespace, request("GET", "/", { token }), { tenant, namespace: ns }));
}
// secrets: keys are a letter then letters, digits and _ (at most 255); values are text up to 64 KiB
const badSecretKey = (v: string) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(v) || v.length > 255;
for (const key of [...ids.filter(badSecretKey), "1ABC", "KEY-DASH", "KEY.DOT", "A".repeat(256), "KEY\u00A0", "ＫＥＹ"]) {
  add(`secret key ${JSON.stringify(key).slice(0, 40)}`, () =>
    call(nsSecretRoute.PUT, request("PUT", "/", { token, body: { value: "v" } }), { tenant, namespace: "ok", key }),
  );
  add(`tenant secret key ${JSON.stringify(key).slice(0, 40)}`, () =>
    call(tenantSecretRoute.DELETE, request("DELETE", "/", { token }), { tenant, key }),
  );
}
for (const ns of namespaces) {
  add(`secret namespace ${JSON.stringify(ns).slice(0, 40)}`, () =>
    call(nsSecretRoute.PUT, request("PUT", "/", { token, body: { value: "v" } }), { tenant, namespace: ns, key: "OK" }),
  );
  add(`secrets list namespace ${JSON.stringify(ns).slice(0, 40)}`, () => call(nsSecretsRoute, request("GET", "/", { token }), { tenant, namespace: ns }));
}
const secretBodies: [string, unknown, string?][] = [
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
for (const [name, b, ct] of secretBodies) {
  add(`secret body: ${name}`, () =>
    call(nsSecretRoute.PUT, request("PUT", "/", { token, body: b, headers: ct ? { "content-type": ct } : {} }), { tenant, namespace: "ok", key: "HOSTILE" }),
  );
}
for (const q of ["size=0", "size=101", "page=0", "page=abc"]) {
  add(`secrets list ${q}`, () => call(nsSecretsRoute, request("GET", `/?${q}`, { token }), { tenant, namespace: "ok" }));
}

const yamlBodies: [string, string, string?][] = [
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
for (const [name, text, ct] of yamlBodies) {
  add(`flow body: ${name}`, () =>
    call(createFlowRoute, request("POST", "/", { token, body: text, headers: ct === undefined ? YAML : ct ? { "content-type": ct } : {} }), { tenant }),
  );
  add(`flow update body: ${name}`, () =>
    call(flowRoute.PUT, request("PUT", "/", { token, body: text, headers: { ...(ct === undefined ? YAML : ct ? { "content-type": ct } : {}), "if-match": '"1"' } }), {
      tenant,
      namespace: "ok",
      id: "existing",
    }),
  );
}
const jsonBodies: [string, unknown][] = [
  ["id as number", { id: 1, name: "x" }],
  ["id as array", { id: ["a"], name: "x" }],
  ["id as object", { id: { $ne: null }, name: "x" }],
  ["name as bool", { id: "ok-x", name: true }],
  ["prototype pollution", JSON.parse('{"__proto__": {"superadmin": true}, "id": "pp", "name": 5}')],
  ["description object", { id: "ok-y", name: "x", description: { a: 1 } }],
];
for (const [name, b] of jsonBodies) add(`tenant body: ${name}`, () => call(tenantsRoute.POST, request("POST", "/", { token, body: b })));
const roleBodies: [string, unknown][] = [
  ["permissions string", { name: "r", permissions: "ALL" }],
  ["permissions array", { name: "r", permissions: ["FLOW"] }],
  ["unknown permission", { name: "r", permissions: { TENANT: ["CREATE"] } }],
  ["unknown action", { name: "r", permissions: { FLOW: ["*"] } }],
  ["actions not array", { name: "r", permissions: { FLOW: "READ" } }],
  ["no name", { permissions: {} }],
];
for (const [name, b] of roleBodies) add(`role body: ${name}`, () => call(rolesRoute.POST, request("POST", "/", { token, body: b }), { tenant }));
const groupBodies: [string, unknown][] = [
  ["members string", { name: "g1", members: "everyone" }],
  ["unknown member", { name: "g2", members: ["ghost@example.com"] }],
  ["member object", { name: "g3", members: [{ username: "x" }] }],
];
for (const [name, b] of groupBodies) add(`group body: ${name}`, () => call(groupsRoute.POST, request("POST", "/", { token, body: b }), { tenant }));
for (const q of ["size=0", "size=101", "size=-1", "size=1e9", "page=0", "page=-5", "page=abc", "size=%00", "page=1.5"]) {
  add(`search ${q}`, () => call(searchRoute, request("GET", `/?${q}`, { token }), { tenant }));
}
for (const h of ["Bearer", "Bearer ", "Bearer a b", "Basic YTpi", "bearer tf_" + "A".repeat(500), "Token x"]) {
  add(`authorization ${JSON.stringify(h).slice(0, 30)}`, () => call(me, request("GET", "/", { headers: { authorization: h } })));
}
for (const m of ['"abc"', "W/", "1,2", '"-1"', '"1.5"', "*"]) {
  add(`if-match ${m}`, () =>
    call(flowRoute.PUT, request("PUT", "/", { token, body: "id: existing\nnamespace: ok\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: z\n", headers: { ...YAML, "if-match": m } }), {
      tenant,
      namespace: "ok",
      id: "existing",
    }),
  );
}

const deepJson = JSON.parse("[".repeat(2000) + "]".repeat(2000));
const settingsBodies: [string, unknown][] = [
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
for (const [name, b] of settingsBodies) {
  add(`namespace settings: ${name}`, () => call(namespaceRoute.PUT, request("PUT", "/", { token, body: b }), { tenant, namespace: "settings" }));
}
// the KV store: keys, namespaces, values that do not match their type, ttl, headers, size
const badKvKey = (v: string) => !/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(v) || v.length > 255;
const kvPut = (namespace: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
  call(kvKeyRoute.PUT, request("PUT", "/", { token, body, headers }), { tenant, namespace, key });
for (const key of [...ids.filter(badKvKey), "k".repeat(256)]) {
  add(`kv key ${JSON.stringify(key).slice(0, 40)}`, () => kvPut("ok", key, { type: "STRING", value: "x" }));
  add(`kv read key ${JSON.stringify(key).slice(0, 40)}`, () => call(kvKeyRoute.GET, request("GET", "/", { token }), { tenant, namespace: "ok", key }));
}
for (const ns of namespaces) {
  add(`kv namespace ${JSON.stringify(ns).slice(0, 40)}`, () => kvPut(ns, "k", { type: "STRING", value: "x" }));
  add(`kv list namespace ${JSON.stringify(ns).slice(0, 40)}`, () => call(kvListRoute, request("GET", "/", { token }), { tenant, namespace: ns }));
}
const kvBodies: [string, unknown][] = [
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
for (const [name, b] of kvBodies) add(`kv body: ${name}`, () => kvPut("ok", "k", b));
for (const [name, text, ct] of [["broken json", '{"type": ', "application/json"], ["wrong content type", "type=STRING", "text/plain"], ["huge", "x".repeat(1_100_000), "application/json"]] as const) {
  add(`kv raw body: ${name}`, () => call(kvKeyRoute.PUT, request("PUT", "/", { token, body: text, headers: { "content-type": ct } }), { tenant, namespace: "ok", key: "k" }));
}
for (const m of ['"abc"', "W/", "1,2", '"-1"', "*"]) add(`kv if-match ${m}`, () => kvPut("ok", "k", { type: "STRING", value: "x" }, { "if-match": m }));
add("kv if-none-match etag", () => kvPut("ok", "k", { type: "STRING", value: "x" }, { "if-none-match": '"1"' }));
for (const q of ["size=0", "size=101", "page=-1", "inherited=yes", "inherited=%00"]) {
  add(`kv list ${q}`, () => call(kvListRoute, request("GET", `/?${q}`, { token }), { tenant, namespace: "ok" }));
}
// namespace files: paths that name somewhere else, or nothing storable
const filePaths: string[][] = [
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
const bytes = (text: string) => ({ "content-type": "application/octet-stream", body: text });
for (const p of filePaths) {
  const name = JSON.stringify(p.join("/")).slice(0, 40);
  const params = () => ({ tenant, namespace: "ok", path: p });
  add(`file download ${name}`, () => call(fileRoute.GET, request("GET", "/", { token }), params()));
  add(`file upload ${name}`, () => {
    const b = bytes("evil");
    return call(fileRoute.PUT, request("PUT", "/", { token, body: b.body, headers: { "content-type": b["content-type"] } }), params());
  });
  add(`file delete ${name}`, () => call(fileRoute.DELETE, request("DELETE", "/", { token }), params()));
  add(`file move to ${name}`, () =>
    call(fileRoute.POST, request("POST", "/", { token, body: { action: "move", to: p.join("/") } }), { tenant, namespace: "ok", path: ["existing.txt"] }),
  );
  add(`folder listing ${name}`, () => call(filesRoute.GET, request("GET", `/?path=${encodeURIComponent(p.join("/"))}`, { token }), { tenant, namespace: "ok" }));
}
for (const ns of namespaces) {
  add(`file namespace ${JSON.stringify(ns).slice(0, 40)}`, () => call(fileRoute.GET, request("GET", "/", { token }), { tenant, namespace: ns, path: ["existing.txt"] }));
}
const fileActionBodies: [string, unknown, string?][] = [
  ["unknown action", { action: "chmod" }],
  ["move without to", { action: "move" }],
  ["to as number", { action: "move", to: 5 }],
  ["extra key", { action: "move", to: "b.txt", overwrite: true }],
  ["to over the limit", { action: "move", to: "x".repeat(700) }],
  ["broken json", '{"action": ', "application/json"],
  ["form body", "action=move&to=x", "application/x-www-form-urlencoded"],
];
for (const [name, b, ct] of fileActionBodies) {
  add(`file action body: ${name}`, () =>
    call(fileRoute.POST, request("POST", "/", { token, body: b, headers: ct ? { "content-type": ct } : {} }), { tenant, namespace: "ok", path: ["existing.txt"] }),
  );
}
add("file upload as multipart", () =>
  call(fileRoute.PUT, request("PUT", "/", { token, body: "--x\r\n\r\nhi\r\n--x--", headers: { "content-type": "multipart/form-data; boundary=x" } }), { tenant, namespace: "ok", path: ["m.txt"] }),
);
add("file upload declaring a body over the limit", () =>
  call(fileRoute.PUT, request("PUT", "/", { token, body: "small", headers: { "content-type": "application/octet-stream", "content-length": String(1024 ** 3) } }), { tenant, namespace: "ok", path: ["big.bin"] }),
);
add("file upload over the limit", () =>
  call(fileRoute.PUT, request("PUT", "/", { token, body: "x".repeat(10 * 1024 * 1024 + 1), headers: { "content-type": "application/octet-stream" } }), { tenant, namespace: "ok", path: ["big.bin"] }),
);
add("file under an existing file", () =>
  call(fileRoute.PUT, request("PUT", "/", { token, body: "x", headers: { "content-type": "application/octet-stream" } }), { tenant, namespace: "ok", path: ["existing.txt", "inner.txt"] }),
);

async function snapshot() {
  return JSON.stringify(
    await Promise.all([
      db.tenant.count(),
      db.flow.count(),
      db.flowRevision.count(),
      db.role.count(),
      db.group.count(),
      db.binding.count(),
      db.namespace.count(),
      db.kvEntry.count(),
      db.user.count(),
      db.auditLog.count(),
      db.namespace.findMany({ select: { variables: true, pluginDefaults: true, allowedNamespaces: true, storageConfig: true, secretConfig: true, version: true } }),
      db.namespaceFile.count(),
      db.secret.count(),
    ]),
  );
}

describe("hostile input", () => {
  beforeAll(async () => {
    const admin = await makeUser({ superadmin: true });
    tenant = (await makeTenant(admin)).id;
    token = await tokenOf(admin);
    await call(namespacesRoute.POST, request("POST", "/", { token, body: { name: "settings" } }), { tenant });
    await call(fileRoute.PUT, request("PUT", "/", { token, body: "kept", headers: { "content-type": "application/octet-stream" } }), { tenant, namespace: "ok", path: ["existing.txt"] });
    await call(createFlowRoute, request("POST", "/", { token, body: "id: existing\nnamespace: ok\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\n", headers: YAML }), { tenant });
  });

  it("has at least 200 cases", () => expect(cases.length).toBeGreaterThanOrEqual(200));

  it.each(cases)("%s", async (_name, run) => {
    const before = await snapshot();
    const res = await run();
    expect(res.status, res.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json?.error?.message, res.text.slice(0, 200)).toEqual(expect.any(String));
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|prisma\.|Invalid `/);
    expect(await snapshot()).toBe(before);
  });

  it("still answers afterwards", async () => {
    const r = await call(me, request("GET", "/", { token }));
    expect(r.status).toBe(200);
  });
});
