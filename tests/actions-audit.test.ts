import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { writeFile } from "@/lib/files/files";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { putKv } from "@/lib/kv/kv";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import { putSecret } from "@/lib/secrets/secrets";
import { grantAccess } from "@/lib/tenants/access";
import { createToken } from "@/lib/tokens/tokens";
import { setBackfill } from "@/lib/triggers/triggers";
import { insertExecution } from "@/lib/executions/access";
import { execution } from "@/lib/executions/test-support";
import type { State } from "@/lib/executions/types";
import { createWorkerGroup } from "@/lib/workers/groups";
import { PASSWORD, makeTenant, makeUser, sessionCookie, uniq } from "./helpers";

// Every server action of the app, run once as a signed-in administrator: each must succeed and
// write an audit entry. The request (session cookie, Origin, Host) is what next/headers answers.

const current = { cookie: "", origin: "http://localhost:3000", host: "localhost:3000" };
vi.mock("next/headers", () => ({
  cookies: async () => {
    const jar = new Map(
      current.cookie.split(";").filter(Boolean).map((c) => {
        const i = c.indexOf("=");
        return [c.slice(0, i).trim(), c.slice(i + 1).trim()] as const;
      }),
    );
    return { getAll: () => [...jar].map(([name, value]) => ({ name, value })), get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n) } : undefined) };
  },
  headers: async () => new Headers({ origin: current.origin, host: current.host }),
}));

type Action = (input: unknown) => Promise<{ ok: boolean; error?: { status: number; message: string } }>;

function actionFiles(dir = "lib"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? actionFiles(full) : e.name === "actions.ts" || e.name.endsWith("-actions.ts") ? [full] : [];
  });
}

const FLOW = (ns: string, id: string, msg = "m") => `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${msg}\n`;

async function fixture() {
  const admin = await makeUser({ superadmin: true });
  const tenant = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  const other = await makeUser();
  await grantAccess(ctx, other.username);
  await createNamespace(ctx, { name: "ns" });
  await createFlow(ctx, FLOW("ns", "f"));
  await updateFlow(ctx, "ns", "f", FLOW("ns", "f", "v2"), 1);
  await putKv(ctx, "ns", "k", { type: "STRING", value: "v" });
  await writeFile(ctx, "ns", "docs/f.txt", new TextEncoder().encode("file"));
  const role = await createRole(ctx, { name: uniq("Role"), permissions: { FLOW: ["READ"] } });
  const group = await createGroup(ctx, { name: uniq("grp"), members: [other.username] });
  const binding = await createBinding(ctx, { group: group.name, role: role.name });
  await putSecret(ctx, null, "TENANT_SECRET", { value: "v" });
  await putSecret(ctx, "ns", "NS_SECRET", { value: "v" });
  const spare = (await makeTenant(admin)).id;
  const token = await createToken(cliActor(), admin.id, { name: "t" });
  // executions of ns.f in the states the execution actions act on (no engine runs here)
  const executionIn = async (state: State) => {
    const e = execution({ id: uniq("ex").replace(/[^A-Za-z0-9]/g, ""), tenantId: tenant, namespace: "ns", flowId: "f", flowRevision: 2, state });
    await ctx.db.$transaction((tx) => insertExecution(tx, e, new Date()));
    return e.id;
  };
  const executions = { running: await executionIn("RUNNING"), failed: await executionIn("FAILED"), paused: await executionIn("PAUSED"), ended: await executionIn("SUCCESS") };
  // the failed one's task run, which a restart runs again
  await ctx.db.taskRun.create({ data: { id: `${executions.failed}t`, tenantId: tenant, executionId: executions.failed, seq: 1, taskId: "t", state: "FAILED" } });
  // a flow with a Schedule trigger, for the trigger actions
  await createFlow(ctx, `${FLOW("ns", "sched")}triggers:\n  - id: nightly\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 2 * * *"\n`);
  const backfilled = async () => {
    await setBackfill(ctx, { namespace: "ns", flowId: "sched", triggerId: "nightly" }, { start: "2026-01-01T00:00:00Z" });
    return trigger;
  };
  return { admin, tenant, other, role, group, binding, spare, token, executions, backfilled };
}
type F = Awaited<ReturnType<typeof fixture>>;

const trigger = { namespace: "ns", flowId: "sched", triggerId: "nightly" };

/** Actions that only read (nothing to audit). */
const READS = ["evaluateExpressionAction", "inputConditionsAction"];

