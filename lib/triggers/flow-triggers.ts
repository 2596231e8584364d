import type { Actor } from "@/lib/authz/actor";
import { buildContext } from "@/lib/authz/context";
import type { TenantDb, Tx } from "@/lib/db";
import { prepareExecution, writeNewExecution } from "@/lib/executions/executions";
import type { Execution, LogLevel } from "@/lib/executions/types";
import { render as renderTemplate } from "@/lib/expressions";
import { isAllowed, parseAllowed } from "@/lib/namespaces/chain";
import { FLOW_TYPES } from "./definition";
import { labelList, renderedInputs } from "./fire";
import {
  type ExpressionTest,
  type FlowTriggerDefinition,
  type SourceExecution,
  type WindowCondition,
  type Render,
  advanceWindow,
  conditionVerdict,
  isStateless,
  metBy,
  plainConditions,
  statesHold,
  windowConditions,
} from "./flow-conditions";

// The executor's part for Flow triggers: when an execution ends, inside the transaction of its
// final step (a tenant-bound one), every flow of the same tenant whose Flow trigger it satisfies
// starts. Candidates come from the tenant's Trigger rows of the Flow type (one indexed query), never
// from the flows' YAML. A flow in another namespace starts only if its namespace allows the
// source's (§6); a chain of flow-triggered executions stops at MAX_CHAIN_DEPTH.

/** How many flow-triggered executions may follow one another (A -> B -> A ... or a flow triggering itself). */
export const MAX_CHAIN_DEPTH = 20;

const triggerActor = (): Actor => ({
  userId: null,
  username: "flow-trigger",
  displayName: "Flow trigger",
  superadmin: false,
  canCreateTenant: false,
  via: "engine",
  system: true,
});

/** How deep in a chain of flow triggers an execution is: 0 when something else started it. */
export function chainDepthOf(e: Pick<Execution, "trigger">): number {
  if (e.trigger?.kind !== "flow") return 0;
  const depth = Number(e.trigger.variables?.chainDepth);
  return Number.isInteger(depth) && depth > 0 ? depth : 1;
}

/** `trigger.*` of an execution a Flow trigger started, as the orchestrator documents them. */
export function triggerVariables(e: Execution): Record<string, unknown> {
  return {
    executionId: e.id,
    namespace: e.namespace,
    flowId: e.flowId,
    flowRevision: e.flowRevision,
    state: e.state,
    outputs: e.outputs ?? {},
    executionLabels: e.labels,
    chainDepth: chainDepthOf(e) + 1,
  };
}

type Row = { id: string; namespace: string; flowId: string; triggerId: string; definition: string };

/** Starts the flows whose Flow triggers the ended execution satisfies; answers how many it started. */
export async function startTriggeredFlows(tx: Tx, execution: Execution, now = new Date()): Promise<number> {
  const rows: Row[] = await tx.trigger.findMany({
    where: { type: { in: [...FLOW_TYPES] }, disabled: false, flow: { deleted: false, disabled: false } },
    select: { id: true, namespace: true, flowId: true, triggerId: true, definition: true },
    // one order for every transaction: the rows each one locks below never deadlock
    orderBy: { id: "asc" },
  });
  if (rows.length === 0) return 0;
  let attempts: Promise<string[][]> | null = null;
  // HasRetryAttempt reads the task runs' attempts: loaded once, and only when a condition asks
  const attemptStates = () => (attempts ??= attemptStatesOf(tx, execution.tenantId, execution.id));
  const source: SourceExecution = { ...execution, outputs: execution.outputs ?? null, attemptStates };
  const variables = triggerVariables(execution);
  const logs: { level: LogLevel; message: string }[] = [];
  const admits = allowedNamespaces(tx, execution.namespace);
  let started = 0;
  for (const row of rows) {
    const def = JSON.parse(row.definition) as FlowTriggerDefinition;
    if (def.disabled === true || (def.disabled as unknown) === "true") continue;
    const flow = { id: row.flowId, namespace: row.namespace, tenantId: execution.tenantId };
    const scope = { trigger: variables, execution: { id: execution.id, state: execution.state, outputs: execution.outputs ?? {} }, flow };
    const test = expressionTest(scope);
    const render = async (template: string) => (await renderTemplate(template, scope)).output;
    const target = `${row.namespace}.${row.flowId} (trigger ${row.triggerId})`;
    if (!statesHold(def, source)) continue;
    const plain = await plainHold(def, source, test, render);
    if (plain !== true) {
      if (plain) logs.push({ level: "WARN", message: `Flow trigger: ${target} not started: ${plain.error}` });
      continue;
    }
    const windows = windowConditions(def);
    const met = await Promise.all(windows.map((w) => metBy(w, source, test, render)));
    if (windows.length && met.every((m) => m.length === 0)) continue;
    if (!(await admits(row.namespace))) {
      logs.push({ level: "INFO", message: `Flow trigger: ${target} not started: namespace ${row.namespace} does not allow ${execution.namespace} to use its flows` });
      continue;
    }
    if (chainDepthOf(execution) + 1 > MAX_CHAIN_DEPTH) {
      logs.push({ level: "ERROR", message: `Flow trigger: ${target} not started: ${MAX_CHAIN_DEPTH} flow-triggered executions already follow one another (a loop of Flow triggers?)` });
      continue;
    }
    // a window kept in the database: the trigger's row is locked until the commit, so two executions
    // ending at once count in it one after the other
    if (!windows.every(isStateless)) await tx.trigger.update({ where: { id: row.id }, data: { updatedAt: now } });
    if (!(await windowsComplete(tx, execution.tenantId, row, windows, met, now))) continue;
    const id = await startOne(tx, execution, row, def, variables, flow);
    if (typeof id === "string") {
      await tx.trigger.update({ where: { id: row.id }, data: { executionId: id } });
      logs.push({ level: "INFO", message: `Flow trigger: started ${target}, execution ${id}` });
      started++;
    } else {
      logs.push({ level: "WARN", message: `Flow trigger: ${target} not started: ${id.error}` });
    }
  }
  if (logs.length) {
    await tx.executionLog.createMany({
      data: logs.map((l) => ({
        tenantId: execution.tenantId,
        namespace: execution.namespace,
        flowId: execution.flowId,
        executionId: execution.id,
        taskRunId: null,
        taskId: null,
        attempt: null,
        level: l.level,
        timestamp: now,
        message: l.message,
      })),
    });
  }
  return started;
}

