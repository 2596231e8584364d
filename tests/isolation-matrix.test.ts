import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES, type RouteSpec, folderPath } from "@/lib/api/routes";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { startExecution } from "@/lib/executions/executions";
import { InternalStorage, executionFolder } from "@/lib/executions/internal-storage";
import { writeFile } from "@/lib/files/files";
import { createFlow } from "@/lib/flows/flows";
import { putKv } from "@/lib/kv/kv";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { putSecret } from "@/lib/secrets/secrets";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import { grantAccess } from "@/lib/tenants/access";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { type TestUser, call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// SPEC §4 route by route: every tenant API route, called as each kind of caller who must not get
// through, answers the required status, leaks nothing of the target, and changes nothing.

type Caller = "anonymous" | "expired" | "revoked" | "outsider" | "noBinding" | "viewer" | "sibling";
const CALLERS: Caller[] = ["anonymous", "expired", "revoked", "outsider", "noBinding", "viewer", "sibling"];

const T = {
  namespace: "target.ns",
  flow: "secret-flow-x9",
  role: "TargetRole-x9",
  group: "target-group-x9",
  key: "target-key-x9",
  member: "", // set in beforeAll
  file: ["dir", "secret-file-x9.txt"],
  secret: "TARGET_SECRET_X9",
  // the target secret's VALUE must never appear, for any caller (it appears for no one, ever)
  secretValue: "confidential-secret-value-x9",
  tenantSecret: "TENANT_SECRET_X9",
  trigger: "target-trigger-x9",
};
// the target flow's webhook key: the credential of its webhook route, which no caller below has
const HOOK_KEY = "confidential-hook-key-x9";
const FLOW = `id: ${T.flow}\nnamespace: ${T.namespace}\ndescription: confidential-description-x9\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: confidential-message-x9\ntriggers:\n  - id: target-trigger-x9\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n  - id: target-hook-x9\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${HOOK_KEY}\n`;

let tenantId = "";
let roleId = "";
let groupId = "";
let bindingId = "";
let executionId = "";
let executionFileUri = "";
const tokens = {} as Record<Caller, string | undefined>;
const ownTenants = {} as Record<Caller, string>;

/** What each caller must get for a route (reads that list return an empty page are 200). */
function expected(r: RouteSpec, caller: Caller): number {
  if (caller === "anonymous" || caller === "expired" || caller === "revoked") return 401;
  if (caller === "outsider") return 404;
  // a POST that only reads (evaluating an expression) is a read for who may see it
  const write = r.method !== "GET" && r.action !== "READ";
  const p = r.permission!;
  const lists = r.path.endsWith("/flows/search") || r.path.endsWith("/namespaces") || r.path.endsWith("/executions/search") || r.path.endsWith("/triggers/search");
  // tenant-level secrets (/secrets) need SECRET tenant-wide; namespace secrets are namespaced
  const namespaced = ["FLOW", "NAMESPACE", "KVSTORE", "EXECUTION"].includes(p) || (p === "SECRET" && r.path.includes("/namespaces/"));
  // the sibling (a Developer on target.other) reads the audit entries of its own namespace only
  if (p === "AUDITLOG") return caller === "sibling" ? 200 : 403;
  if (!namespaced) return 403; // tenant-level resources: the tenant is theirs, the permission is not
  if (caller === "viewer") {
    if (p === "SECRET") return 404; // a Viewer has no SECRET permission: the namespace's secrets do not exist for them
    if (!write) return 200;
    return 403;
  }
  // the target namespace's secrets are invisible to them, list included
  if (p === "SECRET") return 404;
  // noBinding and sibling: the target namespace is invisible to them
  if (lists && !write) return 200;
  if (r.method === "POST" && r.path.endsWith("/flows")) return 403; // creating names its namespace in the body
  // the route's permission held nowhere in the tenant: refused where the request enters, naming it
  if (caller === "noBinding" && r.method === "POST" && r.path.endsWith("/namespaces")) return 403;
  // an execution's actions by id: the permission held nowhere is refused before the execution is read
  if (caller === "noBinding" && r.method !== "GET" && p === "EXECUTION" && !r.path.includes("{namespace}")) return 403;
  return 404;
}

function params(r: RouteSpec): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    tenant: tenantId,
    namespace: T.namespace,
    id: r.path.includes("/roles/") ? roleId : r.path.includes("/groups/") ? groupId : r.path.includes("/bindings/") ? bindingId : T.flow,
    username: T.member,
    revision: "1",
    key: r.path.startsWith("/api/v1/{tenant}/secrets") ? T.tenantSecret : r.path.includes("/secrets/") ? T.secret : T.key,
    path: T.file,
    executionId,
    flowId: T.flow,
    triggerId: T.trigger,
    taskRunId: `${executionId}-t`,
  };
  // Next.js hands a parameter over under its folder's name (lib/api/routes.ts `folders`)
  return Object.fromEntries([...r.path.matchAll(/\{(\w+)\}/g)].map(([, k]) => [r.folders?.[k] ?? k, values[k]]));
}

