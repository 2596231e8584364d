import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { MAX_CHAIN_DEPTH } from "@/lib/triggers/flow-triggers";
import { setTriggerDisabled } from "@/lib/triggers/triggers";
import { makeTenant } from "../helpers";
import { emptyQueue } from "../executions/support/data";

// Flow triggers on the real engine in this process: an execution's end starts, in the same
// transaction, the flows of its tenant whose Flow trigger it satisfies. Each test has a tenant of
// its own, so that one test's executions never satisfy another's triggers. An execution that ended
// has already started (or not) what it triggers: "nothing started" is read right after the end.

const NS = "company.team";
const FLOW = "io.kestra.plugin.core.trigger.Flow";
const C = "io.kestra.plugin.core.condition";

let roles: Role[] = [];

beforeAll(async () => {
  await emptyQueue();
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 4, leaseMs: 30_000, heartbeatMs: 500 })];
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
});

async function tenant(): Promise<TenantContext> {
  return tenantContext(cliActor(), (await makeTenant()).id);
}

/** A flow that logs a line and outputs `date`; `fail` makes it end FAILED. */
const source = (id: string, ns = NS, fail = false) => `id: ${id}
namespace: ${ns}
tasks:
  - id: ${fail ? "boom" : "say"}
    type: ${fail ? "io.kestra.plugin.core.execution.Fail" : "io.kestra.plugin.core.debug.Return"}
    ${fail ? "errorMessage: failed on purpose" : 'format: "2026-01-0{{ 1 + 1 }}"'}
outputs:
  - id: date
    type: STRING
    value: "${fail ? "none" : "{{ outputs.say.value }}"}"
`;

/** A flow that returns what its trigger passed on, with `trigger` as its triggers' YAML. */
const target = (id: string, trigger: string, ns = NS, extra = "") => `id: ${id}
namespace: ${ns}
${extra}inputs:
  - id: date
    type: STRING
    defaults: "none"
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.executionId }}|{{ trigger.flowId }}|{{ trigger.state }}|{{ inputs.date }}"
triggers:
${trigger}`;

const run = async (ctx: TenantContext, flowId: string, ns = NS) => {
  const started = await startExecution(ctx, { namespace: ns, flowId });
  return waitForEnd(ctx, started.id, 30_000);
};
const executionsOf = (ctx: TenantContext, flowId: string) =>
  tenantDb(ctx.tenantId).execution.findMany({ where: { flowId }, orderBy: { createdAt: "asc" }, select: { id: true, trigger: true, inputs: true, state: true } });
const logsOf = (ctx: TenantContext, executionId: string) =>
  tenantDb(ctx.tenantId).executionLog.findMany({ where: { executionId }, orderBy: { timestamp: "asc" }, select: { level: true, message: true } });

const afterFlow = (flowId: string, states = "[SUCCESS]", ns = NS) =>
  `  - id: after\n    type: ${FLOW}\n    inputs:\n      date: "{{ trigger.outputs.date }}"\n    preconditions:\n      id: upstream\n      flows:\n        - namespace: ${ns}\n          flowId: ${flowId}\n          states: ${states}\n`;

