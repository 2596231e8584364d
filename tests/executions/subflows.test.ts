import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { killExecution, restartExecution, searchExecutions, startExecution } from "@/lib/executions/executions";
import { InternalStorage } from "@/lib/executions/internal-storage";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { loadState, toExecution } from "@/lib/executions/store";
import { type EngineState, isTerminal } from "@/lib/executions/types";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/executions/search/route";
import { call, makeTenant, makeUser, request, tokenOf } from "../helpers";
import { emptyQueue, until } from "./support/data";

// Subflow and ForEachItem with the real executor and worker in this process: the child is an
// execution of the caller's tenant, created with the step that decided it, its outputs passed
// back when it ends; the run-time checks refuse what the caller may not start, with no child row.

let roles: Role[] = [];
let ctx: TenantContext;
let otherCtx: TenantContext;

beforeAll(async () => {
  await emptyQueue();
  resetEngine();
  roles = [runExecutor({ pollMs: 200 }), runWorker({ concurrency: 2, pollMs: 200 })];
  ctx = await tenantContext(cliActor(), (await makeTenant()).id);
  otherCtx = await tenantContext(cliActor(), (await makeTenant()).id);
});

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
});

const yaml = (lines: string[]) => `${lines.join("\n")}\n`;

const stateOf = (tenantId: string, id: string) => tenantDb(tenantId).$transaction((tx) => loadState(tx, id));

async function ended(tenantId: string, id: string, ms = 60_000): Promise<EngineState> {
  return until(async () => {
    const s = await stateOf(tenantId, id);
    return s && isTerminal(s.execution.state) ? s : null;
  }, ms, `execution ${id} to end`);
}

async function childrenOf(tenantId: string, parentId: string) {
  const rows = await tenantDb(tenantId).execution.findMany({ where: { parentId }, orderBy: { createdAt: "asc" } });
  return rows.map(toExecution);
}

async function logsOf(tenantId: string, executionId: string) {
  return (await tenantDb(tenantId).executionLog.findMany({ where: { executionId }, orderBy: { id: "asc" } })).map((l) => l.message);
}

