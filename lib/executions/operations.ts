import "server-only";
import type { TenantContext } from "../authz/context";
import { audit } from "../audit/write";
import { conflict, invalid } from "../errors";
import { resolveType } from "./executor/flow";
import { findTask, flowOf } from "./processes/flows";
import { admitRestart, prepareTenant } from "./concurrency";
import { validInputs } from "./inputs";
import { RESTARTABLE, replayState, replayable, restartState } from "./restart";
import { CHANNELS, applyStep, insertEvent, loadState, newId } from "./store";
import { type Execution, isTerminal } from "./types";
import { type ExecutionView, executionSummary } from "./views";
import { wake } from "./wakeup";
import { insertExecution, loadExecution, withTaskRuns } from "./access";

// What users do to an execution: delete, kill, restart, replay, resume. Each checks its action in
// the execution's namespace and writes its audit entry in the same transaction as the change.

type Flow = Record<string, unknown>;

/**
 * Deletes an ended execution (EXECUTION:DELETE), with its task runs and logs; a running one is
 * refused (409: kill it first), as the orchestrator does.
 */
export async function deleteExecution(ctx: TenantContext, executionId: string) {
  const execution = await loadExecution(ctx, executionId, "DELETE");
  if (!isTerminal(execution.state)) throw conflict(`Execution ${executionId} is ${execution.state}: kill it before deleting it`);
  await ctx.db.$transaction(async (tx) => {
    const gone = await tx.execution.updateMany({ where: { id: executionId, deleted: false, version: execution.version }, data: { deleted: true } });
    if (gone.count !== 1) throw conflict(`Execution ${executionId} changed; try again`);
    await tx.executionLog.deleteMany({ where: { executionId } });
    await tx.taskRun.deleteMany({ where: { executionId } });
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "EXECUTION",
      resourceId: executionId,
      namespace: execution.namespace,
      before: { flowId: execution.flowId, state: execution.state },
    });
  });
  return { id: executionId, deleted: true as const };
}

/** Asks the executor to kill an execution (EXECUTION:UPDATE): a `kill` event; 409 when it ended. */
export async function killExecution(ctx: TenantContext, executionId: string) {
  const execution = await loadExecution(ctx, executionId, "UPDATE");
  if (isTerminal(execution.state)) throw conflict(`Execution ${executionId} has already ended (${execution.state})`);
  await ctx.db.$transaction(async (tx) => {
    await insertEvent(tx, ctx.tenantId, executionId, { type: "kill" });
    await audit(tx, ctx.actor, ctx.tenantId, { action: "KILL", resourceType: "EXECUTION", resourceId: executionId, namespace: execution.namespace, before: { state: execution.state } });
  });
  wake(CHANNELS.executor);
  return executionSummary(execution);
}

/** The flow revision an execution runs (read through the tenant's client). */
function flowOfExecution(ctx: TenantContext, execution: Execution): Promise<Flow> {
  return flowOf(ctx.db, execution);
}

/** Task runs the executor decides (flowables, Pause, Subflow, a ForEachItem's parts, none of them in the flow): restarted by it, not by a worker. */
const isFlowableIn = (flow: Flow) => (taskId: string) => {
  const task = findTask(flow, taskId);
  if (!task || typeof task.type !== "string") return forEachItemPart(flow, taskId);
  const { kind, name } = resolveType(task.type);
  return kind === "flowable" || kind === "executable" || name === "flow.Pause";
};

/** `<id>_split`, `<id>_items` or `<id>_merge` of a ForEachItem of the flow. */
function forEachItemPart(flow: Flow, taskId: string): boolean {
  const m = /^(.+)_(split|items|merge)$/.exec(taskId);
  const owner = m ? findTask(flow, m[1]) : null;
  return !!owner && typeof owner.type === "string" && resolveType(owner.type).name === "flow.ForEachItem";
}

const workerGroupIn = (flow: Flow, field: "key" | "fallback" = "key") => (taskId: string) => {
  const group = findTask(flow, taskId)?.workerGroup as { key?: unknown; fallback?: unknown } | undefined;
  return typeof group?.[field] === "string" ? (group[field] as string) : null;
};

/**
 * Restarts a FAILED or KILLED execution from its failed task runs (EXECUTION:CREATE), in one
 * transaction: the restarted state (lib/executions/restart.ts), the new attempts' work, the audit.
 */
export async function restartExecution(ctx: TenantContext, executionId: string): Promise<ExecutionView> {
  const execution = await loadExecution(ctx, executionId, "CREATE");
  if (!RESTARTABLE.has(execution.state)) throw conflict(`Execution ${executionId} is ${execution.state}: only FAILED or KILLED executions restart`);
  const flow = await flowOfExecution(ctx, execution);
  await prepareTenant(ctx.tenantId);
  const restarted = await ctx.db.$transaction(async (tx) => {
    const state = await loadState(tx, executionId);
    const result = state && restartState(state, { now: new Date(), isFlowable: isFlowableIn(flow), workerGroupOf: workerGroupIn(flow), workerGroupFallbackOf: workerGroupIn(flow, "fallback") });
    if (!state || !result) throw conflict(`Execution ${executionId} has nothing to restart`);
    // a restarted execution takes a slot again: refused while one of its concurrency limits is full
    const refused = await admitRestart(tx, state.execution, flow);
    if (refused) throw conflict(refused);
    await applyStep(tx, state, result);
    // the executor picks it up from there (a restarted flowable or Pause has no worker job to wait for)
    await insertEvent(tx, ctx.tenantId, executionId, { type: "restarted" });
    await audit(tx, ctx.actor, ctx.tenantId, { action: "RESTART", resourceType: "EXECUTION", resourceId: executionId, namespace: execution.namespace, before: { state: execution.state } });
    // the answer shows the execution as restarted: read before the commit hands it to the engine
    return withTaskRuns(ctx, result.state.execution, {}, tx);
  });
  wake(CHANNELS.worker);
  wake(CHANNELS.executor);
  return restarted;
}