/** The query a route needs to name what it answers (the execution's file). */
const query = (r: RouteSpec) => (r.path.endsWith("/{executionId}/file") ? `?path=${encodeURIComponent(executionFileUri)}` : "");

function body(r: RouteSpec): { body?: unknown; headers: Record<string, string> } {
  const headers: Record<string, string> = r.ifMatch ? { "if-match": '"1"' } : {};
  if (r.body === "binary") return { body: "overwritten-bytes", headers: { ...headers, "content-type": "application/octet-stream" } };
  if (r.body === "yaml") return { body: FLOW.replace("confidential-message-x9", "overwritten"), headers: { ...headers, "content-type": "application/x-yaml" } };
  if (!r.body) return { headers };
  if (r.body === "inputs") return { body: { hijack: "x" }, headers };
  // an expression reading the target's outputs: only those who may read the execution get them
  if (r.body === "text") return { body: "{{ outputs.t.v }}", headers: { ...headers, "content-type": "text/plain" } };
  // first match wins: a KV path also contains /namespaces
  const bodies: Record<string, unknown> = {
    backfill: { start: "2026-01-01T00:00:00Z" },
    triggers: { disabled: true },
    kv: { type: "STRING", value: "overwritten" },
    roles: { name: "Hijack", permissions: { FLOW: ["READ"] }, description: "x" },
    groups: { name: "hijack", members: [] },
    bindings: { user: T.member, role: "Admin" },
    files: { action: "move", to: "stolen.txt" },
    namespaces: { name: T.namespace + ".child", description: "x" },
    secrets: { value: "overwritten", description: "x" },
  };
  const key = ["secrets", ...Object.keys(bodies)].find((k) => r.path.includes(`/${k}`))!;
  return { body: bodies[key], headers };
}

/** The tenant's stored files, names and bytes. */
function storedFiles(dir = path.resolve(process.env.TENANTFLOW_STORAGE_ROOT!, tenantId)): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? storedFiles(full) : [`${full}:${fs.readFileSync(full, "utf8")}`];
  });
}

async function snapshot() {
  const where = { tenantId };
  return JSON.stringify(
    await Promise.all([
      db.flow.findMany({ where, orderBy: { id: "asc" } }),
      db.flowRevision.count({ where }),
      db.role.findMany({ where, orderBy: { id: "asc" } }),
      db.group.findMany({ where, orderBy: { id: "asc" } }),
      db.groupMember.count({ where }),
      db.binding.findMany({ where, orderBy: { id: "asc" } }),
      db.namespace.findMany({ where, orderBy: { id: "asc" } }),
      db.kvEntry.findMany({ where, orderBy: { id: "asc" } }),
      db.tenantAccess.count({ where }),
      db.auditLog.count({ where }),
      db.namespaceFile.findMany({ where, orderBy: { id: "asc" } }),
      storedFiles(),
      db.secret.findMany({ where, orderBy: { id: "asc" } }),
      db.execution.findMany({ where, orderBy: { id: "asc" } }),
      db.taskRun.findMany({ where, orderBy: { id: "asc" } }),
      db.executionLog.findMany({ where, orderBy: { id: "asc" } }),
      db.executionEvent.findMany({ where, orderBy: { id: "asc" } }),
      db.taskJob.findMany({ where, orderBy: { id: "asc" } }),
      db.trigger.findMany({ where, orderBy: { id: "asc" } }),
    ]),
  );
}

async function memberWith(role: string | null, namespace: string | null): Promise<TestUser> {
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), tenantId);
  await grantAccess(ctx, u.username);
  if (role) await createBinding(ctx, { user: u.username, role, namespace });
  return u;
}

const ROUTE_MODULES = new Map<string, Record<string, unknown>>();
async function handlerFor(r: RouteSpec) {
  const dir = folderPath(r).replace("/api/v1/", "").replace("{path}", "[...path]").replace(/\{(\w+)\}/g, "[$1]");
  const file = path.resolve("app/api/v1", dir, "route.ts");
  if (!ROUTE_MODULES.has(file)) ROUTE_MODULES.set(file, await import(file));
  return ROUTE_MODULES.get(file)![r.method] as Parameters<typeof call>[0];
}

