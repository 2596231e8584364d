import { beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db, tenantDb } from "@/lib/db";
import { insertExecution } from "@/lib/executions/access";
import { deleteExecutionsAction, inputConditionsAction, killExecutionsAction, startExecutionAction } from "@/lib/executions/actions";
import { execution } from "@/lib/executions/test-support";
import type { State } from "@/lib/executions/types";
import { createFlow } from "@/lib/flows/flows";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { type TestUser, makeTenant, makeUser, sessionCookie, uniq } from "../helpers";

// The executions' server actions as the browser calls them: the run form's FormData (typed inputs,
// labels, a 422 naming the bad input), and the list's bulk operations, which go one execution at
// a time, each in its own namespace, and never reach another tenant's.

const session = { cookie: "" };
vi.mock("next/headers", () => ({
  cookies: async () => {
    const jar = new Map(session.cookie.split(";").filter(Boolean).map((c) => [c.slice(0, c.indexOf("=")).trim(), c.slice(c.indexOf("=") + 1).trim()] as const));
    return { getAll: () => [...jar].map(([name, value]) => ({ name, value })), get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n) } : undefined) };
  },
  headers: async () => new Headers({ origin: "http://localhost:3000", host: "localhost:3000" }),
}));

const FLOW = `id: typed
namespace: team.run
inputs:
  - id: name
    type: STRING
    validator: "[a-z]+"
  - id: count
    type: INT
    defaults: 2
  - id: on
    type: BOOLEAN
    required: false
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: "{{ inputs.name }}"
`;

let tenant = "";
let otherTenant = "";
let admin: TestUser;
let launcher: TestUser;
let scoped: TestUser;

async function as<T>(u: TestUser, fn: () => Promise<T>): Promise<T> {
  session.cookie = await sessionCookie(u);
  try {
    return await fn();
  } finally {
    session.cookie = "";
  }
}

async function ended(tenantId: string, namespace: string, state: State = "SUCCESS") {
  const e = execution({ id: uniq("e").replace("-", ""), tenantId, namespace, flowId: "typed", state });
  await tenantDb(tenantId).$transaction((tx) => insertExecution(tx, e, new Date()));
  return e.id;
}

const alive = (id: string) => db.execution.findFirst({ where: { id, deleted: false } });

beforeAll(async () => {
  admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  otherTenant = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  await createFlow(ctx, FLOW);
  launcher = await makeUser();
  scoped = await makeUser();
  await grantAccess(ctx, launcher.username);
  await grantAccess(ctx, scoped.username);
  await createBinding(ctx, { user: launcher.username, role: "Launcher", namespace: null });
  await createBinding(ctx, { user: scoped.username, role: "Developer", namespace: "team.other" });
});

function form(fields: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
}

describe("startExecutionAction", () => {
  it("runs a flow from the form's fields: typed inputs, defaults, labels", async () => {
    const result = await as(launcher, () =>
      startExecutionAction(form([["tenant", tenant], ["namespace", "team.run"], ["flowId", "typed"], ["inputs.name", "abc"], ["inputs.on", "true"], ["labels", "team:blue"]]) as never),
    );
    expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
    if (!result.ok) return;
    const row = await db.execution.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row.tenantId).toBe(tenant);
    expect(JSON.parse(row.inputs)).toEqual({ name: "abc", count: 2, on: true });
    expect(JSON.parse(row.labels)).toContainEqual({ key: "team", value: "blue" });
    expect(JSON.parse(row.trigger!)).toMatchObject({ kind: "manual" });
  });

  it("refuses a bad input with a 422 naming it, and creates nothing", async () => {
    const before = await db.execution.count({ where: { tenantId: tenant } });
    const result = await as(launcher, () =>
      startExecutionAction(form([["tenant", tenant], ["namespace", "team.run"], ["flowId", "typed"], ["inputs.name", "ABC"], ["inputs.count", "x"]]) as never),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(422);
    expect(result.error.details.map((d) => d.path).sort()).toEqual(["inputs.count", "inputs.name"]);
    expect(await db.execution.count({ where: { tenantId: tenant } })).toBe(before);
  });

  it("refuses a label that is not key:value", async () => {
    const result = await as(launcher, () =>
      startExecutionAction(form([["tenant", tenant], ["namespace", "team.run"], ["flowId", "typed"], ["inputs.name", "abc"], ["labels", "nocolon"]]) as never),
    );
    expect(!result.ok && result.error.status).toBe(422);
  });

  it("is not found for a member who cannot read the namespace, and in another tenant", async () => {
    const scopedRun = await as(scoped, () => startExecutionAction({ tenant, namespace: "team.run", flowId: "typed", inputs: { name: "abc" } }));
    expect(!scopedRun.ok && scopedRun.error.status).toBe(404);
    const elsewhere = await as(admin, () => startExecutionAction({ tenant: otherTenant, namespace: "team.run", flowId: "typed", inputs: { name: "abc" } }));
    expect(!elsewhere.ok && elsewhere.error.status).toBe(404);
  });
});

