import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/cli/run";
import { API_ROUTES, type RouteSpec, folderPath } from "@/lib/api/routes";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { startExecution } from "@/lib/executions/executions";
import { writeFile } from "@/lib/files/files";
import { createFlow } from "@/lib/flows/flows";
import { putKv } from "@/lib/kv/kv";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import { putSecret } from "@/lib/secrets/secrets";
import { grantAccess } from "@/lib/tenants/access";
import { deleteTenant } from "@/lib/tenants/tenants";
import { createToken } from "@/lib/tokens/tokens";
import { createWorkerGroup } from "@/lib/workers/groups";
import { cli } from "./cli";
import { call, makeTenant, makeUser, request, tokenOf, uniq } from "./helpers";

// Every mutation writes its audit entry: each mutating API route and CLI command is run once,
// successfully, and must add an entry to the tenant's or the instance's log. A new mutating route
// or command without a case here fails the first test.

const FLOW = (ns: string, id: string, msg = "m") =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${msg}\n`;

type Fixture = Awaited<ReturnType<typeof fixture>>;
async function fixture() {
  const admin = await makeUser({ superadmin: true });
  const tenant = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  const other = await makeUser();
  await grantAccess(ctx, other.username);
  await createNamespace(ctx, { name: "ns" });
  await createFlow(ctx, FLOW("ns", "f"));
  await createFlow(ctx, `${FLOW("ns", "scheduled")}triggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n    backfill:\n      start: "2026-01-01T00:00:00Z"\n`);
  await createFlow(ctx, `${FLOW("ns", "hooked")}triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${HOOK_KEY}\n`);
  await putKv(ctx, "ns", "k", { type: "STRING", value: "v" });
  await writeFile(ctx, "ns", "docs/f.txt", new TextEncoder().encode("file"));
  const role = await createRole(ctx, { name: uniq("Role"), permissions: { FLOW: ["READ"] } });
  const group = await createGroup(ctx, { name: uniq("grp"), members: [other.username] });
  const binding = await createBinding(ctx, { group: group.name, role: role.name });
  await putSecret(ctx, null, "TENANT_SECRET", { value: "v" });
  await putSecret(ctx, "ns", "NS_SECRET", { value: "v" });
  const spare = await makeTenant(admin);
  // executions in the states their actions need (no engine runs here: the states are written directly)
  const execution = async (state: string) => {
    const { id } = await startExecution(ctx, { namespace: "ns", flowId: "f" });
    if (state === "CREATED") return id;
    const date = new Date().toISOString();
    await db.execution.update({ where: { id }, data: { state, histories: JSON.stringify([{ state: "CREATED", date }, { state, date }]) } });
    await db.taskRun.createMany({ data: [{ id: `${id}-t`, tenantId: tenant, executionId: id, seq: 1, taskId: "t", state: state === "PAUSED" ? "SUCCESS" : state, attempts: JSON.stringify([{ number: 1, state: "FAILED", histories: [], workerId: null }]) }] });
    return id;
  };
  const executions = { created: await execution("CREATED"), failed: await execution("FAILED"), paused: await execution("PAUSED") };
  const workerGroup = (await createWorkerGroup(cliActor(), { key: uniq("wg") })).key;
  return { workerGroup, admin, token: await tokenOf(admin), tenant, other, role, group, binding, spare: spare.id, executions };
}

type ApiCase = (f: Fixture) => { params: Record<string, string | string[]>; body?: unknown; headers?: Record<string, string> };
const yaml = { "content-type": "application/x-yaml" };
const TRIGGER = { namespace: "ns", flowId: "scheduled", triggerId: "daily" };
const HOOK_KEY = "audited-hook-key";
// a webhook takes no login: the execution it starts is audited under the "webhook" actor
const HOOK = (f: Fixture) => ({ params: { tenant: f.tenant, namespace: "ns", flowId: "hooked", key: HOOK_KEY }, body: { any: "body" } });
const API_CASES: Record<string, ApiCase> = {
  "POST /api/v1/tenants": () => ({ params: {}, body: { id: uniq("t"), name: "New" } }),
  "PUT /api/v1/tenants/{id}": (f) => ({ params: { id: f.spare }, body: { name: "Renamed" } }),
  "DELETE /api/v1/tenants/{id}": (f) => ({ params: { id: f.spare } }),
  "POST /api/v1/tenants/{id}/restore": (f) => ({ params: { id: f.spare } }),
  "POST /api/v1/tenants/{id}/admins": (f) => ({ params: { id: f.spare }, body: { username: f.other.username } }),
  "POST /api/v1/admin/worker-groups": () => ({ params: {}, body: { key: uniq("wg"), description: "d" } }),
  "PUT /api/v1/admin/worker-groups/{key}": (f) => ({ params: { key: f.workerGroup }, body: { allowedTenants: [f.tenant] } }),
  "DELETE /api/v1/admin/worker-groups/{key}": (f) => ({ params: { key: f.workerGroup } }),
  "POST /api/v1/admin/users/{username}/disable": (f) => ({ params: { username: f.other.username } }),
  "POST /api/v1/admin/users/{username}/enable": (f) => ({ params: { username: f.other.username } }),
  "POST /api/v1/admin/users/{username}/password": (f) => ({ params: { username: f.other.username }, body: {} }),
  "DELETE /api/v1/admin/users/{username}/sessions": (f) => ({ params: { username: f.other.username } }),
  "PUT /api/v1/{tenant}/users/{username}": (f) => ({ params: { tenant: f.spare, username: f.other.username } }),
  "DELETE /api/v1/{tenant}/users/{username}": (f) => ({ params: { tenant: f.tenant, username: f.other.username } }),
  "POST /api/v1/{tenant}/roles": (f) => ({ params: { tenant: f.tenant }, body: { name: uniq("R"), permissions: {} } }),
  "PUT /api/v1/{tenant}/roles/{id}": (f) => ({ params: { tenant: f.tenant, id: f.role.id }, body: { description: "changed" } }),
  "DELETE /api/v1/{tenant}/roles/{id}": (f) => ({ params: { tenant: f.tenant, id: f.role.id } }),
  "POST /api/v1/{tenant}/groups": (f) => ({ params: { tenant: f.tenant }, body: { name: uniq("g") } }),
  "PUT /api/v1/{tenant}/groups/{id}": (f) => ({ params: { tenant: f.tenant, id: f.group.id }, body: { members: [] } }),
  "DELETE /api/v1/{tenant}/groups/{id}": (f) => ({ params: { tenant: f.tenant, id: f.group.id } }),
  "POST /api/v1/{tenant}/bindings": (f) => ({ params: { tenant: f.tenant }, body: { user: f.other.username, role: "Viewer" } }),
  "DELETE /api/v1/{tenant}/bindings/{id}": (f) => ({ params: { tenant: f.tenant, id: f.binding.id } }),
  "POST /api/v1/{tenant}/flows": (f) => ({ params: { tenant: f.tenant }, body: FLOW("ns", "g"), headers: yaml }),
  "PUT /api/v1/{tenant}/flows/{namespace}/{id}": (f) => ({
    params: { tenant: f.tenant, namespace: "ns", id: "f" },
    body: FLOW("ns", "f", "changed"),
    headers: { ...yaml, "if-match": '"1"' },
  }),
  "DELETE /api/v1/{tenant}/flows/{namespace}/{id}": (f) => ({ params: { tenant: f.tenant, namespace: "ns", id: "f" } }),
  "POST /api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}/restore": (f) => ({
    params: { tenant: f.tenant, namespace: "ns", id: "f", revision: "1" },
    headers: { "if-match": '"2"' },
  }),
  "POST /api/v1/{tenant}/namespaces": (f) => ({ params: { tenant: f.tenant }, body: { name: "ns2" } }),
  "PUT /api/v1/{tenant}/namespaces/{namespace}": (f) => ({ params: { tenant: f.tenant, namespace: "ns" }, body: { description: "d" } }),
  "DELETE /api/v1/{tenant}/namespaces/{namespace}": (f) => ({ params: { tenant: f.tenant, namespace: "ns" } }),
  "PUT /api/v1/{tenant}/namespaces/{namespace}/kv/{key}": (f) => ({
    params: { tenant: f.tenant, namespace: "ns", key: "k" },
    body: { type: "NUMBER", value: 2, ttl: "P1D" },
    headers: { "if-match": '"1"' },
  }),
  "DELETE /api/v1/{tenant}/namespaces/{namespace}/kv/{key}": (f) => ({ params: { tenant: f.tenant, namespace: "ns", key: "k" } }),
  "PUT /api/v1/{tenant}/namespaces/{namespace}/files/{path}": (f) => ({
    params: { tenant: f.tenant, namespace: "ns", path: ["docs", "new.txt"] },
    body: "uploaded",
    headers: { "content-type": "application/octet-stream" },
  }),
  "POST /api/v1/{tenant}/namespaces/{namespace}/files/{path}": (f) => ({
    params: { tenant: f.tenant, namespace: "ns", path: ["docs", "f.txt"] },
    body: { action: "move", to: "docs/g.txt" },
  }),
  "DELETE /api/v1/{tenant}/namespaces/{namespace}/files/{path}": (f) => ({ params: { tenant: f.tenant, namespace: "ns", path: ["docs"] } }),
  "PUT /api/v1/{tenant}/secrets/{key}": (f) => ({ params: { tenant: f.tenant, key: "NEW_SECRET" }, body: { value: "v" } }),
  "DELETE /api/v1/{tenant}/secrets/{key}": (f) => ({ params: { tenant: f.tenant, key: "TENANT_SECRET" } }),
  "PUT /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}": (f) => ({ params: { tenant: f.tenant, namespace: "ns", key: "NS_SECRET" }, body: { value: "replaced" } }),
  "DELETE /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}": (f) => ({ params: { tenant: f.tenant, namespace: "ns", key: "NS_SECRET" } }),
  // the start route's namespace arrives under its folder's name (lib/api/routes.ts `folders`)
  "POST /api/v1/{tenant}/executions/{namespace}/{flowId}": (f) => ({ params: { tenant: f.tenant, executionId: "ns", flowId: "f" }, body: {} }),
  "DELETE /api/v1/{tenant}/executions/{executionId}": (f) => ({ params: { tenant: f.tenant, executionId: f.executions.failed } }),
  "DELETE /api/v1/{tenant}/executions/{executionId}/kill": (f) => ({ params: { tenant: f.tenant, executionId: f.executions.created } }),
  "POST /api/v1/{tenant}/executions/{executionId}/restart": (f) => ({ params: { tenant: f.tenant, executionId: f.executions.failed } }),
  "POST /api/v1/{tenant}/executions/{executionId}/replay": (f) => ({ params: { tenant: f.tenant, executionId: f.executions.failed } }),
  "POST /api/v1/{tenant}/executions/{executionId}/resume": (f) => ({ params: { tenant: f.tenant, executionId: f.executions.paused }, body: {} }),
  "POST /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}": HOOK,
  "PUT /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}": HOOK,
  "PUT /api/v1/{tenant}/flows/{namespace}/{id}/triggers/{triggerId}": (f) => ({ params: { tenant: f.tenant, namespace: "ns", id: "scheduled", triggerId: "daily" }, body: { disabled: true } }),
  "POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/unlock": (f) => ({ params: { tenant: f.tenant, ...TRIGGER } }),
  "PUT /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill": (f) => ({ params: { tenant: f.tenant, ...TRIGGER }, body: { start: "2026-02-01T00:00:00Z" } }),
  "POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill/pause": (f) => ({ params: { tenant: f.tenant, ...TRIGGER } }),
  "POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill/unpause": (f) => ({ params: { tenant: f.tenant, ...TRIGGER } }),
  "DELETE /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill": (f) => ({ params: { tenant: f.tenant, ...TRIGGER } }),
};

// a POST that only reads (evaluating an expression, EXECUTION:READ) changes nothing to audit
const mutating = API_ROUTES.filter((r) => r.method !== "GET" && r.action !== "READ");
const key = (r: RouteSpec) => `${r.method} ${r.path}`;

async function handlerFor(r: RouteSpec) {
  const file = path.resolve("app/api/v1", folderPath(r).replace("/api/v1/", "").replace("{path}", "[...path]").replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
  return (await import(file))[r.method];
}

const auditCount = async () => (await db.auditLog.count()) + (await db.instanceAuditLog.count());

describe("every mutation writes an audit entry", () => {
  it("has a case for every mutating API route and CLI command", () => {
    expect(mutating.map(key).filter((k) => !API_CASES[k])).toEqual([]);
    expect(Object.keys(COMMANDS).filter((c) => !READ_ONLY_COMMANDS.includes(c) && !CLI_CASES[c])).toEqual([]);
  });

  it.each(mutating.map((r) => [key(r), r] as const))("%s", async (_k, route) => {
    const f = await fixture();
    if (route.path.endsWith("/restore") && route.path.includes("/tenants/")) {
      await db.tenant.update({ where: { id: f.spare }, data: { deleted: true } });
    }
    if (route.path.includes("/revisions/")) {
      await call(await handlerFor(mutating.find((r) => r.method === "PUT" && r.path.endsWith("{namespace}/{id}"))!), request("PUT", "/", { token: f.token, body: FLOW("ns", "f", "v2"), headers: { ...yaml, "if-match": '"1"' } }), { tenant: f.tenant, namespace: "ns", id: "f" });
    }
    const c = API_CASES[key(route)](f);
    const before = await auditCount();
    const res = await call(await handlerFor(route), request(route.method, "/", { token: f.token, body: c.body, headers: c.headers }), c.params);
    expect(res.status, res.text.slice(0, 200)).toBeLessThan(300);
    expect(await auditCount()).toBeGreaterThan(before);
  });
});

// the engine's roles run until stopped; what they change is executions' state, not an audited action
const READ_ONLY_COMMANDS = ["worker-groups list", "tenants list", "bootstrap", "worker", "executor", "scheduler", "triggers list", "namespaces show"];
const CLI_CASES: Record<string, () => Promise<string[]>> = {
  "users create": async () => ["users", "create", `${uniq("u")}@example.com`, "--password", "pass-word-1"],
  "users set-superadmin": async () => ["users", "set-superadmin", (await makeUser()).username, "true"],
  "users disable": async () => ["users", "disable", (await makeUser()).username],
  "users enable": async () => ["users", "enable", (await makeUser()).username],
  "users set-password": async () => ["users", "set-password", (await makeUser()).username],
  "tokens create": async () => ["tokens", "create", (await makeUser()).username, "--name", "n"],
  "tokens revoke": async () => ["tokens", "revoke", (await createToken(cliActor(), (await makeUser()).id, { name: "x" })).id],
  "worker-groups create": async () => ["worker-groups", "create", uniq("wg"), "--description", "d"],
  "worker-groups update": async () => ["worker-groups", "update", (await createWorkerGroup(cliActor(), { key: uniq("wg") })).key, "--tenant", (await makeTenant()).id],
  "worker-groups delete": async () => ["worker-groups", "delete", (await createWorkerGroup(cliActor(), { key: uniq("wg") })).key],
  "tenants create": async () => ["tenants", "create", "--tenant", uniq("c"), "--name", "C"],
  "tenants delete": async () => ["tenants", "delete", (await makeTenant()).id],
  "tenants restore": async () => {
    const id = (await makeTenant()).id;
    await deleteTenant(cliActor(), id);
    return ["tenants", "restore", id];
  },
  "tenants update": async () => ["tenants", "update", (await makeTenant()).id, "--concurrency-limit", "4", "--weight", "2"],
  "namespaces update": async () => {
    const t = (await makeTenant()).id;
    await createFlow(await tenantContext(cliActor(), t), FLOW("ns", "f"));
    return ["namespaces", "update", "--tenant", t, "ns", "--concurrency-limit", "3"];
  },
  "tenants add-admin": async () => ["tenants", "add-admin", "--tenant", (await makeTenant()).id, (await makeUser()).username],
  "flows apply": async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-audit-"));
    fs.writeFileSync(path.join(dir, "f.yml"), FLOW("applied", uniq("f")));
    return ["flows", "apply", "--tenant", (await makeTenant()).id, dir];
  },
  "executions run": async () => {
    const t = (await makeTenant()).id;
    await createFlow(await tenantContext(cliActor(), t), FLOW("ns", "f"));
    return ["executions", "run", "--tenant", t, "ns", "f"];
  },
  ...Object.fromEntries(
    (["enable", "disable", "unlock"] as const).map((what) => [
      `triggers ${what}`,
      async () => {
        const t = (await makeTenant()).id;
        await createFlow(await tenantContext(cliActor(), t), `${FLOW("ns", "f")}triggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n`);
        if (what === "enable") await db.trigger.updateMany({ where: { tenantId: t }, data: { disabled: true } });
        return ["triggers", what, "--tenant", t, "ns", "f", "daily"];
      },
    ]),
  ),
  // these act on the whole default tenant: tests/cli-instance (a database of their own) covers them
  "users sync-access": async () => [],
  "migrate default-tenant": async () => [],
};

describe("every mutating CLI command writes an audit entry", () => {
  const runnable = Object.entries(CLI_CASES).filter(([c]) => !["users sync-access", "migrate default-tenant"].includes(c));
  it.each(runnable)("%s", async (_c, argv) => {
    const args = await argv();
    const before = await auditCount();
    const r = await cli(...args);
    expect(r.code, r.err).toBe(0);
    expect(await auditCount()).toBeGreaterThan(before);
  });
});