// the webhook routes take no login (the key in the URL is the credential): their own matrix below
const tenantRoutes = API_ROUTES.filter((r) => r.path.startsWith("/api/v1/{tenant}") && !r.public);
const webhookRoutes = API_ROUTES.filter((r) => r.path.startsWith("/api/v1/{tenant}") && r.public);

describe("isolation matrix", () => {
  beforeAll(async () => {
    const admin = await makeUser();
    tenantId = (await makeTenant(admin)).id;
    const ctx = await tenantContext(cliActor(), tenantId);
    await createNamespace(ctx, { name: T.namespace, description: "confidential-namespace-x9" });
    await createFlow(ctx, FLOW);
    await putKv(ctx, T.namespace, T.key, { type: "STRING", value: "confidential-kv-x9" });
    await writeFile(ctx, T.namespace, T.file.join("/"), new TextEncoder().encode("confidential-file-x9"));
    await putSecret(ctx, T.namespace, T.secret, { value: T.secretValue, description: "confidential-secret-x9" });
    await putSecret(ctx, null, T.tenantSecret, { value: T.secretValue, description: "confidential-tenant-secret-x9" });
    // an ended execution of the target flow (its follow streams answer and close), with a task run and a log line
    executionId = (await startExecution(ctx, { namespace: T.namespace, flowId: T.flow })).id;
    const date = new Date().toISOString();
    await db.execution.update({ where: { id: executionId }, data: { state: "SUCCESS", histories: JSON.stringify([{ state: "CREATED", date }, { state: "SUCCESS", date }]) } });
    await db.executionEvent.deleteMany({ where: { tenantId, executionId } });
    await db.taskRun.createMany({ data: [{ id: `${executionId}-t`, tenantId, executionId, seq: 1, taskId: "t", state: "SUCCESS", outputs: JSON.stringify({ v: "confidential-output-x9" }) }] });
    await db.executionLog.create({
      data: { tenantId, namespace: T.namespace, flowId: T.flow, executionId, taskRunId: `${executionId}-t`, taskId: "t", attempt: 1, level: "INFO", timestamp: new Date(), message: "confidential-log-x9" },
    });
    executionFileUri = await new InternalStorage(ctx.db, T.namespace).put(`${executionFolder(T.namespace, T.flow, executionId)}/tasks/t/${executionId}-t/out.txt`, "confidential-execution-file-x9");
    const memberUser = await memberWith(null, null);
    T.member = memberUser.username;
    roleId = (await createRole(ctx, { name: T.role, permissions: { FLOW: ["READ"] } })).id;
    groupId = (await createGroup(ctx, { name: T.group, members: [T.member] })).id;
    bindingId = (await createBinding(ctx, { group: T.group, role: T.role, namespace: T.namespace })).id;

    const someone = await makeUser();
    const expired = await createToken(cliActor(), someone.id, { name: "old" });
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    tokens.expired = expired.token;
    const revoked = await createToken(cliActor(), admin.id, { name: "gone" });
    await revokeToken(cliActor(), revoked.id);
    tokens.revoked = revoked.token; // the tenant Admin's own token, revoked
    const outsider = await makeUser();
    const outsidersTenant = (await makeTenant(outsider)).id;
    tokens.outsider = await tokenOf(outsider);
    // the tenant a caller names as its own: the outsider's, or (for the others) one with no such flow
    const elsewhere = (await makeTenant()).id;
    for (const c of CALLERS) ownTenants[c] = c === "outsider" ? outsidersTenant : elsewhere;
    tokens.noBinding = await tokenOf(await memberWith(null, null));
    tokens.viewer = await tokenOf(await memberWith("Viewer", null));
    tokens.sibling = await tokenOf(await memberWith("Developer", "target.other"));
  }, 120_000);

  it("covers every tenant route", () => {
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(25);
    expect(tenantRoutes.every((r) => r.permission)).toBe(true);
    expect(webhookRoutes.map((r) => r.method).sort()).toEqual(["GET", "POST", "PUT"]);
  });

  // A webhook answers its key, never a caller's credential: with any credential (or none) and a
  // key that is not the flow's, or the flow's key under the caller's own tenant, it is the same 404
  // and nothing changes.
  const webhookCases = webhookRoutes.flatMap((r) =>
    CALLERS.flatMap((c) => [
      [`${r.method} ${r.path} as ${c} with another key`, c, r, "target"] as const,
      [`${r.method} ${r.path} as ${c} with the key, under the caller's own tenant`, c, r, "own"] as const,
    ]),
  );
  it.each(webhookCases)("%s", async (_name, caller, route, where) => {
    const before = await snapshot();
    const handler = await handlerFor(route);
    const key = where === "target" ? T.key : HOOK_KEY;
    const tenant = where === "target" ? tenantId : ownTenants[caller];
    const res = await call(handler, request(route.method, "/", { token: tokens[caller], body: route.method === "GET" ? undefined : { hijack: "x" } }), {
      tenant,
      namespace: T.namespace,
      flowId: T.flow,
      key,
    });
    expect(res.status, res.text.slice(0, 300)).toBe(404);
    expect(res.json).toEqual({ error: { code: "NOT_FOUND", message: "Not found", details: [] } });
    expect(await snapshot()).toBe(before);
  });

  const cases = tenantRoutes.flatMap((r) => CALLERS.map((c) => [`${r.method} ${r.path}`, c, r] as const));
  it.each(cases)("%s as %s", async (_name, caller, route) => {
    const before = await snapshot();
    const { body: b, headers } = body(route);
    const handler = await handlerFor(route);
    const res = await call(handler, request(route.method, `/${query(route)}`, { token: tokens[caller], body: b, headers }), params(route));
    const want = expected(route, caller);
    expect(res.text).not.toContain(T.secretValue);
    expect(res.status, res.text.slice(0, 300)).toBe(want);
    if (want !== 200) {
      expect(res.json?.error?.code).toBeTruthy();
      for (const secret of ["confidential", executionId, T.role, T.group, T.key, roleId, groupId, bindingId, T.member, T.secret, T.tenantSecret]) {
        expect(res.text).not.toContain(secret);
      }
    } else if (caller !== "viewer") {
      // an answer that lists things lists none of the target's
      for (const secret of ["confidential", "secret-file-x9", T.flow, executionId, `"${T.namespace}"`, T.role, T.group, T.key, roleId, groupId, bindingId, T.secret, T.tenantSecret]) {
        expect(res.text).not.toContain(secret);
      }
    }
    if (caller !== "viewer" || want !== 200) expect(await snapshot()).toBe(before);
  });
});


