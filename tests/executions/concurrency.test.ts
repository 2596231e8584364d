import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, tenantDb } from "@/lib/db";
import { queuedReason } from "@/lib/executions/concurrency";
import { restartExecution } from "@/lib/executions/operations";
import { updateNamespace } from "@/lib/namespaces/namespaces";
import { updateTenant } from "@/lib/tenants/tenants";
import { cliActor } from "@/lib/authz/actor";
import { advanceExecution, resetEngine } from "@/lib/executions/processes";
import { dueExecutions, sendEvent } from "@/lib/executions/queue";
import { createExecution, loadState } from "@/lib/executions/store";
import type { State } from "@/lib/executions/types";
import { ctxOf, makeTenant, makeUser, uniq } from "../helpers";
import { emptyQueue } from "./support/data";

// Concurrency limits (SPEC §7) on the suite's database, with the real executor driven step by
// step: a flow's `concurrency` (QUEUE, CANCEL, FAIL), a namespace's limit inherited by its
// descendants, a tenant's limit, FIFO starts when slots free, restarts that respect the limits and
// executors racing for the last slot. The executions wait in a Pause, which holds its slot (as the
// orchestrator counts PAUSED ones) until it is resumed.

beforeAll(emptyQueue);
afterEach(async () => {
  resetEngine();
  await db.executionEvent.deleteMany({});
  await db.taskJob.deleteMany({});
});

const PAUSE = [{ id: "wait", type: "io.kestra.plugin.core.flow.Pause" }];

async function flowIn(tenantId: string, namespace: string, concurrency?: Record<string, unknown>) {
  const flowId = uniq("flow");
  const parsed = { id: flowId, namespace, tasks: PAUSE, ...(concurrency ? { concurrency } : {}) };
  await db.flow.create({ data: { tenantId, namespace, flowId, revision: 1, source: "", parsed: JSON.stringify(parsed) } });
  return { flowId, start: () => createExecution({ db: tenantDb(tenantId), tenantId }, { namespace, flowId, flowRevision: 1 }) };
}

/** Applies every due event until none is left (each execution under its own lock, one at a time). */
async function drain() {
  for (let i = 0; i < 100; i++) {
    const dues = await dueExecutions(100);
    if (dues.length === 0) return;
    for (const due of dues) await advanceExecution(due);
  }
  throw new Error("the queue did not drain");
}

const stateOf = async (tenantId: string, id: string): Promise<State> =>
  (await tenantDb(tenantId).execution.findFirstOrThrow({ where: { id }, select: { state: true } })).state as State;
const statesOf = (tenantId: string, ids: string[]) => Promise.all(ids.map((id) => stateOf(tenantId, id)));
const logsOf = async (tenantId: string, id: string) =>
  (await tenantDb(tenantId).executionLog.findMany({ where: { executionId: id }, orderBy: { id: "asc" } })).map((l) => l.message);
const reasonOf = async (tenantId: string, id: string) => {
  const row = await tenantDb(tenantId).execution.findFirstOrThrow({ where: { id } });
  const { toExecution } = await import("@/lib/executions/store");
  return queuedReason(tenantDb(tenantId), toExecution(row));
};
const resume = (tenantId: string, id: string) => sendEvent(tenantId, id, { type: "resume" });

