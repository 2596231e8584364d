import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { startExecution } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow } from "@/lib/flows/flows";
import { makeTenant } from "../helpers";
import { emptyQueue, until } from "./support/data";

// The flow's `retry` with behavior CREATE_NEW_EXECUTION: a failed execution ends RETRIED and a new
// execution of the same revision, inputs and labels starts after the delay, named after the first
// one (originalId), until the policy's attempts are spent; the last one ends FAILED.

const NS = "company.team";
let roles: Role[] = [];
let ctx: TenantContext;

beforeAll(async () => {
  await emptyQueue();
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 2, leaseMs: 30_000, heartbeatMs: 500 })];
  ctx = await tenantContext(cliActor(), (await makeTenant()).id);
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
});

describe("a flow's retry with CREATE_NEW_EXECUTION", () => {
  it("starts new executions of the failed one until its attempts are spent, each in the tenant's audit log", async () => {
    await createFlow(
      ctx,
      `id: flaky
namespace: ${NS}
labels:
  team: data
inputs:
  - id: day
    type: STRING
retry:
  type: constant
  behavior: CREATE_NEW_EXECUTION
  interval: PT0.1S
  maxAttempts: 3
tasks:
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: "no data for {{ inputs.day }}"
`,
    );
    const first = await startExecution(ctx, { namespace: NS, flowId: "flaky", inputs: { day: "monday" } });
    const series = async () => ctx.db.execution.findMany({ where: { flowId: "flaky" }, orderBy: { createdAt: "asc" } });
    const all = await until(async () => {
      const rows = await series();
      return rows.length === 3 && rows.every((r) => ["RETRIED", "FAILED"].includes(r.state)) ? rows : null;
    }, 60_000, "three executions of the series to end");
    expect(all.map((r) => r.state)).toEqual(["RETRIED", "RETRIED", "FAILED"]);
    expect(all[0].id).toBe(first.id);
    expect(all.map((r) => r.originalId)).toEqual([null, first.id, first.id]);
    expect(all.map((r) => r.retryAttempt)).toEqual([null, 2, 3]);
    for (const r of all.slice(1)) {
      expect(JSON.parse(r.inputs)).toEqual({ day: "monday" });
      expect(JSON.parse(r.labels)).toEqual(JSON.parse(all[0].labels));
      expect(r.flowRevision).toBe(all[0].flowRevision);
    }
    // no fourth one comes: the policy's attempts are spent
    expect(await ctx.db.executionEvent.count({ where: { executionId: { in: all.map((r) => r.id) } } })).toBe(0);
    const audited = await ctx.db.auditLog.findMany({ where: { resourceType: "EXECUTION", resourceId: { in: all.slice(1).map((r) => r.id) } } });
    expect(audited.map((a) => a.action)).toEqual(["CREATE", "CREATE"]);
  });
});