const CASES: Record<string, (f: F) => Promise<unknown> | unknown> = {
  createUserAction: () => ({ username: `${uniq("new")}@example.com`, displayName: "New", password: "pass-word-1" }),
  setSuperadminAction: (f) => ({ username: f.other.username, value: true }),
  setCanCreateTenantAction: (f) => ({ username: f.other.username, value: true }),
  setDisabledAction: (f) => ({ username: f.other.username, value: true }),
  resetPasswordAction: (f) => ({ username: f.other.username }),
  endSessionsAction: (f) => ({ username: f.other.username }),
  createTenantAction: () => ({ id: uniq("t"), name: "T" }),
  updateTenantAction: (f) => ({ id: f.spare, name: "Renamed" }),
  deleteTenantAction: (f) => ({ id: f.spare }),
  restoreTenantAction: async (f) => {
    await db.tenant.update({ where: { id: f.spare }, data: { deleted: true } });
    return { id: f.spare };
  },
  createWorkerGroupAction: () => ({ key: uniq("wg"), description: "d" }),
  updateWorkerGroupAction: async () => ({ key: (await createWorkerGroup(cliActor(), { key: uniq("wg") })).key, description: "changed" }),
  deleteWorkerGroupAction: async () => ({ key: (await createWorkerGroup(cliActor(), { key: uniq("wg") })).key }),
  addTenantAdminAction: (f) => ({ id: f.spare, username: f.other.username }),
  grantAccessAction: (f) => ({ tenant: f.spare, username: f.other.username }),
  revokeAccessAction: (f) => ({ tenant: f.tenant, username: f.other.username }),
  createRoleAction: (f) => ({ tenant: f.tenant, name: uniq("R"), permissions: { FLOW: ["READ"] } }),
  updateRoleAction: (f) => ({ tenant: f.tenant, id: f.role.id, version: f.role.version, description: "changed" }),
  deleteRoleAction: (f) => ({ tenant: f.tenant, id: f.role.id }),
  createBindingAction: (f) => ({ tenant: f.tenant, user: f.other.username, role: "Viewer" }),
  deleteBindingAction: (f) => ({ tenant: f.tenant, id: f.binding.id }),
  createGroupAction: (f) => ({ tenant: f.tenant, name: uniq("g"), members: [] }),
  updateGroupAction: (f) => ({ tenant: f.tenant, id: f.group.id, members: [] }),
  deleteGroupAction: (f) => ({ tenant: f.tenant, id: f.group.id }),
  updateNamespaceAction: (f) => ({ tenant: f.tenant, name: "ns", description: "changed", version: 1 }),
  updateNamespaceSettingsAction: (f) => ({ tenant: f.tenant, name: "ns", version: 1, changes: { variables: { region: "eu" }, allowedNamespaces: ["ns"] } }),
  createNamespaceAction: (f) => ({ tenant: f.tenant, name: "ns2", description: "new" }),
  saveFlowAction: (f) => ({ tenant: f.tenant, namespace: "ns", id: "f", source: FLOW("ns", "f", "v3"), baseRevision: 2 }),
  restoreRevisionAction: (f) => ({ tenant: f.tenant, namespace: "ns", id: "f", revision: 1, baseRevision: 2 }),
  deleteFlowAction: (f) => ({ tenant: f.tenant, namespace: "ns", id: "f" }),
  createFlowAction: (f) => ({ tenant: f.tenant, source: FLOW("ns", "created") }),
  createTokenAction: () => ({ name: "from the browser", expiresIn: "30d" }),
  startExecutionAction: (f) => ({ tenant: f.tenant, namespace: "ns", flowId: "f", inputs: {} }),
  // a namespace whose files a flow synced from Git: "Sync now" starts that flow again
  syncNowAction: async (f) => {
    await db.gitSync.create({
      data: { tenantId: f.tenant, namespace: "ns", kind: "files", url: "https://git.example.com/team.git", branch: "main", gitDirectory: "", flowNamespace: "ns", flowId: "f", executionId: "previous" },
    });
    return { tenant: f.tenant, namespace: "ns", kind: "files" };
  },
  killExecutionsAction: (f) => ({ tenant: f.tenant, ids: [f.executions.running] }),
  restartExecutionsAction: (f) => ({ tenant: f.tenant, ids: [f.executions.failed] }),
  deleteExecutionsAction: (f) => ({ tenant: f.tenant, ids: [f.executions.ended] }),
  killExecutionAction: (f) => ({ tenant: f.tenant, namespace: "ns", executionId: f.executions.running }),
  restartExecutionAction: (f) => ({ tenant: f.tenant, namespace: "ns", executionId: f.executions.failed }),
  replayExecutionAction: (f) => ({ tenant: f.tenant, namespace: "ns", executionId: f.executions.ended, taskRunId: null }),
  resumeExecutionAction: (f) => ({ tenant: f.tenant, namespace: "ns", executionId: f.executions.paused, inputs: {} }),
  deleteExecutionAction: (f) => ({ tenant: f.tenant, namespace: "ns", executionId: f.executions.ended }),
  setTriggerDisabledAction: (f) => ({ tenant: f.tenant, ...trigger, disabled: true }),
  unlockTriggerAction: (f) => ({ tenant: f.tenant, ...trigger }),
  setBackfillAction: (f) => ({ tenant: f.tenant, ...trigger, start: "2026-01-01T00:00:00Z", end: null }),
  pauseBackfillAction: async (f) => ({ tenant: f.tenant, ...(await f.backfilled()), paused: true }),
  deleteBackfillAction: async (f) => ({ tenant: f.tenant, ...(await f.backfilled()) }),
  changePasswordAction: () => ({ current: PASSWORD, next: "a-new-password-1" }),
  revokeTokenAction: (f) => ({ id: f.token.id }),
  createKvAction: (f) => ({ tenant: f.tenant, namespace: "ns", key: "new.key", type: "JSON", value: { a: 1 }, ttl: "PT1H" }),
  updateKvAction: (f) => ({ tenant: f.tenant, namespace: "ns", key: "k", type: "STRING", value: "w", version: 1, keepExpiry: true }),
  deleteKvAction: (f) => ({ tenant: f.tenant, namespace: "ns", key: "k", version: 1 }),
  createFileAction: (f) => ({ tenant: f.tenant, namespace: "ns", path: "docs/new.py", content: "print(1)\n" }),
  saveFileAction: (f) => ({ tenant: f.tenant, namespace: "ns", path: "docs/f.txt", content: "changed" }),
  createFolderAction: (f) => ({ tenant: f.tenant, namespace: "ns", path: "empty" }),
  moveFileAction: (f) => ({ tenant: f.tenant, namespace: "ns", path: "docs/f.txt", to: "docs/g.txt" }),
  deleteFileAction: (f) => ({ tenant: f.tenant, namespace: "ns", path: "docs" }),
  createSecretAction: (f) => ({ tenant: f.tenant, namespace: "ns", key: "NEW_SECRET", value: "v", description: "d" }),
  replaceSecretAction: (f) => ({ tenant: f.tenant, namespace: null, key: "TENANT_SECRET", value: "replaced" }),
  deleteSecretAction: (f) => ({ tenant: f.tenant, namespace: "ns", key: "NS_SECRET" }),
};

