import { afterEach, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { db } from "@/lib/db";
import { startExecution } from "@/lib/executions/start";
import { addUserToTenant } from "@/lib/tenants/membership";
import { ctxOf, makeTenant, makeUser, uniq } from "../helpers";

// Starting an execution: the flow's current (or a named) revision, its labels with the given ones,
// the execution and its start event in one transaction, EXECUTION:CREATE required.

afterEach(async () => {
  await db.executionEvent.deleteMany({});
});

async function setup(parsed: Record<string, unknown> = {}, disabled = false) {
  const admin = await makeUser();
  const t = await makeTenant(admin);
  const flowId = uniq("flow");
  const flow = { id: flowId, namespace: "company", tasks: [{ id: "a", type: "io.kestra.plugin.core.log.Log", message: "hi" }], ...parsed };
  await db.flow.create({ data: { tenantId: t.id, namespace: "company", flowId, revision: 2, source: "", parsed: JSON.stringify(flow), disabled } });
  await db.flowRevision.create({ data: { tenantId: t.id, namespace: "company", flowId, revision: 1, source: "id: x" } });
  return { admin, tenantId: t.id, flowId };
}

describe("startExecution", () => {
  it("creates the execution (CREATED, the current revision, the flow's labels with the given ones) and its start event", async () => {
    const { admin, tenantId, flowId } = await setup({ labels: { team: "data", env: "dev" } });
    const ctx = await ctxOf(admin, tenantId);
    const e = await startExecution(ctx, { namespace: "company", flowId, inputs: { n: 1 }, labels: [{ key: "env", value: "prod" }], trigger: { kind: "api" } });
    expect(e).toMatchObject({ state: "CREATED", flowRevision: 2, inputs: { n: 1 }, trigger: { kind: "api" } });
    expect(e.labels).toEqual([{ key: "team", value: "data" }, { key: "env", value: "prod" }]);
    const row = await db.execution.findUniqueOrThrow({ where: { id: e.id } });
    expect(row).toMatchObject({ tenantId, state: "CREATED", version: 1, flowRevision: 2 });
    const events = await db.executionEvent.findMany({ where: { executionId: e.id } });
    expect(events.map((x) => JSON.parse(x.payload))).toEqual([{ type: "start" }]);
    // an older revision by number; an unknown one is refused
    expect((await startExecution(ctx, { namespace: "company", flowId, revision: 1 })).flowRevision).toBe(1);
    await expect(startExecution(ctx, { namespace: "company", flowId, revision: 7 })).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a disabled flow, a missing flow, and a caller without EXECUTION:CREATE", async () => {
    const { admin, tenantId, flowId } = await setup({}, true);
    const ctx = await ctxOf(admin, tenantId);
    await expect(startExecution(ctx, { namespace: "company", flowId })).rejects.toMatchObject({ status: 422 });
    await expect(startExecution(ctx, { namespace: "company", flowId: "missing" })).rejects.toMatchObject({ status: 404 });
    const member = await makeUser();
    await addUserToTenant(cliActor(), tenantId, member.id);
    const refused = await startExecution(await ctxOf(member, tenantId), { namespace: "company", flowId }).catch((e: { status?: number }) => e);
    expect([403, 404]).toContain((refused as { status?: number }).status);
    expect(await db.execution.count({ where: { tenantId } })).toBe(0);
  });
});
