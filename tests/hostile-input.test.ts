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
import { GET as plugins } from "@/app/api/v1/plugins/route";
import * as executionRoute from "@/app/api/v1/[tenant]/executions/[executionId]/route";
import { POST as startRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/[flowId]/route";
import { GET as followRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/follow/route";
import { DELETE as killRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/kill/route";
import { POST as restartRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/restart/route";
import { POST as replayRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/replay/route";
import { POST as resumeRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/resume/route";
import { POST as evalRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/eval/[taskRunId]/route";
import { GET as executionSearchRoute } from "@/app/api/v1/[tenant]/executions/search/route";
import { PUT as triggerUpdateRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/triggers/[triggerId]/route";
import { GET as triggerSearchRoute } from "@/app/api/v1/[tenant]/triggers/search/route";
import { POST as triggerUnlockRoute } from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/unlock/route";
import * as backfillRoute from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/backfill/route";
import { POST as backfillPauseRoute } from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/backfill/pause/route";
import { POST as backfillUnpauseRoute } from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/backfill/unpause/route";
import { GET as logsRoute } from "@/app/api/v1/[tenant]/logs/[executionId]/route";
import { GET as logsFollowRoute } from "@/app/api/v1/[tenant]/logs/[executionId]/follow/route";
import { GET as executionFileRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/file/route";
import { GET as logsDownloadRoute } from "@/app/api/v1/[tenant]/logs/[executionId]/download/route";
import * as webhookRoute from "@/app/api/v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]/route";
import * as workerGroupsRoute from "@/app/api/v1/admin/worker-groups/route";
import * as workerGroupRoute from "@/app/api/v1/admin/worker-groups/[key]/route";
import * as tenantRoute from "@/app/api/v1/tenants/[id]/route";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";
import {
  YAML,
  ids,
  namespaces,
  aliasBomb,
  deep,
  deepMap,
  badRoleName,
  badFlowId,
  flowIds,
  badSecretKey,
  secretBodies,
  yamlBodies,
  jsonBodies,
  roleBodies,
  groupBodies,
  deepJson,
  settingsBodies,
  badKvKey,
  kvBodies,
  filePaths,
  fileActionBodies,
  executionBodies,
  executionQueries,
  logQueries,
  webhookBodies,
  webhookKeys,
  badWorkerGroupKey,
  workerGroupBodies,
} from "./hostile-corpus";

// A corpus of malformed requests: every one gets a 4xx with a clear JSON error (never a 5xx, a
// stack trace or a hang), the server keeps answering, and nothing changes in the database.

let tenant = "";
let token = "";
type Case = [string, () => Promise<{ status: number; text: string; json: any }>];
const cases: Case[] = [];
const add = (name: string, run: Case[1]) => cases.push([name, run]);

for (const id of ids) {
  add(`tenant id ${JSON.stringify(id).slice(0, 40)}`, () => call(tenantsRoute.POST, request("POST", "/", { token, body: { id, name: "X" } })));
  add(`binding user ${JSON.stringify(id).slice(0, 40)}`, () =>
    call(bindingsRoute.POST, request("POST", "/", { token, body: { user: id, role: "Viewer" } }), { tenant }),
  );
}
for (const key of ids.filter(badWorkerGroupKey)) {
  add(`worker group key ${JSON.stringify(key).slice(0, 40)}`, () => call(workerGroupsRoute.POST, request("POST", "/", { token, body: { key } })));
  add(`tenant worker group ${JSON.stringify(key).slice(0, 40)}`, () => call(tenantRoute.PUT, request("PUT", "/", { token, body: { workerGroup: key } }), { id: tenant }));
}
for (const [name, body] of workerGroupBodies) {
  add(`worker group body: ${name}`, () => call(workerGroupsRoute.POST, request("POST", "/", { token, body })));
  // a body without a key is a valid update
  if (name !== "no key") add(`worker group update body: ${name}`, () => call(workerGroupRoute.PUT, request("PUT", "/", { token, body }), { key: "hostile-existing" }));
}
add("worker group unknown key update", () => call(workerGroupRoute.PUT, request("PUT", "/", { token, body: { description: "d" } }), { key: "no-such-group" }));
add("worker group unknown key delete", () => call(workerGroupRoute.DELETE, request("DELETE", "/", { token }), { key: "no-such-group" }));
add("tenant default worker group not defined", () => call(tenantRoute.PUT, request("PUT", "/", { token, body: { workerGroup: "no-such-group" } }), { id: tenant }));
add("namespace default worker group not defined", () =>
  call(namespaceRoute.PUT, request("PUT", "/", { token, body: { workerGroup: "no-such-group" } }), { tenant, namespace: "settings" }),
);
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
for (const [name, b, ct] of secretBodies) {
  add(`secret body: ${name}`, () =>
    call(nsSecretRoute.PUT, request("PUT", "/", { token, body: b, headers: ct ? { "content-type": ct } : {} }), { tenant, namespace: "ok", key: "HOSTILE" }),
  );
}
for (const q of ["size=0", "size=101", "page=0", "page=abc"]) {
  add(`secrets list ${q}`, () => call(nsSecretsRoute, request("GET", `/?${q}`, { token }), { tenant, namespace: "ok" }));
}

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
for (const [name, b] of jsonBodies) add(`tenant body: ${name}`, () => call(tenantsRoute.POST, request("POST", "/", { token, body: b })));
for (const [name, b] of roleBodies) add(`role body: ${name}`, () => call(rolesRoute.POST, request("POST", "/", { token, body: b }), { tenant }));
for (const [name, b] of groupBodies) add(`group body: ${name}`, () => call(groupsRoute.POST, request("POST", "/", { token, body: b }), { tenant }));
for (const q of ["size=0", "size=101", "size=-1", "size=1e9", "page=0", "page=-5", "page=abc", "size=%00", "page=1.5"]) {
  add(`search ${q}`, () => call(searchRoute, request("GET", `/?${q}`, { token }), { tenant }));
}
for (const h of ["Bearer", "Bearer ", "Bearer a b", "Basic YTpi", "bearer tf_" + "A".repeat(500), "Token x"]) {
  add(`authorization ${JSON.stringify(h).slice(0, 30)}`, () => call(me, request("GET", "/", { headers: { authorization: h } })));
  add(`plugins, authorization ${JSON.stringify(h).slice(0, 30)}`, () => call(plugins, request("GET", "/", { headers: { authorization: h } })));
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

for (const [name, b] of settingsBodies) {
  add(`namespace settings: ${name}`, () => call(namespaceRoute.PUT, request("PUT", "/", { token, body: b }), { tenant, namespace: "settings" }));
}
// the KV store: keys, namespaces, values that do not match their type, ttl, headers, size
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
for (const [name, b] of kvBodies) add(`kv body: ${name}`, () => kvPut("ok", "k", b));
for (const [name, text, ct] of [["broken json", '{"type": ', "application/json"], ["wrong content type", "type=STRING", "text/plain"], ["huge", "x".repeat(1_100_000), "application/json"]] as const) {
  add(`kv raw body: ${name}`, () => call(kvKeyRoute.PUT, request("PUT", "/", { token, body: text, headers: { "content-type": ct } }), { tenant, namespace: "ok", key: "k" }));
}
for (const m of ['"abc"', "W/", "1,2", '"-1"', "*"]) add(`kv if-match ${m}`, () => kvPut("ok", "k", { type: "STRING", value: "x" }, { "if-match": m }));
add("kv if-none-match etag", () => kvPut("ok", "k", { type: "STRING", value: "x" }, { "if-none-match": '"1"' }));
for (const q of ["size=0", "size=101", "page=-1", "inherited=yes", "inherited=%00"]) {
  add(`kv list ${q}`, () => call(kvListRoute, request("GET", `/?${q}`, { token }), { tenant, namespace: "ok" }));
}
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

// executions: ids that name nothing, namespaces and flow ids no flow has, bodies that are no inputs
type ExecutionHandler = (req: Request, args: { params: Promise<Record<string, string>> }) => Promise<Response>;
const byExecution: [string, string, ExecutionHandler][] = [
  ["get", "GET", executionRoute.GET],
  ["delete", "DELETE", executionRoute.DELETE],
  ["follow", "GET", followRoute],
  ["kill", "DELETE", killRoute],
  ["restart", "POST", restartRoute],
  ["replay", "POST", replayRoute],
  ["resume", "POST", resumeRoute],
  ["logs", "GET", logsRoute],
  ["logs follow", "GET", logsFollowRoute],
  ["logs download", "GET", logsDownloadRoute],
  ["file", "GET", executionFileRoute],
];
for (const id of ids) {
  for (const [name, method, handler] of byExecution) {
    add(`execution ${name} ${JSON.stringify(id).slice(0, 40)}`, () => call(handler, request(method, "/", { token }), { tenant, executionId: id }));
  }
}
// the file route: paths of every kind, on an execution that does not exist (answered 404 before the path is read)
for (const path of ["", "kestra:///", "kestra:///../../etc/passwd", "file:///etc/passwd", "%00", "kestra:///a/%2e%2e/b", "x".repeat(5000)]) {
  add(`execution file path ${JSON.stringify(path).slice(0, 40)}`, () => call(executionFileRoute, request("GET", `/?path=${encodeURIComponent(path)}`, { token }), { tenant, executionId: "missing" }));
}
// the eval route: ids that name nothing, expressions and bodies of every kind (the execution is missing: never evaluated)
for (const id of ids) {
  add(`execution eval ${JSON.stringify(id).slice(0, 40)}`, () => call(evalRoute, request("POST", "/", { token, body: "{{ 1 }}", headers: { "content-type": "text/plain" } }), { tenant, executionId: id, taskRunId: id }));
}
for (const [name, text, ct] of executionBodies) {
  add(`execution eval body: ${name}`, () => call(evalRoute, request("POST", "/", { token, body: text, headers: { "content-type": ct } }), { tenant, executionId: "missing", taskRunId: "missing" }));
}
add("execution eval body over the limit", () =>
  call(evalRoute, request("POST", "/", { token, body: "{{ 1 }}".repeat(20_000), headers: { "content-type": "text/plain" } }), { tenant, executionId: "missing", taskRunId: "missing" }),
);
// the start route's namespace arrives under the folder's name (lib/api/routes.ts `folders`)
const startAt = (namespace: string, flowId: string, body?: string, ct?: string, query = "") =>
  call(startRoute, request("POST", `/${query}`, { token, body, headers: ct ? { "content-type": ct } : {} }), { tenant, executionId: namespace, flowId });
for (const ns of namespaces) add(`execution start namespace ${JSON.stringify(ns).slice(0, 40)}`, () => startAt(ns, "existing"));
for (const id of flowIds) add(`execution start flow ${JSON.stringify(id).slice(0, 40)}`, () => startAt("ok", id));
for (const [name, text, ct] of executionBodies) {
  add(`execution start body: ${name}`, () => startAt("ok", "existing", text, ct));
  add(`execution resume body: ${name}`, () => call(resumeRoute, request("POST", "/", { token, body: text, headers: { "content-type": ct } }), { tenant, executionId: "missing" }));
}
for (const q of ["labels=nocolon", "labels=%00", "scheduleDate=soon", "scheduleDate=2025-13-45T99:00:00Z", "revision=-1", "revision=0", "revision=1e9", "revision=99999999999", "wait=yes"]) {
  add(`execution start ${q}`, () => startAt("ok", "existing", "{}", "application/json", `?${q}`));
}
for (const q of executionQueries) add(`execution search ${q.slice(0, 40)}`, () => call(executionSearchRoute, request("GET", `/?${q}`, { token }), { tenant }));
for (const q of logQueries) add(`logs ${q.slice(0, 40)}`, () => call(logsRoute, request("GET", `/?${q}`, { token }), { tenant, executionId: "missing" }));
for (const h of ["x", "-1", "1.5", "9".repeat(30), "1; DROP"]) {
  add(`logs follow Last-Event-ID ${h.slice(0, 20)}`, () => call(logsFollowRoute, request("GET", "/", { token, headers: { "last-event-id": h } }), { tenant, executionId: "missing" }));
}

// triggers: names no trigger has, bodies that are no change, a backfill that ends before it starts
type TriggerHandler = (req: Request, args: { params: Promise<Record<string, string>> }) => Promise<Response>;
const byTrigger: [string, string, TriggerHandler][] = [
  ["unlock", "POST", triggerUnlockRoute],
  ["backfill pause", "POST", backfillPauseRoute],
  ["backfill unpause", "POST", backfillUnpauseRoute],
  ["backfill delete", "DELETE", backfillRoute.DELETE],
];
const triggerAt = (namespace: string, flowId: string, triggerId: string) => ({ tenant, namespace, flowId, triggerId });
for (const [name, method, handler] of byTrigger) {
  for (const ns of namespaces) add(`trigger ${name} namespace ${JSON.stringify(ns).slice(0, 40)}`, () => call(handler, request(method, "/", { token }), triggerAt(ns, "existing", "daily")));
  for (const id of flowIds.slice(0, 5)) add(`trigger ${name} flow ${JSON.stringify(id).slice(0, 40)}`, () => call(handler, request(method, "/", { token }), triggerAt("ok", id, "daily")));
  for (const id of ["a b", "../x", "x".repeat(101), "{{ t }}"]) add(`trigger ${name} id ${JSON.stringify(id).slice(0, 40)}`, () => call(handler, request(method, "/", { token }), triggerAt("ok", "existing", id)));
}
// the flow's trigger has no backfill: pausing, resuming or deleting one is 404
for (const [name, method, handler] of byTrigger.slice(1)) add(`trigger ${name} without a backfill`, () => call(handler, request(method, "/", { token }), triggerAt("ok", "existing", "daily")));
const triggerBodies: [string, string | undefined, string | undefined][] = [
  ["empty object", "{}", "application/json"],
  ["disabled as text", '{"disabled":"yes"}', "application/json"],
  ["unknown key", '{"disabled":true,"x":1}', "application/json"],
  ["broken json", '{"disabled":', "application/json"],
  ["a list", "[true]", "application/json"],
];
for (const [name, text, ct] of triggerBodies) {
  add(`trigger update body: ${name}`, () =>
    call(triggerUpdateRoute, request("PUT", "/", { token, body: text, headers: ct ? { "content-type": ct } : {} }), { tenant, namespace: "ok", id: "existing", triggerId: "daily" }),
  );
}
for (const ns of namespaces) {
  add(`trigger update namespace ${JSON.stringify(ns).slice(0, 40)}`, () => call(triggerUpdateRoute, request("PUT", "/", { token, body: { disabled: true } }), { tenant, namespace: ns, id: "existing", triggerId: "daily" }));
}
const backfills: unknown[] = [
  {},
  { start: "soon" },
  { start: "2026-13-01T00:00:00Z" },
  { start: "2026-02-01T00:00:00Z", end: "2026-01-01T00:00:00Z" },
  { start: "2026-02-01T00:00:00Z", labels: { a: 1 } },
  { start: "2026-02-01T00:00:00Z", inputs: [] },
  { start: "2026-02-01T00:00:00Z", extra: true },
];
for (const b of backfills) {
  add(`backfill body ${JSON.stringify(b).slice(0, 50)}`, () => call(backfillRoute.PUT, request("PUT", "/", { token, body: b }), triggerAt("ok", "existing", "daily")));
}
for (const q of ["page=0", "size=1000", "page=-1", "size=abc"]) add(`trigger search ${q}`, () => call(triggerSearchRoute, request("GET", `/?${q}`, { token }), { tenant }));

// webhooks: no login; names no flow has, keys that are not the key, bodies the trigger cannot start
// the flow with, a body over the limit (declared or streamed)
const HOOK_KEY = "hostile-hook-key";
const webhookAt = (namespace: string, flowId: string, key: string, method: "GET" | "POST" | "PUT" = "POST", body?: string, headers: Record<string, string> = {}) =>
  call(webhookRoute[method], request(method, "/", { body, headers }), { tenant, namespace, flowId, key });
for (const ns of namespaces) add(`webhook namespace ${JSON.stringify(ns).slice(0, 40)}`, () => webhookAt(ns, "hooked", HOOK_KEY));
for (const id of flowIds) add(`webhook flow ${JSON.stringify(id).slice(0, 40)}`, () => webhookAt("ok", id, HOOK_KEY));
for (const key of [...ids, ...webhookKeys]) {
  for (const method of ["GET", "POST", "PUT"] as const) add(`webhook ${method} key ${JSON.stringify(key).slice(0, 40)}`, () => webhookAt("ok", "hooked", key, method));
}
for (const [name, text, ct] of webhookBodies) {
  add(`webhook body: ${name}`, () => webhookAt("ok", "hooked", HOOK_KEY, "POST", text, { "content-type": ct }));
}
add("webhook body declaring a length over the limit", () => webhookAt("ok", "hooked", HOOK_KEY, "PUT", "{}", { "content-type": "application/json", "content-length": String(1024 ** 3) }));
add("webhook query without the field the inputs read", () =>
  call(webhookRoute.GET, request("GET", "/?name=x&__proto__=y", {}), { tenant, namespace: "ok", flowId: "hooked", key: HOOK_KEY }),
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
      db.execution.count(),
      db.executionEvent.count(),
      db.taskRun.count(),
      db.executionLog.count(),
      db.trigger.findMany({ orderBy: { id: "asc" } }),
      db.workerGroup.findMany({ orderBy: { key: "asc" } }),
      db.tenant.findMany({ select: { id: true, workerGroup: true }, orderBy: { id: "asc" } }),
    ]),
  );
}

describe("hostile input", () => {
  beforeAll(async () => {
    const admin = await makeUser({ superadmin: true });
    tenant = (await makeTenant(admin)).id;
    token = await tokenOf(admin);
    await call(namespacesRoute.POST, request("POST", "/", { token, body: { name: "settings" } }), { tenant });
    await call(workerGroupsRoute.POST, request("POST", "/", { token, body: { key: "hostile-existing" } }));
    await call(fileRoute.PUT, request("PUT", "/", { token, body: "kept", headers: { "content-type": "application/octet-stream" } }), { tenant, namespace: "ok", path: ["existing.txt"] });
    await call(createFlowRoute, request("POST", "/", { token, body: `id: hooked\nnamespace: ok\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${HOOK_KEY}\n    inputs:\n      who: "{{ trigger.body.name }}"\n`, headers: YAML }), { tenant });
    await call(createFlowRoute, request("POST", "/", { token, body: "id: existing\nnamespace: ok\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 9 * * *\"\n", headers: YAML }), { tenant });
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
