import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "@/lib/api/openapi";
import { API_ROUTES, ERROR_RESPONSE, type RouteSpec, folderPath } from "@/lib/api/routes";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser, request, tokenOf, uniq } from "./helpers";

// Every route documents its success answer with a zod schema (the OpenAPI document's responses are
// generated from it), and real answers match what is documented: each answer below is checked
// against its route's declared schema, which refuses keys it does not name.

const byKey = new Map(API_ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

/** The handler of a listed route, from its file under app/api/v1. */
async function handlerOf(r: RouteSpec) {
  const dir = folderPath(r)
    .replace(/^\/api\/v1\/?/, "")
    .split("/")
    .map((s) => (s === "{path}" ? "[...path]" : s.replace(/^\{(\w+)\}$/, "[$1]")))
    .join("/");
  const mod = await import(path.resolve("app/api/v1", dir, "route.ts"));
  return mod[r.method] as Parameters<typeof call>[0];
}

type Hit = { status: number; json: any; text: string; headers: Headers };
const seen = new Map<string, Hit[]>();

let token = "";
let tenant = "";

async function hit(key: string, params: Record<string, string | string[]> = {}, opts: { body?: unknown; headers?: Record<string, string>; query?: string } = {}) {
  const route = byKey.get(key);
  if (!route) throw new Error(`${key} is not listed`);
  const res = await call(await handlerOf(route), request(route.method, `/${opts.query ?? ""}`, { token, body: opts.body, headers: opts.headers }), { tenant, ...params });
  seen.set(key, [...(seen.get(key) ?? []), res]);
  return res;
}

const yaml = (id: string, message = "hi") => `id: ${id}\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;
const YAML = { "content-type": "application/x-yaml" };

describe("documented responses", () => {
  beforeAll(async () => {
    const admin = await makeUser({ superadmin: true });
    token = await tokenOf(admin);
    tenant = (await makeTenant(admin)).id;
    const other = await makeUser();
    const spare = uniq("spare");

    // instance level
    await hit("GET /api/v1/me");
    await hit("GET /api/v1/plugins");
    await hit("GET /api/v1/tenants");
    await hit("POST /api/v1/tenants", {}, { body: { id: spare, name: "Spare", description: "d" } });
    await hit("GET /api/v1/tenants/{id}", { id: spare });
    await hit("PUT /api/v1/tenants/{id}", { id: spare }, { body: { name: "Spare 2" } });
    await hit("POST /api/v1/tenants/{id}/admins", { id: spare }, { body: { username: other.username } });
    await hit("DELETE /api/v1/tenants/{id}", { id: spare });
    await hit("POST /api/v1/tenants/{id}/restore", { id: spare });
    await hit("POST /api/v1/admin/users/{username}/disable", { username: other.username });
    await hit("POST /api/v1/admin/users/{username}/enable", { username: other.username });
    await hit("GET /api/v1/admin/users", {}, { query: `?q=${encodeURIComponent(other.username)}&size=5` });
    await hit("GET /api/v1/admin/users/{username}", { username: admin.username });
    await hit("POST /api/v1/admin/users/{username}/password", { username: other.username }, { body: {} });
    await hit("POST /api/v1/admin/users/{username}/password", { username: other.username }, { body: { password: "typed-by-admin-1" } });
    await hit("DELETE /api/v1/admin/users/{username}/sessions", { username: other.username });
    const wg = uniq("wg");
    await hit("POST /api/v1/admin/worker-groups", {}, { body: { key: wg, description: "d", allowedTenants: [tenant] } });
    await hit("PUT /api/v1/admin/worker-groups/{key}", { key: wg }, { body: { allowedTenants: [] } });
    await db.worker.create({ data: { id: uniq("worker"), workerGroup: wg, host: "h", pid: 1, concurrency: 2 } });
    await hit("GET /api/v1/admin/worker-groups");
    await hit("GET /api/v1/admin/worker-groups/{key}", { key: wg });
    await hit("PUT /api/v1/tenants/{id}", { id: spare }, { body: { workerGroup: wg } });
    await hit("DELETE /api/v1/admin/worker-groups/{key}", { key: wg });

    // access and RBAC
    const member = await makeUser();
    await hit("PUT /api/v1/{tenant}/users/{username}", { username: member.username });
    await hit("GET /api/v1/{tenant}/users");
    const role = await hit("POST /api/v1/{tenant}/roles", {}, { body: { name: "Reader", permissions: { FLOW: ["READ"] } } });
    await hit("GET /api/v1/{tenant}/roles");
    await hit("GET /api/v1/{tenant}/roles/{id}", { id: role.json.id });
    await hit("PUT /api/v1/{tenant}/roles/{id}", { id: role.json.id }, { body: { description: "reads flows" } });
    const group = await hit("POST /api/v1/{tenant}/groups", {}, { body: { name: "team", members: [member.username] } });
    await hit("GET /api/v1/{tenant}/groups");
    await hit("GET /api/v1/{tenant}/groups/{id}", { id: group.json.id });
    await hit("PUT /api/v1/{tenant}/groups/{id}", { id: group.json.id }, { body: { description: "the team" } });
    const binding = await hit("POST /api/v1/{tenant}/bindings", {}, { body: { group: "team", role: "Reader", namespace: "company" } });
    await hit("POST /api/v1/{tenant}/bindings", {}, { body: { user: member.username, role: "Viewer" } });
    await hit("GET /api/v1/{tenant}/bindings");
    await hit("DELETE /api/v1/{tenant}/bindings/{id}", { id: binding.json.id });
    await hit("DELETE /api/v1/{tenant}/groups/{id}", { id: group.json.id });
    await hit("DELETE /api/v1/{tenant}/roles/{id}", { id: role.json.id });

    // namespaces
    await hit("POST /api/v1/{tenant}/namespaces", {}, { body: { name: "company", description: "root" } });
    await hit("PUT /api/v1/{tenant}/namespaces/{namespace}", { namespace: "company" }, {
      body: { variables: { region: "eu" }, pluginDefaults: [{ type: "io.kestra.plugin.core.log.Log", values: { level: "INFO" } }] },
    });
    await hit("POST /api/v1/{tenant}/namespaces", {}, { body: { name: "company.team" } });
    await hit("GET /api/v1/{tenant}/namespaces");
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}", { namespace: "company" });
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/inherited-variables", { namespace: "company.team" });
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/inherited-plugindefaults", { namespace: "company.team" });
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/backends", { namespace: "company.team" });

    // flows
    await hit("POST /api/v1/{tenant}/flows", {}, { body: yaml("hello"), headers: YAML });
    await hit("PUT /api/v1/{tenant}/flows/{namespace}/{id}", { namespace: "company.team", id: "hello" }, { body: yaml("hello", "again"), headers: { ...YAML, "if-match": '"1"' } });
    await hit("GET /api/v1/{tenant}/flows/{namespace}/{id}", { namespace: "company.team", id: "hello" });
    await hit("GET /api/v1/{tenant}/flows/{namespace}", { namespace: "company.team" });
    await hit("GET /api/v1/{tenant}/flows/search", {}, { query: "?q=hel" });
    await hit("GET /api/v1/{tenant}/flows/{namespace}/{id}/dependencies", { namespace: "company.team", id: "hello" });
    await hit("GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions", { namespace: "company.team", id: "hello" });
    await hit("GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}", { namespace: "company.team", id: "hello", revision: "1" });
    await hit("POST /api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}/restore", { namespace: "company.team", id: "hello", revision: "1" }, { headers: { "if-match": '"2"' } });
    await hit("POST /api/v1/{tenant}/flows", {}, { body: `${yaml("timed")}triggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n`, headers: YAML });
    const trigger = { namespace: "company.team", flowId: "timed", triggerId: "daily" };
    await hit("GET /api/v1/{tenant}/triggers/search", {}, { query: "?namespace=company" });
    await hit("PUT /api/v1/{tenant}/flows/{namespace}/{id}/triggers/{triggerId}", { namespace: "company.team", id: "timed", triggerId: "daily" }, { body: { disabled: true } });
    await hit("POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/unlock", trigger);
    await hit("PUT /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill", trigger, { body: { start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" } });
    await hit("POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill/pause", trigger);
    await hit("POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill/unpause", trigger);
    await hit("DELETE /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill", trigger);
    await hit("DELETE /api/v1/{tenant}/flows/{namespace}/{id}", { namespace: "company.team", id: "hello" });

    // KV, secrets, files
    const ns = { namespace: "company" };
    await hit("PUT /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", { ...ns, key: "k1" }, { body: { type: "STRING", value: "v", ttl: "PT1H" } });
    await hit("PUT /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", { ...ns, key: "k1" }, { body: { type: "NUMBER", value: 4 } });
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", { ...ns, key: "k1" });
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/kv", ns);
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/kv", { namespace: "company.team" }, { query: "?inherited=true" });
    await hit("DELETE /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", { ...ns, key: "k1" });
    await hit("PUT /api/v1/{tenant}/secrets/{key}", { key: "TENANT_KEY" }, { body: { value: "s", description: "tenant-wide" } });
    await hit("PUT /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", { ...ns, key: "NS_KEY" }, { body: { value: "s" } });
    await hit("PUT /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", { ...ns, key: "NS_KEY" }, { body: { value: "t" } });
    await hit("GET /api/v1/{tenant}/secrets");
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/secrets", { namespace: "company.team" });
    await hit("DELETE /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", { ...ns, key: "NS_KEY" });
    await hit("DELETE /api/v1/{tenant}/secrets/{key}", { key: "TENANT_KEY" });
    const bytes = { body: "hello", headers: { "content-type": "application/octet-stream" } };
    await hit("PUT /api/v1/{tenant}/namespaces/{namespace}/files/{path}", { ...ns, path: ["docs", "a.txt"] }, bytes);
    await hit("PUT /api/v1/{tenant}/namespaces/{namespace}/files/{path}", { ...ns, path: ["docs", "a.txt"] }, bytes);
    await hit("POST /api/v1/{tenant}/namespaces/{namespace}/files/{path}", { ...ns, path: ["empty"] }, { body: { action: "createFolder" } });
    await hit("POST /api/v1/{tenant}/namespaces/{namespace}/files/{path}", { ...ns, path: ["docs", "a.txt"] }, { body: { action: "move", to: "docs/b.txt" } });
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/files", ns, { query: "?path=docs" });
    await hit("GET /api/v1/{tenant}/namespaces/{namespace}/files", ns, { query: "?recursive=true" });
    await hit("DELETE /api/v1/{tenant}/namespaces/{namespace}/files/{path}", { ...ns, path: ["docs"] });
    await hit("DELETE /api/v1/{tenant}/namespaces/{namespace}", { namespace: "company.team" });
    await hit("GET /api/v1/{tenant}/auditlogs", {}, { query: "?size=100" });
    await hit("DELETE /api/v1/{tenant}/users/{username}", { username: member.username });

    // executions, without an engine running: the states an action needs are written directly
    await hit("POST /api/v1/{tenant}/flows", {}, { body: yaml("runs"), headers: YAML });
    // Next.js hands the namespace over under the folder's name (lib/api/routes.ts `folders`)
    const run = { executionId: "company.team", flowId: "runs" };
    const started = await hit("POST /api/v1/{tenant}/executions/{namespace}/{flowId}", run, { body: { unknown: 1 }, query: "?labels=a:b" });
    const executionId = started.json.id as string;
    const id = { executionId };
    await hit("GET /api/v1/{tenant}/executions/{executionId}", id);
    await hit("GET /api/v1/{tenant}/executions/search", {}, { query: "?namespace=company&labels=a:b" });
    await hit("GET /api/v1/{tenant}/logs/{executionId}", id, { query: "?minLevel=INFO" });
    await hit("DELETE /api/v1/{tenant}/executions/{executionId}/kill", id);
    const state = (current: string) =>
      db.execution.updateMany({ where: { tenantId: tenant, id: executionId }, data: { state: current, histories: JSON.stringify([{ state: "CREATED", date: new Date().toISOString() }, { state: current, date: new Date().toISOString() }]) } });
    await state("PAUSED");
    await hit("POST /api/v1/{tenant}/executions/{executionId}/resume", id);
    await state("FAILED");
    await db.taskRun.createMany({
      data: [{ id: `${executionId}-t`, tenantId: tenant, executionId, seq: 1, taskId: "t", state: "FAILED", histories: "[]", attempts: JSON.stringify([{ number: 1, state: "FAILED", histories: [], workerId: null }]) }],
    });
    await hit("POST /api/v1/{tenant}/executions/{executionId}/eval/{taskRunId}", { ...id, taskRunId: `${executionId}-t` }, { body: "{{ taskrun.id }}", headers: { "content-type": "text/plain" } });
    await hit("POST /api/v1/{tenant}/executions/{executionId}/replay", id, { query: `?taskRunId=${executionId}-t` });
    await hit("POST /api/v1/{tenant}/executions/{executionId}/restart", id);
    await state("SUCCESS");
    await hit("DELETE /api/v1/{tenant}/executions/{executionId}", id);

    // webhooks (no login: the key in the URL is the credential)
    await hit("POST /api/v1/{tenant}/flows", {}, { body: `${yaml("hooked")}triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: documented-hook-key\n`, headers: YAML });
    const hook = { namespace: "company.team", flowId: "hooked", key: "documented-hook-key" };
    await hit("POST /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}", hook, { body: { event: "push" } });
    await hit("PUT /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}", hook, { body: "text", headers: { "content-type": "text/plain" } });
    await hit("GET /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}", hook, { query: "?ref=main" });
  });

  it.runIf(process.env.DUMP_ANSWERS)("dumps", () => {
    for (const [key, answers] of seen) for (const a of answers) console.log(`@@ ${key} ${a.status} ${a.text.slice(0, 1500)}`);
  });

  it("declares a success schema for every listed route, and the error shape", () => {
    expect(API_ROUTES.filter((r) => !r.response).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, any> }>>; components: { schemas: Record<string, any> } };
    for (const r of API_ROUTES) {
      const responses = doc.paths[r.path][r.method.toLowerCase()].responses;
      const success = Object.entries(responses).filter(([code]) => code.startsWith("2"));
      expect(success.length, `${r.method} ${r.path}`).toBeGreaterThan(0);
      for (const [, answer] of success) expect(Object.keys(answer.content ?? {}).length, `${r.method} ${r.path}`).toBeGreaterThan(0);
    }
    // the error shape is generated from the same zod schema the test below holds answers to
    const { $schema: _drop, ...error } = z.toJSONSchema(ERROR_RESPONSE, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
    expect(doc.components.schemas.Error).toEqual(error);
  });

  it("answers every sampled request successfully, as its route declares", () => {
    const failed: string[] = [];
    for (const [key, answers] of seen) {
      const route = byKey.get(key)!;
      for (const a of answers) {
        if (a.status >= 300) {
          failed.push(`${key}: ${a.status} ${a.text.slice(0, 300)}`);
          continue;
        }
        const json = a.text ? JSON.parse(a.text) : null;
        const parsed = route.response!.safeParse(json);
        if (!parsed.success) failed.push(`${key}: ${JSON.stringify(parsed.error.issues).slice(0, 400)} in ${a.text.slice(0, 300)}`);
      }
    }
    expect(failed).toEqual([]);
    // most of the list is covered by a real answer (the CSV exports, the file, execution file and log downloads,
    // the two documents and the event streams are not JSON of this kind)
    expect(seen.size).toBeGreaterThanOrEqual(API_ROUTES.length - 10);
  });

  it("answers errors in the documented error shape", async () => {
    const answers = [
      await hit("GET /api/v1/{tenant}/roles/{id}", { id: "nope" }),
      await hit("POST /api/v1/{tenant}/roles", {}, { body: { name: 5 } }),
      await hit("POST /api/v1/{tenant}/flows", {}, { body: "id: [", headers: YAML }),
      await hit("PUT /api/v1/{tenant}/flows/{namespace}/{id}", { namespace: "company", id: "x" }, { body: yaml("x"), headers: YAML }),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 422, 400, 428]);
    for (const a of answers) expect(ERROR_RESPONSE.strict().safeParse(a.json).success, a.text).toBe(true);
  });
});