describe("a flow's concurrency limit", () => {
  it("QUEUE: executions over the limit wait QUEUED, saying why, and start in creation order as slots free", async () => {
    const { id: tenantId } = await makeTenant();
    const flow = await flowIn(tenantId, "company.team", { limit: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await flow.start()).id);
    await drain();
    expect(await statesOf(tenantId, ids)).toEqual(["PAUSED", "PAUSED", "QUEUED", "QUEUED", "QUEUED"]);
    expect((await logsOf(tenantId, ids[2])).join("\n")).toMatch(/the flow's concurrency limit \(2\) is reached \(2 running\): the execution is queued/);
    expect(await reasonOf(tenantId, ids[4])).toMatchObject({ limit: "flow", scope: `company.team.${flow.flowId}`, slots: 2, running: 2, position: 3 });
    expect(await reasonOf(tenantId, ids[0])).toBeNull();

    // a newer execution queues behind the older ones
    await resume(tenantId, ids[1]);
    await drain();
    expect(await statesOf(tenantId, ids)).toEqual(["PAUSED", "SUCCESS", "PAUSED", "QUEUED", "QUEUED"]);
    const late = (await flow.start()).id;
    await drain();
    expect(await stateOf(tenantId, late)).toBe("QUEUED");
    expect(await reasonOf(tenantId, late)).toMatchObject({ position: 3 });

    await resume(tenantId, ids[0]);
    await resume(tenantId, ids[2]);
    await drain();
    expect(await statesOf(tenantId, [...ids, late])).toEqual(["SUCCESS", "SUCCESS", "SUCCESS", "PAUSED", "PAUSED", "QUEUED"]);
    // a QUEUED execution that is killed gives up its place
    await sendEvent(tenantId, late, { type: "kill" });
    await resume(tenantId, ids[3]);
    await drain();
    expect(await statesOf(tenantId, [ids[3], ids[4], late])).toEqual(["SUCCESS", "PAUSED", "KILLED"]);
    const history = (await loadStateOf(tenantId, ids[4])).execution.histories.map((h) => h.state);
    expect(history).toEqual(["CREATED", "QUEUED", "RUNNING", "PAUSED"]);
  });

  it.each([
    ["CANCEL", "CANCELLED", /is cancelled/],
    ["FAIL", "FAILED", /is failed/],
  ] as const)("%s: an execution over the limit ends %s without running a task, with a log line", async (behavior, ended, message) => {
    const { id: tenantId } = await makeTenant();
    const flow = await flowIn(tenantId, "company.team", { limit: 1, behavior });
    const first = (await flow.start()).id;
    const second = (await flow.start()).id;
    await drain();
    expect(await statesOf(tenantId, [first, second])).toEqual(["PAUSED", ended]);
    expect((await logsOf(tenantId, second)).join("\n")).toMatch(message);
    expect((await loadStateOf(tenantId, second)).taskRuns).toEqual([]);
    // the slot frees: the next one runs
    await resume(tenantId, first);
    await drain();
    const third = (await flow.start()).id;
    await drain();
    expect(await stateOf(tenantId, third)).toBe("PAUSED");
  });
});

const loadStateOf = async (tenantId: string, id: string) => (await tenantDb(tenantId).$transaction((tx) => loadState(tx, id)))!;

describe("namespace and tenant limits", () => {
  it("a namespace's limit counts every execution under it, in its descendants too", async () => {
    const admin = await makeUser();
    const { id: tenantId } = await makeTenant(admin);
    const ctx = await ctxOf(admin, tenantId);
    await tenantDb(tenantId).namespace.create({ data: { tenantId, name: "company", concurrencyLimit: 1 } });
    const a = await flowIn(tenantId, "company.team");
    const b = await flowIn(tenantId, "company.other.deep");
    const outside = await flowIn(tenantId, "elsewhere");
    const first = (await a.start()).id;
    const second = (await b.start()).id;
    const free = (await outside.start()).id;
    await drain();
    expect(await statesOf(tenantId, [first, second, free])).toEqual(["PAUSED", "QUEUED", "PAUSED"]);
    expect(await reasonOf(tenantId, second)).toMatchObject({ limit: "namespace", scope: "company", slots: 1, position: 1 });
    expect((await logsOf(tenantId, second)).join("\n")).toMatch(/concurrency limit of namespace company \(1\)/);
    const third = (await a.start()).id;
    await drain();
    expect(await reasonOf(tenantId, third)).toMatchObject({ limit: "namespace", scope: "company", position: 2 });
    // the nearest namespace with a limit set is the one that counts: a limit of 2 set on
    // company.other (through the settings) starts the execution queued there
    await tenantDb(tenantId).namespace.create({ data: { tenantId, name: "company.other" } });
    await updateNamespace(ctx, "company.other", { concurrencyLimit: 2 });
    await drain();
    expect(await statesOf(tenantId, [first, second, third])).toEqual(["PAUSED", "PAUSED", "QUEUED"]);
    const fourth = (await b.start()).id;
    await drain();
    expect(await stateOf(tenantId, fourth)).toBe("PAUSED");
    // company's limit still counts all under it, company.other's executions too
    await resume(tenantId, first);
    await drain();
    expect(await statesOf(tenantId, [first, third])).toEqual(["SUCCESS", "QUEUED"]);
    expect(await reasonOf(tenantId, third)).toMatchObject({ limit: "namespace", scope: "company", running: 2, position: 1 });
    await resume(tenantId, second);
    await resume(tenantId, fourth);
    await drain();
    expect(await stateOf(tenantId, third)).toBe("PAUSED");
  });

  it("a tenant's limit counts all its executions, and other tenants' not at all", async () => {
    const { id: tenantId } = await makeTenant();
    const { id: otherId } = await makeTenant();
    await updateTenant(cliActor(), tenantId, { concurrencyLimit: 2 });
    const a = await flowIn(tenantId, "one");
    const b = await flowIn(tenantId, "two.sub");
    const c = await flowIn(otherId, "one");
    const ids = [(await a.start()).id, (await b.start()).id, (await a.start()).id];
    const others = [(await c.start()).id, (await c.start()).id, (await c.start()).id];
    await drain();
    expect(await statesOf(tenantId, ids)).toEqual(["PAUSED", "PAUSED", "QUEUED"]);
    expect(await statesOf(otherId, others)).toEqual(["PAUSED", "PAUSED", "PAUSED"]);
    expect(await reasonOf(tenantId, ids[2])).toMatchObject({ limit: "tenant", scope: tenantId, slots: 2, running: 2, position: 1 });
    await resume(tenantId, ids[1]);
    await drain();
    expect(await statesOf(tenantId, ids)).toEqual(["PAUSED", "SUCCESS", "PAUSED"]);
    // lowered, then lifted: queued ones start once the limit is gone
    await updateTenant(cliActor(), tenantId, { concurrencyLimit: 1 });
    const more = [(await a.start()).id, (await b.start()).id];
    await drain();
    expect(await statesOf(tenantId, more)).toEqual(["QUEUED", "QUEUED"]);
    await updateTenant(cliActor(), tenantId, { concurrencyLimit: null });
    await drain();
    expect(await statesOf(tenantId, more)).toEqual(["PAUSED", "PAUSED"]);
  });
});

describe("limits hold against restarts and racing executors", () => {
  it("a restart never bypasses a limit", async () => {
    const admin = await makeUser();
    const { id: tenantId } = await makeTenant(admin);
    const ctx = await ctxOf(admin, tenantId);
    const flow = await flowIn(tenantId, "company.team", { limit: 1 });
    const first = (await flow.start()).id;
    await drain();
    await sendEvent(tenantId, first, { type: "kill" });
    await drain();
    expect(await stateOf(tenantId, first)).toBe("KILLED");
    const second = (await flow.start()).id;
    await drain();
    expect(await stateOf(tenantId, second)).toBe("PAUSED");
    await expect(restartExecution(ctx, first)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/concurrency limit \(1\) is reached/) });
    expect(await stateOf(tenantId, first)).toBe("KILLED");
    // once the slot is free the restart goes through
    await resume(tenantId, second);
    await drain();
    await restartExecution(ctx, first);
    await drain();
    expect(await stateOf(tenantId, first)).toBe("PAUSED");
  });

  it("two executors starting executions at once never both take the last slot", async () => {
    const { id: tenantId } = await makeTenant();
    const flow = await flowIn(tenantId, "company.team", { limit: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await flow.start()).id);
    // every start advanced at once, each in its own transaction
    await Promise.all(ids.map((executionId) => advanceExecution({ tenantId, executionId })));
    await drain();
    const states = await statesOf(tenantId, ids);
    expect(states.filter((s) => s === "PAUSED")).toHaveLength(3);
    expect(states.filter((s) => s === "QUEUED")).toHaveLength(9);
  });
});

