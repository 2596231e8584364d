import "server-only";
import { parse as parseYaml } from "yaml";
import type { TenantContext } from "../authz/context";
import type { Action } from "../authz/permissions";
import { audit } from "../audit/write";
import { type Paging, skipTake } from "../api/paging";
import type { Prisma } from "../db";
import { parseIsoDuration } from "../duration";
import { conflict, invalid, notFound } from "../errors";
import type { LabelFilter } from "../flows/filters";
import { normaliseLabels } from "../flows/validation/labels";
import { resolveType } from "./executor/flow";
import { findTask } from "./processes/flows";
import { type UploadedFile, validInputs } from "./inputs";
import { nextChange } from "./follow";
import { RESTARTABLE, replayState, replayable, restartState } from "./restart";
import { CHANNELS, applyStep, insertEvent, loadState, newId, toExecution, toTaskRun } from "./store";
import { type Execution, type LogLevel, LOG_LEVELS, STATES, type State, type TriggerInfo, isTerminal } from "./types";
import { type ExecutionView, executionSummary, logView, taskRunView } from "./views";
import { wake } from "./wakeup";

// Executions as users see them: start, read, search, delete, kill, restart, replay, resume, logs.
// The API, the CLI and the pages call these; each checks EXECUTION permissions in the execution's
// namespace (SPEC §7 "Permissions"), and an execution the caller may not read is not there (404).

type Flow = Record<string, unknown>;
export type Label = { key: string; value: string };

const EXECUTION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,149}$/;
const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;

/** Task runs per page of an execution (and the largest page asked for). */
export const TASK_RUN_PAGE = 100;
export const MAX_TASK_RUN_PAGE = 1000;

/** The execution when the caller may read it (and do `action` in its namespace); else 404 or 403. */
async function loadExecution(ctx: TenantContext, executionId: string, action: Action = "READ"): Promise<Execution> {
  if (!EXECUTION_ID.test(executionId)) throw notFound("Execution not found");
  const row = await ctx.db.execution.findFirst({ where: { id: executionId, deleted: false } });
  if (!row || !ctx.can("EXECUTION", "READ", row.namespace)) throw notFound("Execution not found");
  if (action !== "READ") ctx.require("EXECUTION", action, row.namespace);
  return toExecution(row);
}

/** The flow to run: its current revision, or the one asked for; a deleted or disabled flow is refused. */
async function flowToRun(ctx: TenantContext, namespace: string, flowId: string, revision?: number): Promise<{ flow: Flow; revision: number }> {
  if (!NAMESPACE.test(namespace) || !FLOW_ID.test(flowId)) throw notFound("Flow not found");
  const row = await ctx.db.flow.findFirst({ where: { namespace, flowId, deleted: false }, select: { revision: true, parsed: true, disabled: true } });
  if (!row) throw notFound("Flow not found");
  if (row.disabled) throw conflict(`Flow ${namespace}.${flowId} is disabled: a disabled flow runs nothing`);
  if (revision === undefined || revision === row.revision) return { flow: JSON.parse(row.parsed) as Flow, revision: row.revision };
  const old = await ctx.db.flowRevision.findFirst({ where: { namespace, flowId, revision }, select: { source: true } });
  if (!old) throw notFound(`Flow ${namespace}.${flowId} has no revision ${revision}`);
  return { flow: parseYaml(old.source) as Flow, revision };
}