describe("inputConditionsAction", () => {
  const CONDITIONAL = `id: conditional
namespace: team.run
inputs:
  - id: notify
    type: BOOLEAN
    defaults: false
  - id: email
    type: EMAIL
    dependsOn:
      inputs: [notify]
      condition: "{{ inputs.notify }}"
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: hi
`;
  beforeAll(async () => {
    await createFlow(await tenantContext(cliActor(), tenant), CONDITIONAL);
  });

  it("answers which conditional inputs the form asks for, for whoever may start the flow", async () => {
    const ask = (inputs: Record<string, string>) => as(launcher, () => inputConditionsAction({ tenant, namespace: "team.run", flowId: "conditional", inputs }));
    expect(await ask({})).toEqual({ ok: true, data: { email: false } });
    expect(await ask({ notify: "true" })).toEqual({ ok: true, data: { email: true } });
  });

  it("is not found for a member who cannot read the namespace, and in another tenant", async () => {
    const scopedAsk = await as(scoped, () => inputConditionsAction({ tenant, namespace: "team.run", flowId: "conditional", inputs: {} }));
    expect(!scopedAsk.ok && scopedAsk.error.status).toBe(404);
    const elsewhere = await as(admin, () => inputConditionsAction({ tenant: otherTenant, namespace: "team.run", flowId: "conditional", inputs: {} }));
    expect(!elsewhere.ok && elsewhere.error.status).toBe(404);
  });
});

describe("bulk actions", () => {
  it("delete each selected execution the caller may delete, and report the others", async () => {
    const ok1 = await ended(tenant, "team.run");
    const ok2 = await ended(tenant, "team.run", "FAILED");
    const running = await ended(tenant, "team.run", "RUNNING");
    const foreign = await ended(otherTenant, "team.run");
    const result = await as(admin, () => deleteExecutionsAction({ tenant, ids: [ok1, ok2, running, foreign] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.done.sort()).toEqual([ok1, ok2].sort());
    expect(result.data.refused.map((r) => [r.id, r.status])).toEqual([
      [running, 409],
      [foreign, 404],
    ]);
    expect(await alive(ok1)).toBeNull();
    expect(await alive(running)).not.toBeNull();
    // another tenant's execution, named by id, is untouched
    expect(await alive(foreign)).not.toBeNull();
  });

  it("fail as one call when every execution is refused alike: a Launcher kills nothing", async () => {
    const running = await ended(tenant, "team.run", "RUNNING");
    const result = await as(launcher, () => killExecutionsAction({ tenant, ids: [running] }));
    expect(!result.ok && result.error.status).toBe(403);
    expect(await db.executionEvent.count({ where: { executionId: running } })).toBe(0);
  });

  it("do not reach an execution outside the caller's namespaces (404, nothing changed)", async () => {
    const target = await ended(tenant, "team.run");
    const result = await as(scoped, () => deleteExecutionsAction({ tenant, ids: [target] }));
    expect(!result.ok && result.error.status).toBe(404);
    expect(await alive(target)).not.toBeNull();
  });
});