// Worker groups are instance administration (superadmins): every route of /api/v1/admin/worker-groups
// answers 401 without a valid credential and 403 to anyone else (a tenant's own Admin, a user who
// may create tenants), leaks no group and changes nothing; and a tenant's Admin cannot choose the
// default worker group of their own tenant or namespace, nor of another tenant (404).
describe("isolation matrix: worker groups", () => {
  const adminRoutes = API_ROUTES.filter((r) => r.path.startsWith("/api/v1/admin/worker-groups"));
  const G = { key: "target-wg-x9", other: "other-wg-x9", description: "confidential-wg-x9" };
  const callers = {} as Record<"anonymous" | "expired" | "tenantAdmin" | "tenantCreator", string | undefined>;
  let ownTenant = "";
  let otherTenant = "";
  let wgTenantAdmin = "";

  const wgSnapshot = async () =>
    JSON.stringify(
      await Promise.all([
        db.workerGroup.findMany({ orderBy: { key: "asc" } }),
        db.tenant.findMany({ where: { id: { in: [ownTenant, otherTenant] } }, select: { id: true, workerGroup: true }, orderBy: { id: "asc" } }),
        db.namespace.findMany({ where: { tenantId: { in: [ownTenant, otherTenant] } }, select: { name: true, workerGroup: true }, orderBy: { id: "asc" } }),
        db.instanceAuditLog.count(),
      ]),
    );

  beforeAll(async () => {
    const { createWorkerGroup } = await import("@/lib/workers/groups");
    await createWorkerGroup(cliActor(), { key: G.key, description: G.description });
    await createWorkerGroup(cliActor(), { key: G.other, allowedTenants: [] });
    const admin = await makeUser();
    ownTenant = (await makeTenant(admin)).id;
    otherTenant = (await makeTenant()).id;
    await createNamespace(await tenantContext(cliActor(), ownTenant), { name: "company" });
    wgTenantAdmin = await tokenOf(admin);
    callers.tenantAdmin = wgTenantAdmin;
    callers.tenantCreator = await tokenOf(await makeUser({ canCreateTenant: true }));
    const someone = await makeUser();
    const expired = await createToken(cliActor(), someone.id, { name: "old" });
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    callers.expired = expired.token;
    callers.anonymous = undefined;
  }, 60_000);

  it("covers the five routes", () => expect(adminRoutes.map((r) => `${r.method} ${r.path}`).sort()).toHaveLength(5));

  const cases = adminRoutes.flatMap((r) => (["anonymous", "expired", "tenantAdmin", "tenantCreator"] as const).map((c) => [`${r.method} ${r.path}`, c, r] as const));
  it.each(cases)("%s as %s", async (_name, caller, route) => {
    const before = await wgSnapshot();
    const bodyOf = route.method === "POST" ? { key: "hijack-wg", allowedTenants: [ownTenant] } : route.method === "PUT" ? { allowedTenants: [ownTenant] } : undefined;
    const res = await call(await handlerFor(route), request(route.method, "/", { token: callers[caller], body: bodyOf }), route.path.includes("{key}") ? { key: G.key } : {});
    expect(res.status, res.text.slice(0, 300)).toBe(caller === "anonymous" || caller === "expired" ? 401 : 403);
    expect(res.json?.error?.code).toBeTruthy();
    for (const secret of ["confidential", G.key, G.other]) expect(res.text).not.toContain(secret);
    expect(await wgSnapshot()).toBe(before);
  });

  it("refuses a tenant's Admin the default worker group of their tenant and namespace (403), and of another tenant (404)", async () => {
    const before = await wgSnapshot();
    const tenantRoute = await import("@/app/api/v1/tenants/[id]/route");
    const namespaceRoute = await import("@/app/api/v1/[tenant]/namespaces/[namespace]/route");
    const own = await call(tenantRoute.PUT, request("PUT", "/", { token: wgTenantAdmin, body: { workerGroup: G.key } }), { id: ownTenant });
    expect(own.status, own.text).toBe(403);
    const ns = await call(namespaceRoute.PUT, request("PUT", "/", { token: wgTenantAdmin, body: { workerGroup: G.key } }), { tenant: ownTenant, namespace: "company" });
    expect(ns.status, ns.text).toBe(403);
    const other = await call(tenantRoute.PUT, request("PUT", "/", { token: wgTenantAdmin, body: { workerGroup: G.key } }), { id: otherTenant });
    expect(other.status, other.text).toBe(404);
    const otherNs = await call(namespaceRoute.PUT, request("PUT", "/", { token: wgTenantAdmin, body: { workerGroup: G.key } }), { tenant: otherTenant, namespace: "company" });
    expect(otherNs.status, otherNs.text).toBe(404);
    expect(await wgSnapshot()).toBe(before);
  });
});