/** ExpressionCondition and EXPRESSION filters: rendered against the trigger's variables; an error is "not met". */
function expressionTest(variables: Record<string, unknown>): ExpressionTest {
  return async (expression) => {
    try {
      return (await renderTemplate(expression, variables)).output.trim() === "true";
    } catch {
      return false;
    }
  };
}

/** The trigger's plain conditions: true when all hold, false when one does not, or why one cannot be evaluated. */
async function plainHold(def: FlowTriggerDefinition, e: SourceExecution, test: ExpressionTest, render: Render): Promise<boolean | { error: string }> {
  for (const c of plainConditions(def)) {
    const verdict = await conditionVerdict(c, e, test, render);
    if (verdict !== true) return verdict;
  }
  return true;
}

/** The states of the attempts of each task run of an execution. */
async function attemptStatesOf(tx: Tx, tenantId: string, executionId: string): Promise<string[][]> {
  const runs = await tx.taskRun.findMany({ where: { tenantId, executionId }, select: { attempts: true } });
  return runs.map((r) => (JSON.parse(r.attempts) as { state: string }[]).map((a) => a.state));
}

/** Whether each target namespace allows the source's (its own allowed namespaces, as Subflow saves check them), read once per namespace. */
function allowedNamespaces(tx: Tx, from: string) {
  const known = new Map<string, boolean>();
  return async (owner: string) => {
    if (owner === from) return true;
    if (!known.has(owner)) {
      const ns = await tx.namespace.findFirst({ where: { name: owner }, select: { allowedNamespaces: true } });
      known.set(owner, isAllowed(parseAllowed(ns?.allowedNamespaces ?? null), owner, from));
    }
    return known.get(owner)!;
  };
}

/** Counts the execution in each window condition and answers whether all are complete (kept per tenant, flow, trigger and condition). */
async function windowsComplete(tx: Tx, tenantId: string, row: Row, windows: WindowCondition[], met: string[][], now: Date): Promise<boolean> {
  let complete = true;
  for (const [i, w] of windows.entries()) {
    if (isStateless(w)) {
      complete &&= advanceWindow(w, null, met[i], now).complete;
      continue;
    }
    const where = { namespace: row.namespace, flowId: row.flowId, triggerId: row.triggerId, conditionId: w.id };
    const stored = await tx.triggerWindow.findFirst({ where });
    const before = stored ? { windowStart: stored.windowStart, windowEnd: stored.windowEnd, results: JSON.parse(stored.results) as Record<string, string> } : null;
    const next = advanceWindow(w, before, met[i], now);
    complete &&= next.complete;
    if (!next.state) {
      if (stored) await tx.triggerWindow.deleteMany({ where: { id: stored.id } });
    } else if (stored) {
      await tx.triggerWindow.update({
        where: { id: stored.id },
        data: { windowStart: next.state.windowStart, windowEnd: next.state.windowEnd, results: JSON.stringify(next.state.results), version: { increment: 1 } },
      });
    } else {
      await tx.triggerWindow.create({
        data: { tenantId, ...where, windowStart: next.state.windowStart, windowEnd: next.state.windowEnd, results: JSON.stringify(next.state.results) },
      });
    }
  }
  return complete;
}

/** Creates the triggered execution in the ending step's transaction; answers its id, or why it could not start. */
async function startOne(tx: Tx, source: Execution, row: Row, def: FlowTriggerDefinition, variables: Record<string, unknown>, flow: Record<string, unknown>) {
  const base = buildContext(triggerActor(), { id: source.tenantId, name: source.tenantId, description: "" }, []);
  // the same tenant's data, through the step's own transaction
  const ctx = { ...base, db: tx as unknown as TenantDb };
  try {
    const execution = await prepareExecution(ctx, {
      namespace: row.namespace,
      flowId: row.flowId,
      inputs: await renderedInputs(def.inputs ?? {}, { trigger: variables, flow }),
      labels: labelList(def.labels),
      trigger: { kind: "flow", id: row.triggerId, variables },
    });
    await writeNewExecution(tx, ctx, execution);
    return execution.id;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
