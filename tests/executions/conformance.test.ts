import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { TenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { followExecution, killExecution, resumeExecution, startExecution } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { type Role, resetEngine, runExecutor, runScheduler, runWorker } from "@/lib/executions/processes";
import { loadState } from "@/lib/executions/store";
import { type EngineState, isTerminal } from "@/lib/executions/types";
import { variablesFor } from "@/lib/executions/variables";
import { createFlow } from "@/lib/flows/flows";
import { ctxOf, makeTenant, makeUser } from "../helpers";
import { type ConformanceCase, loadCorpus } from "./conformance-format";
import { emptyQueue } from "./support/data";

// The conformance corpus (tests/executions/conformance/*.yaml) run through the real engine: the
// flow saved as a user saves it, started through the domain function the API calls, advanced by the
// executor, worker and scheduler loops running in this process on the suite's database (SQLite or
// PostgreSQL), with the corpus's resume and kill events sent once the awaited task run gets there.
// Each case's final state, task runs, attempts, outputs, flow outputs and logs are compared with
// what the orchestrator's documentation says.

const corpus = loadCorpus();
let ctx: TenantContext;
let roles: Role[] = [];

beforeAll(async () => {
  await emptyQueue();
  const admin = await makeUser();
  const tenant = await makeTenant(admin);
  ctx = await ctxOf(admin, tenant.id);
  installEngine();
  roles = [
    runExecutor({ pollMs: 100 }),
    runWorker({ concurrency: 8, pollMs: 100, heartbeatMs: 1_000, leaseMs: 30_000 }),
    runScheduler({ pollMs: 100 }),
  ];
});

afterAll(async () => {
  closeFollowers();
  await Promise.all(roles.map((r) => r.stop()));
  resetEngine();
});

type Snapshot = { state: { current: string }; taskRunList: { taskId: string; state: { current: string } }[] };

/** Follows the execution (the stream the SSE route sends) until `until` holds; fails if it ends first. */
async function reach(executionId: string, until: (e: Snapshot) => boolean, what: string): Promise<void> {
  const stop = new AbortController();
  for await (const e of followExecution(ctx, executionId, stop.signal)) {
    if (until(e as unknown as Snapshot)) {
      stop.abort();
      return;
    }
  }
  throw new Error(`the execution ended before ${what}`);
}

/** The value inside `outputs` for a task, keyed by loop values as `outputs.<id>[value]` reads them. */
function outputsOf(flow: Record<string, unknown>, state: EngineState): Record<string, unknown> {
  return (variablesFor(flow, state, null).outputs ?? {}) as Record<string, unknown>;
}

async function run(c: ConformanceCase) {
  const flow = await createFlow(ctx, c.flow);
  const started = await startExecution(ctx, { namespace: flow.namespace, flowId: flow.id, inputs: c.inputs ?? {}, trigger: { kind: "api" } });
  for (const event of c.events ?? []) {
    const waitFor = event.type === "resume" ? ["PAUSED"] : ["RUNNING", "PAUSED"];
    await reach(
      started.id,
      (e) => e.taskRunList.some((t) => t.taskId === event.after && waitFor.includes(t.state.current)),
      `${event.after} was ${waitFor.join(" or ")}`,
    );
    if (event.type === "resume") await resumeExecution(ctx, started.id, event.inputs ?? {});
    else await killExecution(ctx, started.id);
  }
  // the end, and the afterExecution tasks that run after it
  await reach(started.id, (e) => isTerminal(e.state.current as never) && e.taskRunList.every((t) => isTerminal(t.state.current as never)), "its end");
  const state = (await tenantDb(ctx.tenantId).$transaction((tx) => loadState(tx, started.id)))!;
  const logs = await tenantDb(ctx.tenantId).executionLog.findMany({ where: { executionId: started.id }, select: { message: true } });
  return { state, logs: logs.map((l) => l.message), parsed: flowParsed(c.flow) };
}

const flowParsed = (source: string) => parse(source) as Record<string, unknown>;

/** The states of a task's runs, in loop-value order (creation order within one parent). */
function statesOf(state: EngineState, taskId: string): string[] {
  return state.taskRuns
    .filter((t) => t.taskId === taskId)
    .sort((a, b) => a.seq - b.seq)
    .map((t) => t.state);
}

describe.concurrent("the conformance corpus on the real engine", () => {
  for (const { file, case: c } of corpus) {
    it(`${file}: ${c.description.split(". Doc:")[0].slice(0, 120)}`, { timeout: 180_000 }, async () => {
      const { state, logs, parsed } = await run(c);
      const summary = state.taskRuns
        .slice()
        .sort((a, b) => a.seq - b.seq)
        .map((t) => `${t.taskId}${t.value !== null ? `[${t.value}]` : ""}=${t.state}`)
        .join(", ");
      const where = `${file} ended ${state.execution.state} with ${state.taskRuns.length} task runs: ${summary}`;
      expect(state.execution.state, where).toBe(c.expect.state);
      expect(state.taskRuns.length, where).toBe(c.expect.taskRunCount);
      for (const [taskId, expected] of Object.entries(c.expect.taskRuns)) {
        const got = statesOf(state, taskId);
        if (Array.isArray(expected)) expect(got, `${where}; runs of ${taskId}`).toEqual(expected);
        else expect(got, `${where}; the run of ${taskId}`).toEqual([expected]);
      }
      for (const [taskId, expected] of Object.entries(c.expect.attempts ?? {})) {
        const got = state.taskRuns.filter((t) => t.taskId === taskId).sort((a, b) => a.seq - b.seq).map((t) => t.attempts.length);
        expect(got, `${where}; attempts of ${taskId}`).toEqual(Array.isArray(expected) ? expected : [expected]);
      }
      if (c.expect.outputs) {
        const outputs = outputsOf(parsed, state);
        expect(outputs, `${where}; outputs`).toMatchObject(c.expect.outputs);
      }
      if (c.expect.flowOutputs) expect(state.execution.outputs ?? {}, `${where}; flow outputs`).toMatchObject(c.expect.flowOutputs);
      for (const text of c.expect.logsContain ?? []) {
        expect(logs.some((l) => l.includes(text)), `${where}; a log line with ${JSON.stringify(text)} among ${JSON.stringify(logs.slice(0, 20))}`).toBe(true);
      }
    });
  }
});