/** The flow's labels, then the given ones (a given key replaces the flow's). */
function labelsOf(flow: Flow, given: Label[]): Label[] {
  const byKey = new Map(Object.entries(normaliseLabels(flow.labels)));
  for (const l of given) byKey.set(l.key, l.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function checkLabels(labels: Label[]) {
  const problems = labels.flatMap((l, i) =>
    !LABEL_KEY.test(l.key) || l.key.startsWith("system.")
      ? [{ path: `labels[${i}]`, message: `label key "${l.key.slice(0, 100)}" must be letters, digits, . _ - (at most 100) and not start with "system."` }]
      : l.value.length > 1000
        ? [{ path: `labels[${i}]`, message: `label "${l.key}" has a value over 1000 characters` }]
        : [],
  );
  if (labels.length > 100) problems.push({ path: "labels", message: "at most 100 labels" });
  if (problems.length) throw invalid("Invalid labels", problems);
}

export type StartInput = {
  namespace: string;
  flowId: string;
  revision?: number;
  /** input values as given (form fields, JSON, CLI k=v); uploaded files for FILE inputs */
  inputs?: Record<string, unknown | UploadedFile>;
  labels?: Label[];
  /** an ISO instant: the execution starts then */
  scheduleDate?: string;
  trigger?: TriggerInfo;
};

/**
 * Starts an execution of a flow (EXECUTION:CREATE in its namespace): its inputs validated and
 * converted (422 naming each bad input, and nothing created), the flow's labels plus the given
 * ones, the start at `scheduleDate` when given. Answers the new execution (CREATED).
 */
export async function startExecution(ctx: TenantContext, input: StartInput): Promise<ExecutionView> {
  ctx.require("EXECUTION", "CREATE", input.namespace);
  const labels = input.labels ?? [];
  checkLabels(labels);
  let scheduleDate: string | null = null;
  if (input.scheduleDate !== undefined) {
    const at = Date.parse(input.scheduleDate);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(input.scheduleDate) || Number.isNaN(at)) {
      throw invalid("Invalid scheduleDate", [{ path: "scheduleDate", message: "scheduleDate must be an ISO-8601 date and time" }]);
    }
    scheduleDate = new Date(at).toISOString();
  }
  const { flow, revision } = await flowToRun(ctx, input.namespace, input.flowId, input.revision);
  const id = newId();
  const trigger: TriggerInfo = input.trigger ?? { kind: "api" };
  const allLabels = labelsOf(flow, labels);
  const inputs = await validInputs(
    {
      db: ctx.db,
      tenantId: ctx.tenantId,
      executionId: id,
      variables: {
        flow: { id: input.flowId, namespace: input.namespace, revision, tenantId: ctx.tenantId },
        execution: { id, originalId: id },
        labels: Object.fromEntries(allLabels.map((l) => [l.key, l.value])),
        trigger: trigger.variables ?? {},
      },
    },
    flow,
    input.inputs ?? {},
  );
  const now = new Date();
  const execution: Execution = {
    id,
    tenantId: ctx.tenantId,
    namespace: input.namespace,
    flowId: input.flowId,
    flowRevision: revision,
    inputs,
    labels: allLabels,
    state: "CREATED",
    histories: [{ state: "CREATED", date: now.toISOString() }],
    outputs: null,
    variables: {},
    trigger,
    parentId: null,
    originalId: null,
    scheduleDate,
    version: 1,
  };
  await ctx.db.$transaction(async (tx) => {
    await insertExecution(tx, execution, now);
    const at = scheduleDate && new Date(scheduleDate) > now ? new Date(scheduleDate) : now;
    await insertEvent(tx, ctx.tenantId, id, { type: "start" }, at);
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "CREATE",
      resourceType: "EXECUTION",
      resourceId: id,
      namespace: input.namespace,
      after: { flowId: input.flowId, revision, labels: allLabels, trigger: trigger.kind, scheduleDate },
    });
  });
  wake(CHANNELS.executor);
  return { ...executionSummary(execution), taskRunList: [], taskRunTotal: 0 };
}

/** The execution's row as the store writes it (store.createExecution's columns, inside the caller's transaction). */
async function insertExecution(tx: Prisma.TransactionClient, e: Execution, now: Date) {
  await tx.execution.create({
    data: {
      id: e.id,
      tenantId: e.tenantId,
      namespace: e.namespace,
      flowId: e.flowId,
      flowRevision: e.flowRevision,
      inputs: JSON.stringify(e.inputs),
      labels: JSON.stringify(e.labels),
      state: e.state,
      histories: JSON.stringify(e.histories),
      outputs: null,
      variables: JSON.stringify(e.variables),
      trigger: e.trigger ? JSON.stringify(e.trigger) : null,
      parentId: e.parentId,
      originalId: e.originalId,
      scheduleDate: e.scheduleDate ? new Date(e.scheduleDate) : null,
      startDate: now,
      version: e.version,
      createdAt: now,
    },
  });
}

