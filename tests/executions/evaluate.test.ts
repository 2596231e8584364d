import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createFlow } from "@/lib/flows/flows";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { putSecret } from "@/lib/secrets/secrets";
import { grantAccess } from "@/lib/tenants/access";
import { ctxOf, makeTenant, makeUser } from "@/tests/helpers";
import { evaluateExpression } from "@/lib/executions/evaluate";
import { startExecution } from "@/lib/executions/executions";

// "Evaluate an expression against this execution": the variables the engine gives a task run,
// for readers of the execution only, and no secret a reader could not already see.

const FLOW = `id: calc
namespace: team.a
variables:
  greeting: hello
inputs:
  - id: who
    type: STRING
    defaults: world
  - id: pin
    type: SECRET
    required: false
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["x", "y"]
    tasks:
      - id: inner
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}"
  - id: last
    type: io.kestra.plugin.core.debug.Return
    format: done
`;

let tenant = "";
let executionId = "";
const ids = { each: "", x: "", y: "", last: "" };

beforeAll(async () => {
  const admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenant);
  await createNamespace(ctx, { name: "team.a" });
  await createFlow(ctx, FLOW);
  await putSecret(ctx, "team.a", "API_KEY", { value: "top-secret-value-1" });
  executionId = (await startExecution(ctx, { namespace: "team.a", flowId: "calc", inputs: { pin: "1234-sealed" }, labels: [{ key: "team", value: "blue" }] })).id;
  // the task runs as the engine leaves them (no engine runs here: written directly)
  const date = new Date().toISOString();
  const run = (id: string, seq: number, taskId: string, over: Record<string, unknown> = {}) => ({
    id: `${executionId}-${id}`,
    tenantId: tenant,
    executionId,
    seq,
    taskId,
    state: "SUCCESS",
    histories: JSON.stringify([{ state: "CREATED", date }, { state: "SUCCESS", date }]),
    attempts: JSON.stringify([{ number: 1, state: "SUCCESS", histories: [], workerId: "w" }]),
    ...over,
  });
  ids.each = `${executionId}-each`;
  ids.x = `${executionId}-x`;
  ids.y = `${executionId}-y`;
  ids.last = `${executionId}-last`;
  await db.taskRun.createMany({
    data: [
      run("each", 1, "each"),
      run("x", 2, "inner", { parentTaskRunId: ids.each, value: "x", iteration: 0, outputs: JSON.stringify({ value: "X!" }) }),
      run("y", 3, "inner", { parentTaskRunId: ids.each, value: "y", iteration: 1, outputs: JSON.stringify({ value: "Y!" }) }),
      run("last", 4, "last", { outputs: JSON.stringify({ value: "done" }) }),
    ],
  });
  await db.execution.update({ where: { id: executionId }, data: { state: "SUCCESS" } });
});

const admin = async () => tenantContext(cliActor(), tenant);

describe("evaluateExpression", () => {
  it("sees the execution's variables: flow, execution, inputs, vars, labels and the outputs of every task run", async () => {
    const ctx = await admin();
    const r = await evaluateExpression(
      ctx,
      executionId,
      null,
      "{{ flow.id }}/{{ flow.namespace }} {{ execution.id == '" + executionId + "' }} {{ inputs.who }} {{ vars.greeting }} {{ labels.team }} {{ outputs.last.value }} {{ outputs.inner['y'].value }}",
    );
    expect(r).toEqual({ result: "calc/team.a true world hello blue done Y!" });
  });

  it("for a task run: its taskrun (value, iteration), task and parents, as the engine gives them", async () => {
    const ctx = await admin();
    expect(await evaluateExpression(ctx, executionId, ids.x, "{{ taskrun.value }}#{{ taskrun.iteration }} {{ task.id }} {{ parent.taskrun.value ?? 'none' }} {{ taskrun.parentId == '" + ids.each + "' }}")).toEqual({
      result: "x#0 inner none true",
    });
    expect((await evaluateExpression(ctx, executionId, ids.last, "{{ taskrun.id }}")).result).toBe(ids.last);
    await expect(evaluateExpression(ctx, executionId, `${executionId}-nope`, "{{ 1 }}")).rejects.toMatchObject({ status: 404 });
  });

  it("a bad expression is 422 with its error, line and column", async () => {
    const ctx = await admin();
    await expect(evaluateExpression(ctx, executionId, null, "{{ outputs.missing.value }}")).rejects.toMatchObject({
      status: 422,
      details: [expect.objectContaining({ path: "expression", line: 1, message: expect.stringContaining("missing") })],
    });
    await expect(evaluateExpression(ctx, executionId, null, "{{ 1 + }}")).rejects.toMatchObject({ status: 422 });
    await expect(evaluateExpression(ctx, executionId, null, "x".repeat(10_001))).rejects.toMatchObject({ status: 422 });
  });

  it("gives no secret: secret() fails, kv() and read() too, and a SECRET input stays sealed", async () => {
    const ctx = await admin();
    await expect(evaluateExpression(ctx, executionId, null, "{{ secret('API_KEY') }}")).rejects.toMatchObject({
      status: 422,
      details: [expect.objectContaining({ message: expect.stringContaining("secrets are not available here") })],
    });
    await expect(evaluateExpression(ctx, executionId, null, "{{ kv('k') }}")).rejects.toMatchObject({ status: 422 });
    const sealed = await evaluateExpression(ctx, executionId, null, "{{ inputs.pin | json }}");
    expect(sealed.result).not.toContain("1234-sealed");
    expect(sealed.result).toContain("aes_encrypted");
  });

  it("needs EXECUTION:READ in the execution's namespace: others get 404, as if it were not there", async () => {
    const ctx = await admin();
    const viewer = await makeUser();
    const sibling = await makeUser();
    const nobody = await makeUser();
    for (const u of [viewer, sibling, nobody]) await grantAccess(ctx, u.username);
    await createBinding(ctx, { user: viewer.username, role: "Viewer", namespace: "team.a" });
    await createBinding(ctx, { user: sibling.username, role: "Developer", namespace: "team.b" });
    expect(await evaluateExpression(await ctxOf(viewer, tenant), executionId, null, "{{ outputs.last.value }}")).toEqual({ result: "done" });
    for (const u of [sibling, nobody]) {
      await expect(evaluateExpression(await ctxOf(u, tenant), executionId, null, "{{ 1 }}")).rejects.toMatchObject({ status: 404 });
    }
  });

  it("another tenant's execution is not there, even for that tenant's admin", async () => {
    const other = await makeUser();
    const otherTenant = (await makeTenant(other)).id;
    const ctx = await ctxOf(other, otherTenant);
    await expect(evaluateExpression(ctx, executionId, null, "{{ 1 }}")).rejects.toMatchObject({ status: 404 });
    await expect(evaluateExpression(ctx, executionId, ids.last, "{{ outputs.last.value }}")).rejects.toMatchObject({ status: 404 });
  });
});
