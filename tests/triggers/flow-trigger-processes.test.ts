import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { isPostgres } from "@/lib/config";
import { tenantDb } from "@/lib/db";
import { startExecution } from "@/lib/executions/executions";
import { createFlow } from "@/lib/flows/flows";
import { makeTenant } from "../helpers";
import { emptyQueue, until } from "../executions/support/data";
import { RoleProcesses } from "../executions/support/roles";

// `tenantflow executor` and `tenantflow worker` as processes of their own (PostgreSQL: the roles
// share the database from several processes): the executor process starts the flows whose Flow
// triggers an ending execution satisfies, as the app's embedded executor does.

beforeAll(emptyQueue);

const pg = isPostgres(process.env.DATABASE_URL);
const roles = new RoleProcesses();

afterAll(() => roles.killAll());

const NS = "company.team";

describe.skipIf(!pg)("Flow triggers in a `tenantflow executor` process (PostgreSQL)", () => {
  it("start the downstream flow when the upstream execution ends", { timeout: 240_000 }, async () => {
    const ctx = await tenantContext(cliActor(), (await makeTenant()).id);
    await createFlow(ctx, `id: up\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: up\n`);
    await createFlow(
      ctx,
      `id: down\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ trigger.executionId }}"\ntriggers:\n  - id: after-up\n    type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n      id: up\n      flows:\n        - namespace: ${NS}\n          flowId: up\n          states: [SUCCESS]\n`,
    );
    await Promise.all([roles.start(["executor"]), roles.start(["worker", "--concurrency", "2"])]);
    const up = await startExecution(ctx, { namespace: NS, flowId: "up" });
    const tdb = tenantDb(ctx.tenantId);
    const down = await until(() => tdb.execution.findFirst({ where: { flowId: "down", state: "SUCCESS" } }), 120_000, "the triggered execution's end");
    expect(JSON.parse(down.trigger!)).toMatchObject({ kind: "flow", id: "after-up", variables: { executionId: up.id, flowId: "up", state: "SUCCESS" } });
    const [run] = await tdb.taskRun.findMany({ where: { executionId: down.id } });
    expect(JSON.parse(run.outputs!)).toEqual({ value: up.id });
  });
});