describe("a Flow trigger", () => {
  it("starts its flow when the upstream execution ends, with trigger.* and the trigger's inputs rendered from them", async () => {
    const ctx = await tenant();
    await createFlow(ctx, source("extract"));
    await createFlow(ctx, target("transform", afterFlow("extract")));
    const a = await run(ctx, "extract");
    expect(a.state.current).toBe("SUCCESS");
    const [b] = await executionsOf(ctx, "transform");
    expect(b, "the triggered execution exists once the upstream one ended").toBeDefined();
    const ended = await waitForEnd(ctx, b.id, 30_000);
    expect(ended.state.current).toBe("SUCCESS");
    expect(ended.trigger).toEqual({
      kind: "flow",
      id: "after",
      variables: { executionId: a.id, namespace: NS, flowId: "extract", flowRevision: 1, state: "SUCCESS", outputs: { date: "2026-01-02" }, executionLabels: [], chainDepth: 1 },
    });
    expect(ended.inputs).toEqual({ date: "2026-01-02" });
    expect(ended.taskRunList[0].outputs).toEqual({ value: `${a.id}|extract|SUCCESS|2026-01-02` });
    expect((await logsOf(ctx, a.id)).map((l) => l.message)).toContainEqual(expect.stringContaining(`started ${NS}.transform (trigger after), execution ${b.id}`));
    // the row remembers the last execution it started
    expect((await tenantDb(ctx.tenantId).trigger.findFirstOrThrow({ where: { flowId: "transform" } })).executionId).toBe(b.id);
  });

  it("filters with ExecutionStatus and ExecutionNamespace (prefix), and with the trigger's states", async () => {
    const ctx = await tenant();
    await createFlow(ctx, source("ok"));
    await createFlow(ctx, source("bad", NS, true));
    await createFlow(ctx, source("elsewhere", "other.place", true));
    await createFlow(
      ctx,
      target(
        "on-failure",
        `  - id: failures\n    type: ${FLOW}\n    conditions:\n      - type: ${C}.ExecutionStatus\n        in: [FAILED, WARNING]\n      - type: ${C}.ExecutionNamespace\n        namespace: company\n        comparison: PREFIX\n`,
        "alerts",
      ),
    );
    await createFlow(ctx, target("only-success", `  - id: states\n    type: ${FLOW}\n    states: [SUCCESS]\n    conditions:\n      - type: ${C}.ExecutionFlow\n        namespace: ${NS}\n        flowId: bad\n`));
    await run(ctx, "ok");
    expect(await executionsOf(ctx, "on-failure")).toHaveLength(0);
    await run(ctx, "elsewhere", "other.place");
    expect(await executionsOf(ctx, "on-failure")).toHaveLength(0);
    const bad = await run(ctx, "bad");
    expect(bad.state.current).toBe("FAILED");
    const triggered = await executionsOf(ctx, "on-failure");
    expect(triggered).toHaveLength(1);
    expect(JSON.parse(triggered[0].trigger!).variables).toMatchObject({ executionId: bad.id, state: "FAILED" });
    // ExecutionFlow names `bad`, but the trigger's states ask for SUCCESS
    expect(await executionsOf(ctx, "only-success")).toHaveLength(0);
  });

  it("with a MultipleCondition over two flows, fires once both ended within the window, and not when the window passed", async () => {
    const ctx = await tenant();
    await createFlow(ctx, source("flow-a"));
    await createFlow(ctx, source("flow-b"));
    const multiple = `  - id: both\n    type: ${FLOW}\n    conditions:\n      - type: ${C}.ExecutionStatus\n        in: [SUCCESS]\n      - id: multiple\n        type: ${C}.MultipleCondition\n        timeWindow:\n          window: PT24H\n        conditions:\n          flow_a:\n            type: ${C}.ExecutionFlow\n            namespace: ${NS}\n            flowId: flow-a\n          flow_b:\n            type: ${C}.ExecutionFlow\n            namespace: ${NS}\n            flowId: flow-b\n`;
    await createFlow(ctx, target("joined", multiple));
    const windows = () => tenantDb(ctx.tenantId).triggerWindow.findMany({});

    await run(ctx, "flow-a");
    await run(ctx, "flow-a");
    expect(await executionsOf(ctx, "joined")).toHaveLength(0);
    expect(await windows()).toMatchObject([{ flowId: "joined", triggerId: "both", conditionId: "multiple" }]);
    const b = await run(ctx, "flow-b");
    const fired = await executionsOf(ctx, "joined");
    expect(fired).toHaveLength(1);
    expect(JSON.parse(fired[0].trigger!).variables.executionId).toBe(b.id);
    // fired: it starts over (resetOnSuccess)
    expect(await windows()).toHaveLength(0);
    await run(ctx, "flow-b");
    expect(await executionsOf(ctx, "joined")).toHaveLength(1);

    // flow-b was met a day ago, in a window that has passed since: flow-a now does not complete it
    const [w] = await windows();
    const day = 86_400_000;
    await tenantDb(ctx.tenantId).triggerWindow.update({
      where: { id: w.id },
      data: {
        windowStart: new Date(w.windowStart.getTime() - day),
        windowEnd: new Date(w.windowEnd.getTime() - day),
        results: JSON.stringify({ flow_b: new Date(Date.now() - day).toISOString() }),
      },
    });
    await run(ctx, "flow-a");
    expect(await executionsOf(ctx, "joined")).toHaveLength(1);
    expect(Object.keys(JSON.parse((await windows())[0].results))).toEqual(["flow_a"]);
  });

  it("with preconditions over two flows and a where filter, fires once all are met", async () => {
    const ctx = await tenant();
    await createFlow(ctx, source("bronze"));
    await createFlow(ctx, source("silver"));
    await createFlow(ctx, source("noisy", "company.noise", true));
    const pre = `  - id: gold\n    type: ${FLOW}\n    preconditions:\n      id: layers\n      flows:\n        - namespace: ${NS}\n          flowId: bronze\n        - namespace: ${NS}\n          flowId: silver\n          states: [SUCCESS]\n      where:\n        - id: failures\n          filters:\n            - field: NAMESPACE\n              type: STARTS_WITH\n              value: company\n            - field: STATE\n              type: IN\n              values: [FAILED]\n      timeWindow:\n        type: SLIDING_WINDOW\n        window: PT1H\n`;
    await createFlow(ctx, target("gold", pre));
    await run(ctx, "bronze");
    await run(ctx, "silver");
    expect(await executionsOf(ctx, "gold")).toHaveLength(0);
    const noisy = await run(ctx, "noisy", "company.noise");
    const fired = await executionsOf(ctx, "gold");
    expect(fired).toHaveLength(1);
    expect(JSON.parse(fired[0].trigger!).variables.executionId).toBe(noisy.id);
  });

  it("starts nothing when disabled in its YAML, through the triggers API, or when its flow is disabled", async () => {
    const ctx = await tenant();
    await createFlow(ctx, source("up"));
    await createFlow(ctx, target("yaml-off", afterFlow("up").replace("    inputs:", "    disabled: true\n    inputs:")));
    await createFlow(ctx, target("api-off", afterFlow("up")));
    await createFlow(ctx, target("flow-off", afterFlow("up"), NS, "disabled: true\n"));
    await createFlow(ctx, target("on", afterFlow("up")));
    await setTriggerDisabled(ctx, { namespace: NS, flowId: "api-off", triggerId: "after" }, true);
    await run(ctx, "up");
    for (const off of ["yaml-off", "api-off", "flow-off"]) expect(await executionsOf(ctx, off), off).toHaveLength(0);
    expect(await executionsOf(ctx, "on")).toHaveLength(1);
    // enabled again, it starts the next time
    await setTriggerDisabled(ctx, { namespace: NS, flowId: "api-off", triggerId: "after" }, false);
    await updateFlow(ctx, NS, "flow-off", target("flow-off", afterFlow("up")), 1);
    await run(ctx, "up");
    expect(await executionsOf(ctx, "api-off")).toHaveLength(1);
    expect(await executionsOf(ctx, "flow-off")).toHaveLength(1);
  });

  it("does not start a flow whose namespace does not allow the upstream one, and says why in the upstream's logs", async () => {
    const ctx = await tenant();
    await createNamespace(ctx, { name: "locked" });
    await updateNamespace(ctx, "locked", { allowedNamespaces: ["partners"] });
    await createNamespace(ctx, { name: "open" });
    await updateNamespace(ctx, "open", { allowedNamespaces: ["company"] });
    await createFlow(ctx, source("up"));
    await createFlow(ctx, target("refused", afterFlow("up"), "locked"));
    await createFlow(ctx, target("admitted", afterFlow("up"), "open"));
    const up = await run(ctx, "up");
    expect(await executionsOf(ctx, "refused")).toHaveLength(0);
    expect(await executionsOf(ctx, "admitted")).toHaveLength(1);
    expect(await logsOf(ctx, up.id)).toContainEqual({ level: "INFO", message: expect.stringContaining("locked.refused (trigger after) not started: namespace locked does not allow company.team") });
  });

  it("does not start a flow whose inputs the trigger's values fail, and says why in the upstream's logs", async () => {
    const ctx = await tenant();
    await createFlow(ctx, source("up"));
    await createFlow(
      ctx,
      `id: typed\nnamespace: ${NS}\ninputs:\n  - id: count\n    type: INT\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ inputs.count }}"\ntriggers:\n  - id: after\n    type: ${FLOW}\n    inputs:\n      count: "{{ trigger.outputs.date }}"\n    preconditions:\n      id: upstream\n      flows:\n        - namespace: ${NS}\n          flowId: up\n`,
    );
    const up = await run(ctx, "up");
    expect(up.state.current).toBe("SUCCESS");
    expect(await executionsOf(ctx, "typed")).toHaveLength(0);
    expect(await logsOf(ctx, up.id)).toContainEqual({ level: "WARN", message: expect.stringContaining(`${NS}.typed (trigger after) not started:`) });
  });

  it("never starts a flow of another tenant, however alike their namespaces and flows", async () => {
    const one = await tenant();
    const two = await tenant();
    for (const ctx of [one, two]) {
      await createFlow(ctx, source("extract"));
      await createFlow(ctx, target("transform", afterFlow("extract")));
    }
    await run(one, "extract");
    expect(await executionsOf(one, "transform")).toHaveLength(1);
    expect(await executionsOf(two, "transform")).toHaveLength(0);
    expect(await executionsOf(two, "extract")).toHaveLength(0);
  });

  it("filters with Or over HasRetryAttempt and ExecutionLabels, and with ExecutionLabels alone", async () => {
    const ctx = await tenant();
    // fails its first attempt, succeeds on the retry: a task run with two attempts, FAILED then SUCCESS
    await createFlow(
      ctx,
      `id: flaky\nnamespace: ${NS}\ntasks:\n  - id: flaky\n    type: io.kestra.plugin.core.execution.Fail\n    condition: "{{ taskrun.attemptsCount < 1 }}"\n    retry:\n      type: constant\n      interval: PT0.1S\n      maxAttempts: 3\n`,
    );
    await createFlow(ctx, source("plain"));
    await createFlow(ctx, `${source("urgent")}labels:\n  team: urgent\n  env: prod\n`);
    await createFlow(
      ctx,
      target(
        "retried-or-urgent",
        `  - id: watch\n    type: ${FLOW}\n    conditions:\n      - type: ${C}.Or\n        conditions:\n          - type: ${C}.HasRetryAttempt\n            in: [FAILED]\n          - type: io.kestra.core.models.conditions.types.ExecutionLabelsCondition\n            labels:\n              team: urgent\n`,
      ),
    );
    await createFlow(ctx, target("prod-only", `  - id: prod\n    type: ${FLOW}\n    conditions:\n      - type: ${C}.ExecutionLabels\n        labels:\n          - key: env\n            value: prod\n`));

    const plain = await run(ctx, "plain");
    expect(plain.state.current).toBe("SUCCESS");
    expect(await executionsOf(ctx, "retried-or-urgent")).toHaveLength(0);
    expect(await executionsOf(ctx, "prod-only")).toHaveLength(0);

    const flaky = await run(ctx, "flaky");
    expect(flaky.state.current).toBe("SUCCESS");
    expect(flaky.taskRunList[0].attempts.map((a) => a.state.current)).toEqual(["FAILED", "SUCCESS"]);
    const retried = await executionsOf(ctx, "retried-or-urgent");
    expect(retried.map((e) => JSON.parse(e.trigger!).variables.executionId)).toEqual([flaky.id]);
    expect(await executionsOf(ctx, "prod-only")).toHaveLength(0);

    const urgent = await run(ctx, "urgent");
    expect((await executionsOf(ctx, "retried-or-urgent")).map((e) => JSON.parse(e.trigger!).variables.executionId)).toEqual([flaky.id, urgent.id]);
    expect((await executionsOf(ctx, "prod-only")).map((e) => JSON.parse(e.trigger!).variables.executionId)).toEqual([urgent.id]);
  });

  it("does not start a flow whose date condition cannot be read, and says why in the upstream execution's logs", async () => {
    const ctx = await tenant();
    await createFlow(ctx, source("extract"));
    await createFlow(ctx, target("weekends", `  - id: weekend\n    type: ${FLOW}\n    conditions:\n      - type: ${C}.Weekend\n`));
    await createFlow(ctx, target("on-date", `  - id: dated\n    type: ${FLOW}\n    conditions:\n      - type: ${C}.Weekend\n        date: "{{ trigger.outputs.date }}"\n`));
    await createFlow(ctx, target("not-weekend", `  - id: dated\n    type: ${FLOW}\n    conditions:\n      - type: ${C}.Not\n        conditions:\n          - type: ${C}.Weekend\n            date: "{{ trigger.outputs.date }}"\n`));
    const a = await run(ctx, "extract");
    // a Flow trigger has no trigger.date: the default date cannot be rendered
    expect(await executionsOf(ctx, "weekends")).toHaveLength(0);
    expect(await logsOf(ctx, a.id)).toContainEqual({ level: "WARN", message: expect.stringMatching(/weekends \(trigger weekend\) not started: Weekend: "date" cannot be rendered/) });
    // the upstream's output date, 2026-01-02, is a Friday
    expect(await executionsOf(ctx, "on-date")).toHaveLength(0);
    expect(await executionsOf(ctx, "not-weekend")).toHaveLength(1);
  });

  it(`stops a flow that triggers itself after ${MAX_CHAIN_DEPTH} executions, with an ERROR in the last one's logs`, async () => {
    const ctx = await tenant();
    await createFlow(ctx, `id: loop\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: again\ntriggers:\n  - id: again\n    type: ${FLOW}\n    preconditions:\n      id: self\n      flows:\n        - namespace: ${NS}\n          flowId: loop\n`);
    const first = await run(ctx, "loop");
    expect(first.state.current).toBe("SUCCESS");
    const chain = await (async () => {
      for (;;) {
        const all = await executionsOf(ctx, "loop");
        const last = all.at(-1)!;
        if (all.length > MAX_CHAIN_DEPTH) {
          await waitForEnd(ctx, last.id, 30_000);
          return executionsOf(ctx, "loop");
        }
        await waitForEnd(ctx, last.id, 30_000);
        if ((await executionsOf(ctx, "loop")).length === all.length) return all;
      }
    })();
    expect(chain).toHaveLength(MAX_CHAIN_DEPTH + 1);
    expect(JSON.parse(chain.at(-1)!.trigger!).variables.chainDepth).toBe(MAX_CHAIN_DEPTH);
    expect(await logsOf(ctx, chain.at(-1)!.id)).toContainEqual({ level: "ERROR", message: expect.stringContaining(`${MAX_CHAIN_DEPTH} flow-triggered executions already follow one another`) });
  }, 120_000);
});
