import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { startExecution } from "@/lib/executions/executions";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { writeFile } from "@/lib/files/files";
import { putKv } from "@/lib/kv/kv";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { putSecret } from "@/lib/secrets/secrets";
import { createBinding } from "@/lib/rbac/bindings";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import { grantAccess } from "@/lib/tenants/access";
import { createTenant } from "@/lib/tenants/tenants";
import { createToken } from "@/lib/tokens/tokens";
import { type TestUser, makeTenant, makeUser, sessionCookie, uniq } from "./helpers";
import { createWorkerGroup } from "@/lib/workers/groups";
import { type ActionEntry, type Fixture, SERVER_ACTIONS } from "./isolation/server-actions";
import { z } from "zod";
import { declarationOf, tenantAction } from "@/lib/actions/safe-action";
import { ACTION_SPECS, type ActionKey, type TenantActionKey } from "@/lib/actions/specs";
import { NAMESPACED_PERMISSIONS } from "@/lib/authz/permissions";
import { insertExecution } from "@/lib/executions/access";
import { execution } from "@/lib/executions/test-support";

// SPEC §4 action by action: every server action, called as each kind of caller who must not get
// through, returns the required refusal, reveals nothing of the target, and changes nothing in
// the database. Server actions run on the browser session only: API tokens never reach them, so
// the expired and revoked token callers of the API matrix do not apply here.

const session = { cookie: "" };
vi.mock("next/headers", () => ({
  cookies: async () => {
    const jar = new Map(
      session.cookie.split(";").filter(Boolean).map((c) => {
        const i = c.indexOf("=");
        return [c.slice(0, i).trim(), c.slice(i + 1).trim()] as const;
      }),
    );
    return { getAll: () => [...jar].map(([name, value]) => ({ name, value })), get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n) } : undefined) };
  },
  headers: async () => new Headers({ origin: "http://localhost:3000", host: "localhost:3000" }),
}));

type Caller = "anonymous" | "outsider" | "noBinding" | "viewer" | "sibling" | "ownTenant";
const CALLERS: Caller[] = ["anonymous", "outsider", "noBinding", "viewer", "sibling"];
/** The outsider again, as the Admin of their own tenant, naming the target's records by id there. */
const PROBE = { tenant: "probe-tenant", role: { id: "probe-role-id" }, group: { id: "probe-group-id" }, bindingId: "probe-binding-id", execution: "probe-execution-id" } as Fixture;
const byId = (e: ActionEntry) => {
  const input = JSON.stringify(e.input(PROBE));
  return input.includes(PROBE.tenant) && /probe-\w+-id/.test(input);
};
/** SPEC §4: what the managed Viewer role may read (it writes nothing). */
const VIEWER_READS = ["FLOW", "EXECUTION", "NAMESPACE", "KVSTORE"];

type Result = { ok: boolean; data?: { id?: string }; error?: { status: number; code: string; message: string } };
type Action = (input: unknown) => Promise<Result>;

/** The refusal each caller must get, "ok" for an action on the caller's own things, "read" for a read the Viewer may do. */
function expected(e: ActionEntry, caller: Caller): number | "ok" | "read" {
  if (caller === "anonymous") return 401;
  if (caller === "ownTenant") return 404; // a record of another tenant is not found, whatever the caller's rights
  if (e.on === "own") return e.withoutProof ?? "ok";
  if (e.on === "member") return 404; // someone else's token: not found, as a missing one
  if (e.on === "instance") return e.needs === "TENANT:ADMIN" ? 404 : 403; // a tenant they do not administer looks missing
  if (caller === "outsider") return 404;
  if (e.on === "tenant") return 403; // the tenant is theirs: the answer names the missing permission
  const permission = e.needs.split(":")[0];
  if (caller === "viewer" && VIEWER_READS.includes(permission)) return e.needs.endsWith(":READ") ? "read" : 403;
  if (caller === "noBinding" && e.noBinding) return e.noBinding;
  return e.unreadable ?? 404; // no binding, or bound only on the sibling namespace: the target is invisible
}

