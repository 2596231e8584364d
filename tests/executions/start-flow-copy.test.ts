import { describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db, statementsRun } from "@/lib/db";
import { isPostgres } from "@/lib/config";
import { startExecution } from "@/lib/executions/executions";
import { createFlow } from "@/lib/flows/flows";
import { makeTenant } from "../helpers";

// A start reads its flow's current revision; on PostgreSQL it keeps the copy for the next starts and
// writes an execution only while the flow is still at that revision, enabled and not deleted. These
// tests change the flow behind the copy's back (as another instance of the app would: no code of this
// process is told) and check that the next start runs what the database holds.

const FLOW = (message: string, inputs = "") => `id: copy
namespace: team.copy
${inputs}tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: ${message}
`;

async function setup() {
  const tenant = await makeTenant();
  const ctx = await tenantContext(cliActor(), tenant.id);
  await createFlow(ctx, FLOW("one"));
  // the first start reads the flow (and keeps it on PostgreSQL)
  const first = await startExecution(ctx, { namespace: "team.copy", flowId: "copy" });
  expect(first.flowRevision).toBe(1);
  return { tenant, ctx };
}

/** A new revision written straight to the database, as another instance's save would be seen here. */
async function reviseElsewhere(tenantId: string, source: string, parsed: Record<string, unknown>) {
  const flow = await db.flow.findFirstOrThrow({ where: { tenantId, namespace: "team.copy", flowId: "copy" } });
  await db.flowRevision.create({ data: { tenantId, namespace: "team.copy", flowId: "copy", revision: flow.revision + 1, source } });
  await db.flow.update({ where: { id: flow.id }, data: { revision: flow.revision + 1, source, parsed: JSON.stringify(parsed) } });
}

describe("a start's copy of its flow", () => {
  it("runs the flow's current revision when another instance saved a new one", async () => {
    const { tenant, ctx } = await setup();
    await reviseElsewhere(tenant.id, FLOW("two"), { id: "copy", namespace: "team.copy", tasks: [{ id: "t", type: "io.kestra.plugin.core.log.Log", message: "two" }] });
    const second = await startExecution(ctx, { namespace: "team.copy", flowId: "copy" });
    expect(second.flowRevision).toBe(2);
    const row = await db.execution.findFirstOrThrow({ where: { id: second.id } });
    expect(row.flowRevision).toBe(2);
    expect(await db.executionEvent.count({ where: { executionId: second.id } })).toBe(1);
  });

  it("checks inputs against the current revision, not the copy", async () => {
    const { tenant, ctx } = await setup();
    const parsed = { id: "copy", namespace: "team.copy", inputs: [{ id: "who", type: "STRING" }], tasks: [{ id: "t", type: "io.kestra.plugin.core.log.Log", message: "{{ inputs.who }}" }] };
    await reviseElsewhere(tenant.id, FLOW("x", "inputs:\n  - id: who\n    type: STRING\n"), parsed);
    await expect(startExecution(ctx, { namespace: "team.copy", flowId: "copy" })).rejects.toMatchObject({ status: 422 });
    const ok = await startExecution(ctx, { namespace: "team.copy", flowId: "copy", inputs: { who: "ada" } });
    expect(ok).toMatchObject({ flowRevision: 2, inputs: { who: "ada" } });
  });

  it("refuses a flow disabled or deleted elsewhere, and writes nothing", async () => {
    const { tenant, ctx } = await setup();
    const before = await db.execution.count({ where: { tenantId: tenant.id } });
    await db.flow.updateMany({ where: { tenantId: tenant.id, flowId: "copy" }, data: { disabled: true } });
    await expect(startExecution(ctx, { namespace: "team.copy", flowId: "copy" })).rejects.toMatchObject({ status: 409 });
    await db.flow.updateMany({ where: { tenantId: tenant.id, flowId: "copy" }, data: { disabled: false, deleted: true } });
    await expect(startExecution(ctx, { namespace: "team.copy", flowId: "copy" })).rejects.toMatchObject({ status: 404 });
    expect(await db.execution.count({ where: { tenantId: tenant.id } })).toBe(before);
    expect(await db.executionEvent.count({ where: { tenantId: tenant.id } })).toBe(before);
  });

  it.skipIf(!isPostgres(process.env.DATABASE_URL))("starts from the copy in one transaction of three statements (PostgreSQL)", async () => {
    const { ctx } = await setup();
    const before = statementsRun();
    await startExecution(ctx, { namespace: "team.copy", flowId: "copy" });
    // BEGIN, the execution with its start event, the audit entry, COMMIT (the scope is not counted)
    expect(statementsRun() - before).toBe(4);
  });
});