describe("the limits through the API", () => {
  it("superadmins set a tenant's limit and weight, tenant admins a namespace's limit; GET execution says why it is QUEUED", async () => {
    const { call, request, tokenOf } = await import("../helpers");
    const tenantRoute = await import("@/app/api/v1/tenants/[id]/route");
    const namespaceRoute = await import("@/app/api/v1/[tenant]/namespaces/[namespace]/route");
    const executionRoute = await import("@/app/api/v1/[tenant]/executions/[executionId]/route");
    const superadmin = await makeUser({ superadmin: true });
    const admin = await makeUser();
    const { id: tenantId } = await makeTenant(admin);
    const [root, token] = [await tokenOf(superadmin), await tokenOf(admin)];

    const put = (t: string, body: unknown) => call(tenantRoute.PUT, request("PUT", `/api/v1/tenants/${tenantId}`, { token: t, body }), { id: tenantId });
    const set = await put(root, { concurrencyLimit: 1, weight: 2 });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ id: tenantId, concurrencyLimit: 1, weight: 2 });
    // a tenant's Admin may edit the tenant, but not these
    const refused = await put(token, { weight: 5 });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/Only a superadmin/);
    expect((await put(root, { weight: 0 })).status).toBe(422);
    expect(await db.tenant.findUnique({ where: { id: tenantId }, select: { concurrencyLimit: true, weight: true } })).toEqual({ concurrencyLimit: 1, weight: 2 });

    await tenantDb(tenantId).namespace.create({ data: { tenantId, name: "company" } });
    const ns = (body: unknown) =>
      call(namespaceRoute.PUT, request("PUT", `/api/v1/${tenantId}/namespaces/company`, { token, body, headers: { "if-match": '"1"' } }), { tenant: tenantId, namespace: "company" });
    const bad = await ns({ concurrencyLimit: 0 });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0]).toMatchObject({ path: "concurrencyLimit" });
    const ok = await ns({ concurrencyLimit: 3 });
    expect(ok.status).toBe(200);
    expect(ok.json.concurrencyLimit).toBe(3);

    const flow = await flowIn(tenantId, "company.team");
    const first = (await flow.start()).id;
    const second = (await flow.start()).id;
    await drain();
    const get = (id: string) => call(executionRoute.GET, request("GET", `/api/v1/${tenantId}/executions/${id}`, { token }), { tenant: tenantId, executionId: id });
    const queued = await get(second);
    expect(queued.status).toBe(200);
    expect(queued.json.state.current).toBe("QUEUED");
    expect(queued.json.queued).toEqual({ limit: "tenant", scope: tenantId, slots: 1, running: 1, position: 1 });
    expect((await get(first)).json.queued).toBeUndefined();
  });
});