// The installed plugins are the instance's, the same for everyone signed in: GET /api/v1/plugins
// answers 401 without a valid credential, the list to any user, and the packages that failed to load
// (their paths and errors describe the server) to superadmins only.
describe("isolation matrix: plugins", () => {
  const route = API_ROUTES.find((r) => r.path === "/api/v1/plugins")!;
  const broken = path.resolve(__dirname, "fixtures/plugins/throws-on-import");
  const tokens = {} as Record<"anonymous" | "expired" | "user" | "tenantAdmin" | "superadmin", string | undefined>;

  beforeAll(async () => {
    const { loadPlugins } = await import("@/lib/plugins/registry");
    const quiet = console.error;
    console.error = () => {};
    await loadPlugins([broken]).finally(() => (console.error = quiet));
    tokens.user = await tokenOf(await makeUser());
    const admin = await makeUser();
    await makeTenant(admin);
    tokens.tenantAdmin = await tokenOf(admin);
    tokens.superadmin = await tokenOf(await makeUser({ superadmin: true }));
    const someone = await makeUser();
    const expired = await createToken(cliActor(), someone.id, { name: "old" });
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    tokens.expired = expired.token;
  }, 60_000);

  it.each(["anonymous", "expired", "user", "tenantAdmin", "superadmin"] as const)("as %s", async (caller) => {
    const res = await call(await handlerFor(route), request("GET", "/", { token: tokens[caller] }));
    if (caller === "anonymous" || caller === "expired") {
      expect(res.status).toBe(401);
      expect(res.text).not.toContain("scripts");
      return;
    }
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.plugins.map((p: { id: string }) => p.id)).toContain("scripts");
    if (caller === "superadmin") {
      expect(res.json.failures).toContainEqual({ source: broken, message: "importing it failed: cannot find the native driver" });
    } else {
      expect(res.json).not.toHaveProperty("failures");
      expect(res.text).not.toContain("throws-on-import");
      expect(res.text).not.toContain("native driver");
    }
  });
});