const FLOW = (ns: string, id: string, message: string) =>
  `id: ${id}\nnamespace: ${ns}\ndescription: confidential-description-x9\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\ntriggers:\n  - id: target-trigger-x9\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n    backfill:\n      start: "2026-01-01T00:00:00Z"\n`;

const T = {} as Fixture;
let tenantName = "";
let outsiderTenant = "";
/** The target's names, ids and values: no refusal may hold one the caller did not send. */
const secrets = () => ["confidential", tenantName, T.flow, T.role.name, T.role.id, T.group.name, T.group.id, T.bindingId, T.member, T.memberTokenId, T.execution];
const cookies = {} as Record<Caller, string>;
const callerIds = {} as Record<Caller, string>;

async function memberWith(role: string | null, namespace: string | null): Promise<TestUser> {
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), T.tenant);
  await grantAccess(ctx, u.username);
  if (role) await createBinding(ctx, { user: u.username, role, namespace });
  return u;
}

/** Every table of the database, rows sorted, minus what an action on the caller's own things adds. */
const MODELS = [...fs.readFileSync("prisma/sqlite/schema.prisma", "utf8").matchAll(/^model (\w+)/gm)].map((m) => m[1]);
type Rows = Record<string, Record<string, unknown>[]>;
async function readAll(): Promise<Rows> {
  const tables: Rows = {};
  for (const model of MODELS) {
    const delegate = (db as unknown as Record<string, { findMany: () => Promise<Record<string, unknown>[]> }>)[model[0].toLowerCase() + model.slice(1)];
    tables[model] = await delegate.findMany();
  }
  return tables;
}
function snapshotOf(all: Rows, ownBy?: string) {
  const tables: Record<string, string[]> = {};
  for (const [model, rows] of Object.entries(all)) {
    const kept = ownBy ? rows.filter((r) => !(model === "ApiToken" && r.userId === ownBy) && !(model === "InstanceAuditLog" && r.actorId === ownBy)) : rows;
    tables[model] = kept.map((r) => JSON.stringify(r)).sort();
  }
  return tables;
}
/**
 * The whole database as the last matrix case left it, once that case's checks all passed (its
 * "after" read): the next case's "before", so that each case reads the database once, not twice.
 * Nothing else writes between two cases; a write that did would show as a difference, never hide one.
 */
let settled: Rows | undefined;

function actionFiles(dir = "lib"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? actionFiles(full) : /^([\w-]+-)?actions\.ts$/.test(e.name) ? [full] : [];
  });
}

async function load(file: string, name: string): Promise<Action> {
  return (await import(path.resolve(file)))[name];
}

describe("server action list", () => {
  it("names every exported server action of lib/**/actions.ts, and nothing else", async () => {
    const found: string[] = [];
    for (const file of actionFiles()) {
      const mod = await import(path.resolve(file));
      for (const [name, fn] of Object.entries(mod)) if (typeof fn === "function") found.push(`${file} ${name}`);
    }
    const listed = Object.entries(SERVER_ACTIONS).flatMap(([file, actions]) => Object.keys(actions).map((n) => `${file} ${n}`));
    expect(found.length).toBeGreaterThanOrEqual(25);
    expect(found.sort()).toEqual(listed.sort());
  });

  it("every exported server action is built from its own declaration in lib/actions/specs.ts, and every declaration is exported", async () => {
    const exported: string[] = [];
    for (const file of actionFiles()) {
      for (const [name, fn] of Object.entries(await import(path.resolve(file)))) {
        if (typeof fn !== "function") continue;
        exported.push(name);
        expect(declarationOf(fn)?.key, `${file} ${name}`).toBe(name);
      }
    }
    expect(exported.sort()).toEqual(Object.keys(ACTION_SPECS).sort());
  });

  it("a tenant action declares the permission the matrix checks; the rest are the listed instance and self-service actions", () => {
    for (const [file, actions] of Object.entries(SERVER_ACTIONS)) {
      for (const [name, entry] of Object.entries(actions)) {
        const spec = ACTION_SPECS[name as ActionKey];
        if (entry.on === "tenant" || entry.on === "namespace") {
          expect(spec.kind, `${file} ${name}`).toBe("tenant");
          if (spec.kind === "tenant") expect(`${spec.permission}:${spec.action}`, name).toBe(entry.needs);
        } else {
          expect(spec.kind, `${file} ${name}`).toBe(entry.on === "instance" ? "instance" : "self");
        }
      }
    }
  });
});