export type TaskRunPage = { page?: number; size?: number };

/** An execution with one page of its task runs (creation order), EXECUTION:READ. */
export async function getExecution(ctx: TenantContext, executionId: string, page: TaskRunPage = {}): Promise<ExecutionView> {
  const execution = await loadExecution(ctx, executionId);
  return withTaskRuns(ctx, execution, page);
}

async function withTaskRuns(ctx: TenantContext, execution: Execution, page: TaskRunPage = {}): Promise<ExecutionView> {
  const size = Math.min(Math.max(1, page.size ?? TASK_RUN_PAGE), MAX_TASK_RUN_PAGE);
  const skip = (Math.max(1, page.page ?? 1) - 1) * size;
  const where = { executionId: execution.id };
  const [rows, total] = await Promise.all([
    ctx.db.taskRun.findMany({ where: { ...where, seq: { gt: skip } }, orderBy: { seq: "asc" }, take: size }),
    ctx.db.taskRun.count({ where }),
  ]);
  return { ...executionSummary(execution), taskRunList: rows.map(toTaskRun).map(taskRunView), taskRunTotal: total };
}

export const EXECUTION_SORTS = ["startDate", "endDate", "namespace", "flowId", "state"] as const;
export type ExecutionSort = { field: (typeof EXECUTION_SORTS)[number]; desc: boolean };

/** `field`, `-field` or the orchestrator's `state.startDate:desc`. */
export function parseExecutionSort(text: string | null | undefined): ExecutionSort {
  if (!text) return { field: "startDate", desc: true };
  const m = /^(-)?(?:state\.)?(\w+)(?::(asc|desc))?$/.exec(text);
  const field = m?.[2] === "current" ? "state" : m?.[2];
  if (!m || !EXECUTION_SORTS.includes(field as ExecutionSort["field"])) {
    throw invalid("Invalid sort", [{ path: "sort", message: `sort must be one of ${EXECUTION_SORTS.join(", ")} (optionally -field or field:asc|desc)` }]);
  }
  return { field: field as ExecutionSort["field"], desc: !!m[1] || m[3] === "desc" };
}

export type ExecutionFilters = {
  namespace?: string;
  flowId?: string;
  states?: string[];
  labels?: LabelFilter[];
  /** executions started at or after this instant */
  startDate?: string;
  /** executions started at or before this instant (the orchestrator's "created before") */
  endDate?: string;
  /** executions started within this ISO-8601 duration before now (PT10H) */
  timeRange?: string;
  q?: string;
  sort?: ExecutionSort;
};

function instant(value: string | undefined, path: string): Date | undefined {
  if (value === undefined || value === "") return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw invalid(`Invalid ${path}`, [{ path, message: `${path} must be an ISO-8601 date and time` }]);
  return new Date(at);
}

/**
 * Executions the caller may read, filtered and paged in the query: the readable namespaces are a
 * condition of the query itself (each a namespace and its descendants), never a filter afterwards.
 */
