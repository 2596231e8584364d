import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { listLogs } from "@/lib/executions/logs";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { loadPlugins } from "@/lib/plugins/registry";
import { makeTenant } from "../helpers";
import { emptyQueue } from "./support/data";

// vitest: isolate (the plugin it loads stays registered for the rest of its process)
// A plugin package installed by the instance setting runs its task types end to end through the real
// engine; a flow using a type whose plugin is not installed saves with a warning and does not start.

const NS = "company.team";
const greeting = path.resolve(__dirname, "../fixtures/plugins/greeting");
let roles: Role[] = [];
let ctx: TenantContext;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  expect((await loadPlugins([greeting])).failures).toEqual([]);
  await emptyQueue();
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 2, leaseMs: 30_000, heartbeatMs: 300 })];
  ctx = await tenantContext(cliActor(), (await makeTenant()).id);
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
});

describe("a plugin package's task type", () => {
  it("runs end to end: rendered properties, its log line, its outputs read by the next task", async () => {
    await createFlow(
      ctx,
      `id: greet
namespace: ${NS}
inputs:
  - id: who
    type: STRING
    defaults: Ada
tasks:
  - id: hello
    type: com.example.greeting.Hello
    name: "{{ inputs.who }}"
  - id: again
    type: com.example.greeting.Hi
    name: "{{ outputs.hello.message }}"
    punctuation: "?"
`,
    );
    const started = await startExecution(ctx, { namespace: NS, flowId: "greet", inputs: { who: "Grace" } });
    const done = await waitForEnd(ctx, started.id, 60_000);
    expect(done.state.current).toBe("SUCCESS");
    const execution = await getExecution(ctx, done.id);
    const outputs = Object.fromEntries(execution.taskRunList.map((t: { taskId: string; outputs?: unknown }) => [t.taskId, t.outputs]));
    expect(outputs).toEqual({ hello: { message: "Hello, Grace!" }, again: { message: "Hello, Hello, Grace!?" } });
    const logs = (await listLogs(ctx, done.id, { size: 100 })).results.map((l: { message: string }) => l.message);
    expect(logs).toEqual(expect.arrayContaining(["Hello, Grace!", "Hello, Hello, Grace!?"]));
  }, 90_000);
});

describe("a type whose plugin is not installed", () => {
  const source = (id: string) => `id: ${id}
namespace: ${NS}
tasks:
  - id: query
    type: io.kestra.plugin.gcp.bigquery.Query
    sql: SELECT 1
    fetchOne: true
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: done
triggers:
  - id: on_message
    type: io.kestra.plugin.kafka.Trigger
    topic: orders
`;
  const BIGQUERY = 'task type "io.kestra.plugin.gcp.bigquery.Query" needs the plugin plugin-gcp (Google Cloud), which is not installed';
  const KAFKA = 'trigger type "io.kestra.plugin.kafka.Trigger" needs the plugin plugin-kafka (Apache Kafka), which is not installed';

  it("saves with a warning naming the plugin, on create and on update", async () => {
    const created = await createFlow(ctx, source("bq"));
    expect(created.revision).toBe(1);
    expect(created.warnings?.map((w) => [w.path, w.line, w.message])).toEqual([
      ["tasks[0].type", 5, `${BIGQUERY}: the flow saves but cannot run until it is`],
      ["triggers[0].type", 13, `${KAFKA}: the flow saves but cannot run until it is`],
    ]);
    const updated = await updateFlow(ctx, NS, "bq", source("bq").replace("SELECT 1", "SELECT 2"), 1);
    expect(updated).toMatchObject({ revision: 2, changed: true });
    expect(updated.warnings).toHaveLength(2);
  });

  it("is refused at start (422) with the same message, and no execution is created", async () => {
    await createFlow(ctx, source("bq_start"));
    const before = await db.execution.count({ where: { tenantId: ctx.tenantId, flowId: "bq_start" } });
    const refusal = startExecution(ctx, { namespace: NS, flowId: "bq_start", inputs: {} });
    await expect(refusal).rejects.toMatchObject({
      status: 422,
      message: "The flow cannot run: 2 types need plugins that are not installed",
      details: [
        { path: "tasks[0]", message: BIGQUERY },
        { path: "triggers[0]", message: KAFKA },
      ],
    });
    expect(await db.execution.count({ where: { tenantId: ctx.tenantId, flowId: "bq_start" } })).toBe(before);
  });

  it("fails a Subflow task that calls such a flow, with the same message", async () => {
    await createFlow(ctx, `id: child_bq\nnamespace: ${NS}\ntasks:\n  - id: query\n    type: io.kestra.plugin.gcp.bigquery.Query\n    sql: SELECT 1\n`);
    await createFlow(ctx, `id: parent_bq\nnamespace: ${NS}\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${NS}\n    flowId: child_bq\n`);
    const started = await startExecution(ctx, { namespace: NS, flowId: "parent_bq", inputs: {} });
    const done = await waitForEnd(ctx, started.id, 60_000);
    expect(done.state.current).toBe("FAILED");
    const logs = (await listLogs(ctx, done.id, { size: 100 })).results.map((l: { message: string }) => l.message);
    expect(logs.join("\n")).toContain(`The flow cannot run: ${BIGQUERY}`);
  }, 90_000);
});