describe("server action isolation matrix", () => {
  beforeAll(async () => {
    const admin = await makeUser();
    T.tenant = uniq("t");
    tenantName = `Confidential tenant ${T.tenant}`;
    await createTenant(cliActor(), { id: T.tenant, name: tenantName }, { adminUserId: admin.id });
    const ctx = await tenantContext(cliActor(), T.tenant);
    T.namespace = "target.ns";
    T.flow = "secret-flow-x9";
    T.trigger = "target-trigger-x9";
    await createNamespace(ctx, { name: T.namespace, description: "confidential-namespace-x9" });
    await createFlow(ctx, FLOW(T.namespace, T.flow, "confidential-message-x9"));
    await updateFlow(ctx, T.namespace, T.flow, FLOW(T.namespace, T.flow, "confidential-message-x9-v2"), 1);
    const member = await memberWith(null, null);
    T.member = member.username;
    T.memberTokenId = (await createToken(cliActor(), member.id, { name: "confidential-token-x9" })).id;
    const role = await createRole(ctx, { name: "TargetRole-x9", description: "confidential-role-x9", permissions: { FLOW: ["READ"] } });
    T.role = { id: role.id, name: role.name, version: role.version };
    const group = await createGroup(ctx, { name: "target-group-x9", description: "confidential-group-x9", members: [T.member] });
    T.group = { id: group.id, name: group.name };
    T.bindingId = (await createBinding(ctx, { group: T.group.name, role: T.role.name, namespace: T.namespace })).id;
    T.kvKey = "target-kv-x9";
    await putKv(ctx, T.namespace, T.kvKey, { type: "STRING", value: "confidential-kv-x9" });
    T.file = "confidential-file-x9.txt";
    await writeFile(ctx, T.namespace, T.file, new TextEncoder().encode("confidential-file-x9"));
    T.secret = "TARGET_SECRET_X9";
    await putSecret(ctx, T.namespace, T.secret, { value: "confidential-secret-value-x9" });
    T.tenantSecret = "TENANT_SECRET_X9";
    await putSecret(ctx, null, T.tenantSecret, { value: "confidential-secret-value-x9" });
    // an ended execution of the target flow with a task run and a log line (no engine runs here)
    T.execution = (await startExecution(ctx, { namespace: T.namespace, flowId: T.flow })).id;
    const date = new Date().toISOString();
    await db.execution.update({ where: { id: T.execution }, data: { state: "SUCCESS", histories: JSON.stringify([{ state: "CREATED", date }, { state: "SUCCESS", date }]) } });
    await db.executionEvent.deleteMany({ where: { tenantId: T.tenant, executionId: T.execution } });
    await db.taskRun.createMany({ data: [{ id: `${T.execution}-t`, tenantId: T.tenant, executionId: T.execution, seq: 1, taskId: "t", state: "SUCCESS", outputs: JSON.stringify({ v: "confidential-output-x9" }) }] });
    T.workerGroup = (await createWorkerGroup(cliActor(), { key: uniq("confidential-wg") })).key;
    T.deletedTenant = uniq("gone");
    await createTenant(cliActor(), { id: T.deletedTenant, name: "Confidential deleted tenant" });
    await db.tenant.update({ where: { id: T.deletedTenant }, data: { deleted: true, deletedAt: new Date() } });

    const outsider = await makeUser();
    outsiderTenant = (await makeTenant(outsider)).id;
    const users: Record<Exclude<Caller, "anonymous" | "ownTenant">, TestUser> = {
      outsider,
      noBinding: await memberWith(null, null),
      viewer: await memberWith("Viewer", null),
      sibling: await memberWith("Developer", "target.other"),
    };
    cookies.anonymous = "";
    for (const [k, u] of Object.entries(users)) {
      cookies[k as Caller] = await sessionCookie(u);
      callerIds[k as Caller] = u.id;
    }
    cookies.ownTenant = cookies.outsider;
    callerIds.ownTenant = callerIds.outsider;
  }, 120_000);

  const cases = Object.entries(SERVER_ACTIONS).flatMap(([file, actions]) =>
    Object.entries(actions).flatMap(([name, entry]) =>
      [...CALLERS, ...(byId(entry) ? (["ownTenant"] as const) : [])].map((c) => [name, c, file, entry] as const),
    ),
  );
  it("runs the actions that name a record by id from another tenant too", () => {
    expect(cases.filter(([, c]) => c === "ownTenant").map(([n]) => n)).toEqual(
      expect.arrayContaining(["deleteBindingAction", "deleteGroupAction", "deleteRoleAction", "updateGroupAction", "updateRoleAction"]),
    );
  });

  it.each(cases)("%s as %s", async (name, caller, file, entry) => {
    const action = await load(file, name);
    const input = caller === "ownTenant" ? { ...(entry.input(T) as object), tenant: outsiderTenant } : entry.input(T);
    const want = expected(entry, caller);
    const ownBy = want === "ok" ? callerIds[caller] : undefined;
    const before = snapshotOf(settled ?? (await readAll()), ownBy);
    settled = undefined;
    session.cookie = cookies[caller];
    const result = await action(input);
    session.cookie = "";
    const text = JSON.stringify(result).toLowerCase();

    if (want === "read") {
      // the Viewer reads what it may read (the target's outputs), and changes nothing
      expect(result.ok, JSON.stringify(result.error)).toBe(true);
      const after = await readAll();
      expect(snapshotOf(after)).toEqual(before);
      settled = after;
      return;
    }
    if (want === "ok") {
      expect(result.ok, JSON.stringify(result.error)).toBe(true);
      // the caller's own: the new row is theirs
      const row = await db.apiToken.findUnique({ where: { id: result.data!.id! } });
      expect(row?.userId).toBe(callerIds[caller]);
    } else {
      expect(result.ok).toBe(false);
      expect(result.error?.status, result.error?.message).toBe(want);
      expect(result.error?.code).toBeTruthy();
    }
    // nothing of the target that the caller did not send themselves
    const sent = JSON.stringify(input).toLowerCase();
    for (const s of secrets().map((x) => x.toLowerCase()).filter((x) => !sent.includes(x))) expect(text).not.toContain(s);
    const after = await readAll();
    expect(snapshotOf(after, ownBy)).toEqual(before);
    settled = after;
  });

  // The declaration alone refuses, before the action's work starts: the same declaration with a
  // handler that records its calls gets the same refusal, and the handler never runs. Only the
  // actions whose namespace the data names (a new flow's YAML) leave the namespace to the domain.
  const edgeDecides = (name: string) => {
    const spec = ACTION_SPECS[name as ActionKey];
    return spec.kind === "tenant" && (!NAMESPACED_PERMISSIONS.includes(spec.permission) || !!spec.namespaceField);
  };
  const edgeCases = cases.filter(
    ([name, caller, , entry]) => edgeDecides(name) && caller !== "anonymous" && caller !== "ownTenant" && (entry.on === "tenant" || entry.on === "namespace") && expected(entry, caller) !== "read",
  );
  it("covers every tenant action whose namespace the input names", () => {
    const tenantActions = Object.values(SERVER_ACTIONS).flatMap((a) => Object.entries(a)).filter(([, e]) => e.on === "tenant" || e.on === "namespace");
    // all but createFlowAction, the executions' bulk actions and syncNowAction, whose namespaces the data names
    expect(new Set(edgeCases.map(([n]) => n)).size).toBe(tenantActions.length - 5);
  });
  it.each(edgeCases)("%s as %s is refused by its declaration before any work", async (name, caller, _file, entry) => {
    const handler = vi.fn(async () => "ran");
    const declared = tenantAction(name as TenantActionKey, z.looseObject({ tenant: z.string() }), handler);
    const input = caller === "ownTenant" ? { ...(entry.input(T) as object), tenant: outsiderTenant } : entry.input(T);
    session.cookie = cookies[caller];
    const result = (await declared(input as { tenant: string })) as Result;
    session.cookie = "";
    const want = expected(entry, caller);
    expect(handler).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
    expect(result.error?.status).toBe(want);
    if (want === 403) expect(result.error?.message).toContain(`Missing permission ${entry.needs}`);
  });
});