export async function searchExecutions(ctx: TenantContext, f: ExecutionFilters, paging: Paging) {
  const scope = ctx.scope("EXECUTION", "READ");
  const empty = { results: [], total: 0, page: paging.page, size: paging.size };
  if (!scope.all && scope.prefixes.length === 0) return empty;
  const states = f.states ?? [];
  const bad = states.filter((s) => !STATES.includes(s as State));
  if (bad.length) throw invalid("Invalid state", [{ path: "state", message: `state must be one of ${STATES.join(", ")}` }]);
  const and: Prisma.ExecutionWhereInput[] = [{ deleted: false }];
  const tree = (ns: string): Prisma.ExecutionWhereInput[] => [{ namespace: ns }, { namespace: { startsWith: `${ns}.` } }];
  if (!scope.all) and.push({ OR: scope.prefixes.flatMap(tree) });
  if (f.namespace) and.push({ OR: tree(f.namespace) });
  if (f.flowId) and.push({ flowId: f.flowId });
  if (states.length) and.push({ state: { in: states } });
  for (const l of f.labels ?? []) and.push({ labels: { contains: JSON.stringify({ key: l.key, value: l.value }) } });
  const from = instant(f.startDate, "startDate");
  const to = instant(f.endDate, "endDate");
  if (from) and.push({ startDate: { gte: from } });
  if (to) and.push({ startDate: { lte: to } });
  if (f.timeRange) {
    const ms = parseIsoDuration(f.timeRange);
    if (ms === null || ms <= 0) throw invalid("Invalid timeRange", [{ path: "timeRange", message: "timeRange must be an ISO-8601 duration such as PT10H" }]);
    and.push({ startDate: { gte: new Date(Date.now() - ms) } });
  }
  if (f.q) and.push({ OR: [{ id: f.q }, { flowId: { contains: f.q } }, { namespace: { contains: f.q } }] });
  const sort = f.sort ?? { field: "startDate", desc: true };
  const dir = sort.desc ? "desc" : "asc";
  const where = { AND: and };
  const [rows, total] = await Promise.all([
    ctx.db.execution.findMany({ where, orderBy: [{ [sort.field]: dir }, { id: "asc" }], ...skipTake(paging) }),
    ctx.db.execution.count({ where }),
  ]);
  return { results: rows.map(toExecution).map(executionSummary), total, page: paging.page, size: paging.size };
}

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
async function flowOfExecution(ctx: TenantContext, execution: Execution): Promise<Flow> {
  const { flowOf } = await import("./processes/flows");
  return flowOf(ctx.db, execution);
}

const isFlowableIn = (flow: Flow) => (taskId: string) => {
  const task = findTask(flow, taskId);
  if (!task || typeof task.type !== "string") return false;
  const { kind, name } = resolveType(task.type);
  return (kind === "flowable" && name !== "flow.ForEachItem") || name === "flow.Pause";
};

const workerGroupIn = (flow: Flow) => (taskId: string) => {
  const group = findTask(flow, taskId)?.workerGroup as { key?: unknown } | undefined;
  return typeof group?.key === "string" ? group.key : null;
};

/**
 * Restarts a FAILED or KILLED execution from its failed task runs (EXECUTION:CREATE), in one
 * transaction: the restarted state (lib/executions/restart.ts), the new attempts' work, the audit.
 */
export async function restartExecution(ctx: TenantContext, executionId: string): Promise<ExecutionView> {
  const execution = await loadExecution(ctx, executionId, "CREATE");
  if (!RESTARTABLE.has(execution.state)) throw conflict(`Execution ${executionId} is ${execution.state}: only FAILED or KILLED executions restart`);
  const flow = await flowOfExecution(ctx, execution);
  const restarted = await ctx.db.$transaction(async (tx) => {
    const state = await loadState(tx, executionId);
    const result = state && restartState(state, { now: new Date(), isFlowable: isFlowableIn(flow), workerGroupOf: workerGroupIn(flow) });
    if (!state || !result) throw conflict(`Execution ${executionId} has nothing to restart`);
    await applyStep(tx, state, result);
    await audit(tx, ctx.actor, ctx.tenantId, { action: "RESTART", resourceType: "EXECUTION", resourceId: executionId, namespace: execution.namespace, before: { state: execution.state } });
    return result.state.execution;
  });
  wake(CHANNELS.worker);
  return withTaskRuns(ctx, restarted);
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
    return e;
  });
  wake(CHANNELS.executor);
  return withTaskRuns(ctx, replay);
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

export type LogFilters = { minLevel?: string; taskRunId?: string; taskId?: string; /** log ids after this one */ after?: number; size?: number };

export const LOG_PAGE = 100;
export const MAX_LOG_PAGE = 1000;

/** Levels at or above `minLevel`. */
export function levelsFrom(minLevel: string | undefined): LogLevel[] {
  if (!minLevel) return [...LOG_LEVELS];
  const i = LOG_LEVELS.indexOf(minLevel.toUpperCase() as LogLevel);
  if (i < 0) throw invalid("Invalid minLevel", [{ path: "minLevel", message: `minLevel must be one of ${LOG_LEVELS.join(", ")}` }]);
  return LOG_LEVELS.slice(i);
}

/**
 * The execution's log lines (EXECUTION:READ), in order, a page at a time keyed by log id (`after`
 * the last id seen); `next` is the id to ask after for the next page, null at the end.
 */