async function allActions() {
  const out: [string, Action][] = [];
  for (const file of actionFiles()) {
    const mod = await import(path.resolve(file));
    for (const [name, fn] of Object.entries(mod)) if (typeof fn === "function") out.push([name, fn as Action]);
  }
  return out;
}

const auditCount = async () => (await db.auditLog.count()) + (await db.instanceAuditLog.count());

describe("server actions", () => {
  beforeEach(() => {
    current.origin = "http://localhost:3000";
    current.host = "localhost:3000";
  });

  it("each has a case here", async () => {
    const names = (await allActions()).map(([n]) => n);
    expect(names.length).toBeGreaterThanOrEqual(25);
    expect(names.filter((n) => !CASES[n] && !READS.includes(n))).toEqual([]);
  });

  it.each(Object.keys(CASES))("%s succeeds for an administrator and writes an audit entry", async (name) => {
    const action = (await allActions()).find(([n]) => n === name)![1];
    const f = await fixture();
    current.cookie = await sessionCookie(f.admin);
    const input = await CASES[name](f);
    const before = await auditCount();
    const result = await action(input);
    expect(result.ok, JSON.stringify(result.error)).toBe(true);
    expect(await auditCount()).toBeGreaterThan(before);
  });

  it("refuses a cross-origin call and an anonymous one, writing nothing", async () => {
    const f = await fixture();
    const create = (await allActions()).find(([n]) => n === "createRoleAction")![1];
    current.cookie = await sessionCookie(f.admin);
    current.origin = "https://evil.example";
    const before = await auditCount();
    const cross = await create({ tenant: f.tenant, name: "Evil", permissions: {} });
    expect(cross).toMatchObject({ ok: false, error: { status: 403 } });
    current.origin = "http://localhost:3000";
    current.cookie = "";
    const anonymous = await create({ tenant: f.tenant, name: "Evil", permissions: {} });
    expect(anonymous).toMatchObject({ ok: false, error: { status: 401 } });
    expect(await db.role.count({ where: { tenantId: f.tenant, name: "Evil" } })).toBe(0);
    expect(await auditCount()).toBe(before);
  });
});
