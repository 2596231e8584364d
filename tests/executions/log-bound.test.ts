import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { listLogs, startExecution, waitForEnd } from "@/lib/executions/executions";
import { installEngine } from "@/lib/executions/install-engine";
import { type Role, resetEngine, runExecutor, runScheduler, runWorker } from "@/lib/executions/processes";
import { createFlow } from "@/lib/flows/flows";
import { ctxOf, makeTenant, makeUser } from "../helpers";
import { emptyQueue } from "./support/data";

// An execution's logs are bounded: past the bound its lines are not stored, one ERROR line says
// where they stop, and the attempt that kept logging fails with a message naming the setting.

const LIMIT = 2_000;
let ctx: TenantContext;
let roles: Role[] = [];

beforeAll(async () => {
  await emptyQueue();
  const admin = await makeUser();
  ctx = await ctxOf(admin, (await makeTenant(admin)).id);
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, maxLogBytes: LIMIT }), runScheduler({ pollMs: 100 })];
});
afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  resetEngine();
});

async function run(source: string) {
  const flow = await createFlow(ctx, source);
  const started = await startExecution(ctx, { namespace: flow.namespace, flowId: flow.id });
  return waitForEnd(ctx, started.id, 30_000);
}

describe("the per-execution log bound", () => {
  it("fails the attempt that logs past the bound, keeps what fits and says where the logs stop", async () => {
    // 40 messages of 100 characters: 4,000 bytes against a bound of 2,000
    const messages = Array.from({ length: 40 }, (_, i) => `    - "${String(i).padStart(2, "0")}${"x".repeat(98)}"`).join("\n");
    const e = await run(`id: chatty\nnamespace: company.team\ntasks:\n  - id: talk\n    type: io.kestra.plugin.core.log.Log\n    message:\n${messages}\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: never\n`);
    expect(e.state.current).toBe("FAILED");
    expect(e.taskRunList.map((t) => [t.taskId, t.state.current])).toEqual([["talk", "FAILED"]]);
    const logs = (await listLogs(ctx, e.id, { size: 1000 })).results;
    const kept = logs.filter((l) => l.message.endsWith("x".repeat(98)));
    expect(kept.length).toBe(LIMIT / 100);
    expect(logs.some((l) => l.level === "ERROR" && l.message.includes("reached their limit of 2000 bytes (TENANTFLOW_MAX_EXECUTION_LOG_SIZE)"))).toBe(true);
    const row = await tenantDb(ctx.tenantId).execution.findFirst({ where: { id: e.id }, select: { logBytes: true } });
    expect(row!.logBytes).toBeGreaterThan(LIMIT);
  });

  it("leaves an execution under the bound alone", async () => {
    const e = await run(`id: quiet\nnamespace: company.team\ntasks:\n  - id: talk\n    type: io.kestra.plugin.core.log.Log\n    message: hello\n`);
    expect(e.state.current).toBe("SUCCESS");
    const row = await tenantDb(ctx.tenantId).execution.findFirst({ where: { id: e.id }, select: { logBytes: true } });
    expect(row!.logBytes).toBe("hello".length);
  });
});