describe("Subflow", () => {
  it("runs the child in the same tenant with rendered inputs and inherited labels, and passes its outputs back", async () => {
    await createFlow(ctx, yaml([
      "id: greeter",
      "namespace: company.child",
      "inputs:",
      "  - id: name",
      "    type: STRING",
      "tasks:",
      "  - id: hello",
      "    type: io.kestra.plugin.core.debug.Return",
      "    format: \"hello {{ inputs.name }} from {{ trigger.namespace }}.{{ trigger.flowId }} ({{ trigger.executionId }})\"",
      "outputs:",
      "  - id: greeting",
      "    type: STRING",
      "    value: \"{{ outputs.hello.value }}\"",
    ]));
    await createFlow(ctx, yaml([
      "id: caller",
      "namespace: company.team",
      "labels:",
      "  team: blue",
      "inputs:",
      "  - id: who",
      "    type: STRING",
      "tasks:",
      "  - id: call",
      "    type: io.kestra.plugin.core.flow.Subflow",
      "    namespace: company.child",
      "    flowId: greeter",
      "    inheritLabels: true",
      "    labels:",
      "      origin: caller",
      "    inputs:",
      "      name: \"{{ inputs.who | upper }}\"",
      "  - id: after",
      "    type: io.kestra.plugin.core.debug.Return",
      "    format: \"{{ outputs.call.outputs.greeting }}\"",
    ]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "caller", inputs: { who: "ada" } });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("SUCCESS");
    const [child] = await childrenOf(ctx.tenantId, parent.id);
    expect(child).toMatchObject({ tenantId: ctx.tenantId, namespace: "company.child", flowId: "greeter", state: "SUCCESS", inputs: { name: "ADA" }, parentId: parent.id });
    expect(child.trigger).toMatchObject({ kind: "subflow", id: "call", variables: { executionId: parent.id, namespace: "company.team", flowId: "caller", flowRevision: 1 } });
    expect(child.labels).toEqual(expect.arrayContaining([{ key: "team", value: "blue" }, { key: "origin", value: "caller" }]));
    const greeting = `hello ADA from company.team.caller (${parent.id})`;
    expect(child.outputs).toEqual({ greeting });
    const call = done.taskRuns.find((t) => t.taskId === "call")!;
    expect(call).toMatchObject({ state: "SUCCESS", outputs: { executionId: child.id, state: "SUCCESS", outputs: { greeting } } });
    expect(done.taskRuns.find((t) => t.taskId === "after")!.outputs).toEqual({ value: greeting });
    // the search's parentId filter finds it
    const found = await searchExecutions(ctx, { parentId: parent.id }, { page: 1, size: 10 });
    expect(found.results.map((e) => e.id)).toEqual([child.id]);
    // started by the parent, in the tenant's audit log
    const entry = await tenantDb(ctx.tenantId).auditLog.findFirst({ where: { resourceType: "EXECUTION", resourceId: child.id, action: "CREATE" } });
    expect(entry?.actorName).toBe(`execution ${parent.id}`);
  });

  it("the search API lists the executions one started (triggerExecutionId), in the caller's tenant only", async () => {
    const admin = await makeUser();
    const tenant = await makeTenant(admin);
    const stranger = await makeTenant(admin);
    const actx = await tenantContext(cliActor(), tenant.id);
    await createFlow(actx, yaml(["id: leaf", "namespace: company.child", "tasks:", "  - id: l", "    type: io.kestra.plugin.core.log.Log", "    message: hi"]));
    await createFlow(actx, yaml(["id: root", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.child", "    flowId: leaf"]));
    const parent = await startExecution(actx, { namespace: "company.team", flowId: "root" });
    await ended(tenant.id, parent.id);
    const [child] = await childrenOf(tenant.id, parent.id);
    const token = await tokenOf(admin);
    const mine = await call(searchRoute, request("GET", `/api/v1/${tenant.id}/executions/search?triggerExecutionId=${parent.id}`, { token }), { tenant: tenant.id });
    expect(mine.status).toBe(200);
    expect(mine.json.results.map((e: { id: string; parentId: string }) => [e.id, e.parentId])).toEqual([[child.id, parent.id]]);
    const theirs = await call(searchRoute, request("GET", `/api/v1/${stranger.id}/executions/search?triggerExecutionId=${parent.id}`, { token }), { tenant: stranger.id });
    expect(theirs.status).toBe(200);
    expect(theirs.json.results).toEqual([]);
  });

  it("does not inherit labels by default; wait: false succeeds at once and the child still runs", async () => {
    await createFlow(ctx, yaml([
      "id: fire_and_forget",
      "namespace: company.team",
      "labels:",
      "  team: red",
      "tasks:",
      "  - id: call",
      "    type: io.kestra.plugin.core.flow.Subflow",
      "    namespace: company.child",
      "    flowId: greeter",
      "    wait: false",
      "    inputs:",
      "      name: x",
    ]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "fire_and_forget" });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("SUCCESS");
    const [child] = await childrenOf(ctx.tenantId, parent.id);
    expect(done.taskRuns[0].outputs).toEqual({ executionId: child.id });
    expect(child.labels.some((l) => l.key === "team")).toBe(false);
    expect((await ended(ctx.tenantId, child.id)).execution.state).toBe("SUCCESS");
  });

  it("fails the task run when the target namespace does not allow the caller's, and creates no child", async () => {
    await createNamespace(ctx, { name: "closed" });
    await createFlow(ctx, yaml(["id: inner", "namespace: closed", "tasks:", "  - id: l", "    type: io.kestra.plugin.core.log.Log", "    message: hi"]));
    await createFlow(ctx, yaml(["id: knocks", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: closed", "    flowId: inner"]));
    // restricted after the caller was saved: the run-time check holds
    await updateNamespace(ctx, "closed", { allowedNamespaces: ["finance"] });
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "knocks" });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("FAILED");
    expect(await childrenOf(ctx.tenantId, parent.id)).toEqual([]);
    expect(await logsOf(ctx.tenantId, parent.id)).toContain("Subflow closed.inner: namespace closed does not allow company.team to use its flows as subflows");
  });

  it("looks the child up in the caller's tenant only: another tenant's flow of the same name is never started", async () => {
    await createFlow(otherCtx, yaml(["id: theirs", "namespace: company.shared", "tasks:", "  - id: l", "    type: io.kestra.plugin.core.log.Log", "    message: hi"]));
    await createFlow(ctx, yaml(["id: reaches", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.shared", "    flowId: theirs"]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "reaches" });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("FAILED");
    expect(await logsOf(ctx.tenantId, parent.id)).toContain("Subflow company.shared.theirs: no such flow");
    expect(await childrenOf(ctx.tenantId, parent.id)).toEqual([]);
    expect(await tenantDb(otherCtx.tenantId).execution.count({ where: { flowId: "theirs" } })).toBe(0);
  });

  it("runs the revision asked for", async () => {
    const version = (v: string) =>
      yaml(["id: versioned", "namespace: company.child", "tasks:", "  - id: r", "    type: io.kestra.plugin.core.debug.Return", `    format: ${v}`, "outputs:", "  - id: v", "    type: STRING", '    value: "{{ outputs.r.value }}"']);
    await createFlow(ctx, version("one"));
    await updateFlow(ctx, "company.child", "versioned", version("two"), 1);
    await createFlow(ctx, yaml(["id: pinned", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.child", "    flowId: versioned", "    revision: 1"]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "pinned" });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.taskRuns[0].outputs).toMatchObject({ state: "SUCCESS", outputs: { v: "one" } });
    const [child] = await childrenOf(ctx.tenantId, parent.id);
    expect(child.flowRevision).toBe(1);
  });

  it("fails the task run when the called flow is disabled, and creates no child", async () => {
    await createFlow(ctx, yaml(["id: switched_off", "namespace: company.child", "disabled: true", "tasks:", "  - id: l", "    type: io.kestra.plugin.core.log.Log", "    message: hi"]));
    await createFlow(ctx, yaml(["id: calls_off", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.child", "    flowId: switched_off"]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "calls_off" });
    expect((await ended(ctx.tenantId, parent.id)).execution.state).toBe("FAILED");
    expect(await childrenOf(ctx.tenantId, parent.id)).toEqual([]);
    expect(await logsOf(ctx.tenantId, parent.id)).toContain("Subflow company.child.switched_off is disabled: a disabled flow runs nothing");
  });

  it("fails the task run with the input's error when the child's inputs are refused", async () => {
    await createFlow(ctx, yaml(["id: typed", "namespace: company.child", "inputs:", "  - id: n", "    type: INT", "tasks:", "  - id: l", "    type: io.kestra.plugin.core.log.Log", "    message: \"{{ inputs.n }}\""]));
    await createFlow(ctx, yaml(["id: bad_input", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.child", "    flowId: typed", "    inputs:", "      n: not-a-number"]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "bad_input" });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("FAILED");
    expect(await childrenOf(ctx.tenantId, parent.id)).toEqual([]);
    expect((await logsOf(ctx.tenantId, parent.id)).some((m) => m.startsWith("Subflow company.child.typed: Invalid input") && m.includes('input "n"'))).toBe(true);
  });

  it("stops a cycle of flows at the depth limit", async () => {
    const caller = (id: string, target: string) =>
      yaml([`id: ${id}`, "namespace: company.loop", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.loop", `    flowId: ${target}`]);
    await createFlow(ctx, caller("ping", "pong"));
    await createFlow(ctx, caller("pong", "ping"));
    const root = await startExecution(ctx, { namespace: "company.loop", flowId: "ping" });
    const done = await ended(ctx.tenantId, root.id, 120_000);
    expect(done.execution.state).toBe("FAILED");
    const all = (await tenantDb(ctx.tenantId).execution.findMany({ where: { namespace: "company.loop" } })).map(toExecution);
    // the root and ten levels of children, every one ended FAILED
    expect(all).toHaveLength(11);
    expect(all.every((e) => e.state === "FAILED")).toBe(true);
    const deepest = all.find((e) => e.trigger?.depth === 10)!;
    expect((await logsOf(ctx.tenantId, deepest.id)).some((m) => m.startsWith("Subflow depth limit (10) reached: company.loop."))).toBe(true);
  });

  it("a restarted parent starts its failed Subflow again as a new child", async () => {
    const source = (fail: boolean) =>
      yaml(["id: flaky", "namespace: company.child", "tasks:", "  - id: maybe", "    type: io.kestra.plugin.core.execution.Fail", `    condition: "${fail}"`]);
    await createFlow(ctx, source(true));
    await createFlow(ctx, yaml(["id: retries", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.child", "    flowId: flaky"]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "retries" });
    expect((await ended(ctx.tenantId, parent.id)).execution.state).toBe("FAILED");
    await updateFlow(ctx, "company.child", "flaky", source(false), 1);
    await restartExecution(ctx, parent.id);
    const done = await until(async () => {
      const s = await stateOf(ctx.tenantId, parent.id);
      return s && s.execution.state === "SUCCESS" ? s : null;
    }, 60_000, "the restarted parent to succeed");
    const children = await childrenOf(ctx.tenantId, parent.id);
    expect(children.map((c) => c.state)).toEqual(["FAILED", "SUCCESS"]);
    expect(done.taskRuns[0].outputs).toMatchObject({ executionId: children[1].id, state: "SUCCESS" });
  });

  it("a killed parent kills its running child", async () => {
    await createFlow(ctx, yaml(["id: waits", "namespace: company.child", "tasks:", "  - id: hold", "    type: io.kestra.plugin.core.flow.Pause"]));
    await createFlow(ctx, yaml(["id: kill_me", "namespace: company.team", "tasks:", "  - id: call", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: company.child", "    flowId: waits"]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "kill_me" });
    const child = await until(async () => {
      const [c] = await childrenOf(ctx.tenantId, parent.id);
      return c?.state === "PAUSED" ? c : null;
    }, 60_000, "the child to pause");
    await killExecution(ctx, parent.id);
    expect((await ended(ctx.tenantId, parent.id)).execution.state).toBe("KILLED");
    expect((await ended(ctx.tenantId, child.id)).execution.state).toBe("KILLED");
  });
});

describe("ForEachItem", () => {
  it("starts one child per batch of rows with its batch file, counts them and merges their outputs", async () => {
    await createFlow(ctx, yaml([
      "id: batch_worker",
      "namespace: company.child",
      "inputs:",
      "  - id: part",
      "    type: FILE",
      "tasks:",
      "  - id: read_it",
      "    type: io.kestra.plugin.core.debug.Return",
      "    format: \"{{ read(inputs.part) | trim }}\"",
      "outputs:",
      "  - id: text",
      "    type: STRING",
      "    value: \"{{ outputs.read_it.value }}\"",
    ]));
    await createFlow(ctx, yaml([
      "id: fan_out",
      "namespace: company.team",
      "inputs:",
      "  - id: file",
      "    type: FILE",
      "tasks:",
      "  - id: each",
      "    type: io.kestra.plugin.core.flow.ForEachItem",
      "    items: \"{{ inputs.file }}\"",
      "    batch:",
      "      rows: 2",
      "    namespace: company.child",
      "    flowId: batch_worker",
      "    inputs:",
      "      part: \"{{ taskrun.items }}\"",
    ]));
    const lines = ["one", "two", "three", "four", "five"];
    const parent = await startExecution(ctx, {
      namespace: "company.team",
      flowId: "fan_out",
      inputs: { file: { filename: "lines.txt", body: new TextEncoder().encode(`${lines.join("\n")}\n`) } },
    });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("SUCCESS");
    expect(done.taskRuns.map((t) => `${t.taskId}: ${t.state}`)).toEqual(["each: SUCCESS", "each_split: SUCCESS", "each_items: SUCCESS", "each_merge: SUCCESS"]);
    const children = await childrenOf(ctx.tenantId, parent.id);
    expect(children).toHaveLength(3); // ceil(5 / 2)
    const byIteration = children.sort((a, b) => Number(a.trigger?.iteration) - Number(b.trigger?.iteration));
    expect(byIteration.map((c) => c.outputs)).toEqual([{ text: "one\ntwo" }, { text: "three\nfour" }, { text: "five" }]);
    const each = done.taskRuns.find((t) => t.taskId === "each")!;
    expect(each.outputs).toMatchObject({ numberOfBatches: 3, iterations: { SUCCESS: 3 } });
    const merged = await new InternalStorage(ctx.db, "company.team").get(String(each.outputs!.uri));
    expect(new TextDecoder().decode(merged!).trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ text: "one\ntwo" }, { text: "three\nfour" }, { text: "five" }]);
  });

  it("refuses more batches than the executor's task-run bound, starting nothing", async () => {
    await createFlow(ctx, yaml([
      "id: fan_too_wide",
      "namespace: company.team",
      "inputs:",
      "  - id: file",
      "    type: FILE",
      "tasks:",
      "  - id: each",
      "    type: io.kestra.plugin.core.flow.ForEachItem",
      "    items: \"{{ inputs.file }}\"",
      "    namespace: company.child",
      "    flowId: batch_worker",
      "    inputs:",
      "      part: \"{{ taskrun.items }}\"",
    ]));
    const body = new TextEncoder().encode("x\n".repeat(10_001));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "fan_too_wide", inputs: { file: { filename: "many.txt", body } } });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("FAILED");
    expect(await childrenOf(ctx.tenantId, parent.id)).toEqual([]);
    expect(await logsOf(ctx.tenantId, parent.id)).toContain("the items make 10001 batches, more than the limit of 10000 (limits.maxTaskRuns): use larger batches");
  });

  it("refuses items that are not a file of the execution, starting nothing", async () => {
    await createFlow(ctx, yaml([
      "id: fan_nowhere",
      "namespace: company.team",
      "tasks:",
      "  - id: each",
      "    type: io.kestra.plugin.core.flow.ForEachItem",
      "    items: kestra:///company/team/other/executions/x/inputs/f.txt",
      "    namespace: company.child",
      "    flowId: batch_worker",
    ]));
    const parent = await startExecution(ctx, { namespace: "company.team", flowId: "fan_nowhere" });
    const done = await ended(ctx.tenantId, parent.id);
    expect(done.execution.state).toBe("FAILED");
    expect(await childrenOf(ctx.tenantId, parent.id)).toEqual([]);
    expect((await logsOf(ctx.tenantId, parent.id)).some((m) => m.includes("is not a file of this execution"))).toBe(true);
  });
});