export async function listLogs(ctx: TenantContext, executionId: string, f: LogFilters = {}) {
  const execution = await loadExecution(ctx, executionId);
  return readLogs(ctx, execution, f);
}

async function readLogs(ctx: TenantContext, execution: Pick<Execution, "id">, f: LogFilters) {
  const size = Math.min(Math.max(1, f.size ?? LOG_PAGE), MAX_LOG_PAGE);
  const levels = levelsFrom(f.minLevel);
  const where: Prisma.ExecutionLogWhereInput = {
    executionId: execution.id,
    ...(levels.length < LOG_LEVELS.length && { level: { in: levels } }),
    ...(f.taskRunId && { taskRunId: f.taskRunId }),
    ...(f.taskId && { taskId: f.taskId }),
  };
  const [rows, total] = await Promise.all([
    ctx.db.executionLog.findMany({ where: { ...where, ...(f.after !== undefined && { id: { gt: f.after } }) }, orderBy: { id: "asc" }, take: size + 1 }),
    ctx.db.executionLog.count({ where }),
  ]);
  const page = rows.slice(0, size);
  return { results: page.map(logView), total, next: rows.length > size ? page.at(-1)!.id : null };
}

/** The execution's current state and version, for followers (null once it is gone or deleted). */
async function peek(ctx: TenantContext, executionId: string) {
  return ctx.db.execution.findFirst({ where: { id: executionId, deleted: false } });
}

/**
 * Waits until the execution ends or `timeoutMs` passes (EXECUTION:READ), then answers it as it is.
 * Woken by the engine's writes in this process and, on PostgreSQL, by its notifications; polls
 * otherwise.
 */
export async function waitForEnd(ctx: TenantContext, executionId: string, timeoutMs: number): Promise<ExecutionView> {
  let execution = await loadExecution(ctx, executionId);
  const deadline = Date.now() + timeoutMs;
  while (!isTerminal(execution.state) && Date.now() < deadline) {
    await nextChange(Math.min(deadline - Date.now(), 500));
    const row = await peek(ctx, executionId);
    if (!row) throw notFound("Execution not found");
    execution = toExecution(row);
  }
  return withTaskRuns(ctx, execution);
}

/** What an execution's follow stream sends: the execution each time it changed, until it ends. */
export async function* followExecution(ctx: TenantContext, executionId: string, signal: AbortSignal) {
  let execution = await loadExecution(ctx, executionId);
  let version = -1;
  while (!signal.aborted) {
    if (execution.version !== version) {
      version = execution.version;
      yield await withTaskRuns(ctx, execution);
    }
    if (isTerminal(execution.state)) return;
    await nextChange();
    const row = await peek(ctx, executionId);
    if (!row) return;
    execution = toExecution(row);
  }
}

/** What a log follow stream sends: the lines after `after` as they come, until the execution ended and all are sent. */
export async function* followLogs(ctx: TenantContext, executionId: string, f: LogFilters, signal: AbortSignal) {
  await loadExecution(ctx, executionId);
  let after = f.after;
  while (!signal.aborted) {
    const row = await peek(ctx, executionId);
    const ended = !row || isTerminal(row.state as State);
    for (;;) {
      const page = await readLogs(ctx, { id: executionId }, { ...f, after, size: MAX_LOG_PAGE });
      for (const line of page.results) {
        after = line.id;
        yield line;
      }
      if (page.next === null) break;
    }
    // the lines of an ended execution were all written before it ended
    if (ended) return;
    await nextChange();
  }
}

/** Every log line of an execution as text, one per line, read a page at a time (EXECUTION:READ). */
export async function* logLines(ctx: TenantContext, executionId: string, f: LogFilters = {}) {
  await loadExecution(ctx, executionId);
  let after: number | undefined;
  for (;;) {
    const page = await readLogs(ctx, { id: executionId }, { ...f, after, size: MAX_LOG_PAGE });
    for (const l of page.results) yield `${l.timestamp} ${l.level.padEnd(5)} ${l.taskId ?? "-"} ${l.message}\n`;
    if (page.next === null) return;
    after = page.next;
  }
}