/**
 * Replays an ended execution as a NEW one (EXECUTION:CREATE) whose `originalId` names the first of
 * the line: from the beginning, or from `taskRunId` with the task runs before it copied as they were.
 */
export async function replayExecution(ctx: TenantContext, executionId: string, taskRunId: string | null): Promise<ExecutionView> {
  const execution = await loadExecution(ctx, executionId, "CREATE");
  if (!replayable(execution)) throw conflict(`Execution ${executionId} is ${execution.state}: only an ended execution can be replayed`);
  const now = new Date();
  const replay = await ctx.db.$transaction(async (tx) => {
    const state = await loadState(tx, executionId);
    const next = state && replayState(state, taskRunId, { now, newId });
    if (!next) throw invalid("Invalid taskRunId", [{ path: "taskRunId", message: `taskRunId is not a task run of execution ${executionId}` }]);
    const e = next.execution;
    await insertExecution(tx, e, now);
    if (next.taskRuns.length) {
      await tx.taskRun.createMany({
        data: next.taskRuns.map((t) => ({
          id: t.id,
          tenantId: ctx.tenantId,
          executionId: e.id,
          seq: t.seq,
          taskId: t.taskId,
          parentTaskRunId: t.parentTaskRunId,
          value: t.value,
          iteration: t.iteration,
          state: t.state,
          histories: JSON.stringify(t.histories),
          attempts: JSON.stringify(t.attempts),
          outputs: t.outputs === null ? null : JSON.stringify(t.outputs),
        })),
      });
    }
    await insertEvent(tx, ctx.tenantId, e.id, { type: "start" }, now);
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "REPLAY",
      resourceType: "EXECUTION",
      resourceId: e.id,
      namespace: e.namespace,
      after: { originalId: e.originalId, replayOf: executionId, taskRunId },
    });
    // the answer shows the replay as created: read before the commit hands it to the engine
    return withTaskRuns(ctx, e, {}, tx);
  });
  wake(CHANNELS.executor);
  return replay;
}

/**
 * The inputs a PAUSED execution resumes with (EXECUTION:READ): its Pause task's `onResume` inputs,
 * as the flow declares them (the resume form is built from them); none when it is not paused.
 */
export async function pausedInputs(
  ctx: TenantContext,
  executionId: string,
): Promise<{ taskRunId: string | null; inputs: Record<string, unknown>[]; byTask: Record<string, Record<string, unknown>[]> }> {
  const execution = await loadExecution(ctx, executionId);
  // every Pause task's form, so that a page opened before the pause builds the right one once it comes
  // (none when the revision it ran cannot be read: the execution's page still opens)
  const byTask: Record<string, Record<string, unknown>[]> = await flowOfExecution(ctx, execution).then(pauseForms, () => ({}));
  if (execution.state !== "PAUSED") return { taskRunId: null, inputs: [], byTask };
  const paused = await ctx.db.taskRun.findFirst({ where: { executionId, state: "PAUSED" }, orderBy: { seq: "asc" } });
  return { taskRunId: paused?.id ?? null, inputs: paused ? (byTask[paused.taskId] ?? []) : [], byTask };
}

/** The `onResume` inputs of each Pause task of a flow that declares some, by task id. */
function pauseForms(flow: Flow): Record<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (!value || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(walk);
    const obj = value as Record<string, unknown>;
    if (typeof obj.id === "string" && typeof obj.type === "string" && resolveType(obj.type).name === "flow.Pause" && Array.isArray(obj.onResume)) {
      out.set(obj.id, obj.onResume.filter((i): i is Record<string, unknown> => !!i && typeof i === "object"));
    }
    for (const [k, v] of Object.entries(obj)) if (k !== "triggers") walk(v);
  };
  walk(flow);
  return Object.fromEntries(out);
}

/**
 * Resumes a PAUSED execution (EXECUTION:UPDATE) with inputs checked like the Pause task's
 * `onResume` inputs (422 naming each bad one): a `resume` event for the executor.
 */
export async function resumeExecution(ctx: TenantContext, executionId: string, given: Record<string, unknown> = {}) {
  const execution = await loadExecution(ctx, executionId, "UPDATE");
  if (execution.state !== "PAUSED") throw conflict(`Execution ${executionId} is ${execution.state}: only a PAUSED execution resumes`);
  const flow = await flowOfExecution(ctx, execution);
  const paused = await ctx.db.taskRun.findFirst({ where: { executionId, state: "PAUSED" }, orderBy: { seq: "asc" } });
  const task = paused ? findTask(flow, paused.taskId) : null;
  const onResume = Array.isArray(task?.onResume) ? task.onResume : [];
  const inputs = onResume.length
    ? await validInputs({ db: ctx.db, tenantId: ctx.tenantId, executionId }, { ...flow, inputs: onResume }, given)
    : undefined;
  await ctx.db.$transaction(async (tx) => {
    await insertEvent(tx, ctx.tenantId, executionId, inputs ? { type: "resume", inputs } : { type: "resume" });
    await audit(tx, ctx.actor, ctx.tenantId, { action: "RESUME", resourceType: "EXECUTION", resourceId: executionId, namespace: execution.namespace, after: { taskRunId: paused?.id ?? null } });
  });
  wake(CHANNELS.executor);
  return executionSummary(execution);
}
