import crypto from "node:crypto";
import { Prisma, type TenantDb, type Tx } from "@/lib/db";
import { isPostgres } from "@/lib/config";
import {
  type EngineEvent,
  type EngineState,
  type Execution,
  type LogLevel,
  type StateHistory,
  type StepResult,
  type TaskRun,
  type TriggerInfo,
  type Work,
  isTerminal,
} from "./types";
import { audit } from "@/lib/audit/write";
import { engineActor } from "./engine-context";
import { indexOf } from "./state-index";
import { wake } from "./wakeup";
import { workerGroupResolver } from "../workers/resolve";
import { asFallback } from "../workers/schemas";
import type { ChainLink } from "../namespaces/chain";

// The executions' rows: loading an execution with its task runs (EngineState), and writing what one
// step of the executor decided (the changed rows and the work they lead to) inside the caller's
// transaction, so that a state change and its work commit together or not at all. JSON values are
// stored as text, like the rest of the schema.

/**
 * Channels the queue's waiters listen on (PostgreSQL LISTEN/NOTIFY, and in-process wakeups): the
 * executors (events), the workers (jobs), and the schedulers (an event due later: a timer, a
 * scheduled start, a retry's delay), which wake the executors when it comes due.
 */
export const CHANNELS = { executor: "tenantflow_executor", worker: "tenantflow_worker", timer: "tenantflow_timer" } as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** A step's write lost the race for the execution (its version moved on): the transaction rolls back. */
export class StaleExecutionError extends Error {
  constructor(executionId: string, version: number) {
    super(`Execution ${executionId} changed since version ${version} was read`);
    this.name = "StaleExecutionError";
  }
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random 22-character id in base 62, the shape of the orchestrator's execution and task-run ids. */
export function newId(): string {
  let n = BigInt(`0x${crypto.randomBytes(16).toString("hex")}`);
  let out = "";
  for (let i = 0; i < 22; i++) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === "") return fallback;
  return JSON.parse(text) as T;
}

const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export type ExecutionRow = {
  id: string;
  tenantId: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  inputs: string;
  labels: string;
  state: string;
  histories: string;
  outputs: string | null;
  variables: string;
  trigger: string | null;
  parentId: string | null;
  originalId: string | null;
  scheduleDate: Date | null;
  retryAttempt?: number | null;
  version: number;
};

export type TaskRunRow = {
  id: string;
  executionId: string;
  seq: number;
  taskId: string;
  parentTaskRunId: string | null;
  value: string | null;
  iteration: number | null;
  state: string;
  histories: string;
  attempts: string;
  outputs: string | null;
};

export function toExecution(r: ExecutionRow): Execution {
  return {
    id: r.id,
    tenantId: r.tenantId,
    namespace: r.namespace,
    flowId: r.flowId,
    flowRevision: r.flowRevision,
    inputs: parseJson(r.inputs, {}),
    labels: parseJson(r.labels, []),
    state: r.state as Execution["state"],
    histories: parseJson(r.histories, []),
    outputs: parseJson(r.outputs, null),
    variables: parseJson(r.variables, {}),
    trigger: parseJson<TriggerInfo | null>(r.trigger, null),
    parentId: r.parentId,
    originalId: r.originalId,
    scheduleDate: r.scheduleDate ? r.scheduleDate.toISOString() : null,
    ...(r.retryAttempt ? { retryAttempt: r.retryAttempt } : {}),
    version: r.version,
  };
}

export function toTaskRun(r: TaskRunRow): TaskRun {
  return {
    id: r.id,
    executionId: r.executionId,
    taskId: r.taskId,
    parentTaskRunId: r.parentTaskRunId,
    value: r.value,
    iteration: r.iteration,
    state: r.state as TaskRun["state"],
    histories: parseJson(r.histories, []),
    attempts: parseJson(r.attempts, []),
    outputs: parseJson(r.outputs, null),
    seq: r.seq,
  };
}

const dateOf = (h: StateHistory | undefined) => (h ? new Date(h.date) : null);

/** The execution's columns other than its keys and version. */
function executionColumns(e: Execution) {
  return {
    namespace: e.namespace,
    flowId: e.flowId,
    flowRevision: e.flowRevision,
    inputs: JSON.stringify(e.inputs ?? {}),
    labels: JSON.stringify(e.labels ?? []),
    state: e.state,
    histories: JSON.stringify(e.histories ?? []),
    outputs: jsonOrNull(e.outputs),
    variables: JSON.stringify(e.variables ?? {}),
    trigger: jsonOrNull(e.trigger),
    parentId: e.parentId,
    originalId: e.originalId,
    scheduleDate: e.scheduleDate ? new Date(e.scheduleDate) : null,
    retryAttempt: e.retryAttempt ?? null,
    startDate: dateOf(e.histories[0]) ?? new Date(),
    endDate: isTerminal(e.state) ? dateOf(e.histories.at(-1)) : null,
  };
}

/** The SQL types of executionColumns that are not text. */
const EXECUTION_CASTS: Record<string, string> = { flowRevision: "int", retryAttempt: "int", scheduleDate: "timestamp", startDate: "timestamp", endDate: "timestamp" };

/** executionColumns for a PostgreSQL statement of its own: each column's quoted name and its typed value. */
export function executionColumnsSql(e: Execution): { name: Prisma.Sql; value: Prisma.Sql }[] {
  return Object.entries(executionColumns(e)).map(([k, v]) => {
    const value = v instanceof Date ? v.toISOString() : v;
    return { name: Prisma.raw(`"${k}"`), value: EXECUTION_CASTS[k] ? Prisma.sql`${value}::${Prisma.raw(EXECUTION_CASTS[k])}` : Prisma.sql`${value}` };
  });
}

function taskRunColumns(t: TaskRun) {
  return {
    seq: t.seq,
    taskId: t.taskId,
    parentTaskRunId: t.parentTaskRunId,
    value: t.value,
    iteration: t.iteration,
    state: t.state,
    histories: JSON.stringify(t.histories ?? []),
    attempts: JSON.stringify(t.attempts ?? []),
    outputs: jsonOrNull(t.outputs),
  };
}

/**
 * The execution and all its task runs (in creation order), read inside the caller's transaction
 * (a tenant-bound one: the tenant is in every where); null when there is no such execution.
 */
export async function loadState(tx: Tx, executionId: string): Promise<EngineState | null> {
  const row = await tx.execution.findFirst({ where: { id: executionId } });
  if (!row) return null;
  const runs = await tx.taskRun.findMany({ where: { tenantId: row.tenantId, executionId }, orderBy: { seq: "asc" } });
  return { execution: toExecution(row), taskRuns: runs.map(toTaskRun) };
}

/** Channels PostgreSQL notifies by itself: a statement inserting into the table's queue notifies
 * its consumers at commit (triggers of migration 20261130220000_queue_notify_triggers). */
const NOTIFIED_BY_TRIGGER: ReadonlySet<Channel> = new Set([CHANNELS.executor, CHANNELS.worker]);

/**
 * Sends a notification when the transaction commits (PostgreSQL), for a change that is not an
 * insert into the queue's tables (those notify by trigger: nothing to send); elsewhere the caller
 * wakes its own process.
 */
export async function notifyOnCommit(tx: Pick<Tx, "$executeRaw">, channel: Channel, opts: { inserted?: boolean } = {}) {
  if (!isPostgres() || (opts.inserted && NOTIFIED_BY_TRIGGER.has(channel))) return;
  await tx.$executeRaw`SELECT pg_notify(${channel}, '')`;
}

/** What a step inserted, for the caller to wake the waiters of (after the commit). */
export type Applied = { events: number; jobs: number; timers: number; ended: Extract<Work, { type: "ended" }>[]; version: number };

/** Called after a step whose work includes `ended`, inside the same transaction (flow triggers, subflow parents, waiting callers). */
export type EndedHook = (tx: Tx, execution: Execution) => Promise<void>;
const endedHooks: EndedHook[] = [];
export function onExecutionEnded(hook: EndedHook): () => void {
  endedHooks.push(hook);
  return () => {
    const i = endedHooks.indexOf(hook);
    if (i >= 0) endedHooks.splice(i, 1);
  };
}

/**
 * Writes one step's result inside the caller's transaction: the execution when it changed (fenced
 * by its version: a concurrent writer makes this throw StaleExecutionError and the whole
 * transaction roll back), only the task runs the step created or changed, and its work (`run` ->
 * a TaskJob, `timer` -> a due-later ExecutionEvent, `cancel` -> the flag on the attempt's TaskJob,
 * `log` -> an ExecutionLog line, `ended` -> the ended hooks). Returns the new version.
 */
export async function applyStep(
  tx: Tx,
  before: EngineState,
  result: StepResult,
  /**
   * the execution namespace's chain when the caller has loaded it (loadChain), and the tenant's
   * default worker group when it has read it: not read again
   */
  opts: { chain?: readonly ChainLink[]; tenantWorkerGroup?: string } = {},
): Promise<Applied> {
  const exec = result.state.execution;
  const tenantId = before.execution.tenantId;
  const executionId = before.execution.id;
  const version = before.execution.version;
  const changed = new Set(result.changedTaskRuns);
  const applied: Applied = { events: 0, jobs: 0, timers: 0, ended: [], version };
  if (!result.executionChanged && changed.size === 0 && result.work.length === 0) return applied;

  // the new list keeps the given one's task runs in place and appends the ones the step created
  const index = indexOf(result.state.taskRuns);
  const before0 = before.taskRuns.length;
  const updated: TaskRun[] = [];
  const created: TaskRun[] = [];
  if (changed.size) {
    const runs = [...changed]
      .map((id) => ({ id, position: index.position.get(id) }))
      .filter((r): r is { id: string; position: number } => r.position !== undefined)
      .sort((a, b) => a.position - b.position);
    let given: Set<string> | null = null;
    // a task run at a position the given list had is an existing row (checked by id when the list moved)
    const existed = (id: string, position: number) =>
      position < before0 && (before.taskRuns[position]?.id === id || (given ??= new Set(before.taskRuns.map((t) => t.id))).has(id));
    for (const { id, position } of runs) (existed(id, position) ? updated : created).push(index.byId.get(id)!);
  }
  // the attempts to run, each in its worker group: the task's, else the namespace's or the
  // tenant's default (lib/workers/resolve.ts)
  const groupOf = workerGroupResolver(tx, tenantId, exec.namespace, opts.chain, opts.tenantWorkerGroup);
  const jobs = [];
  for (const w of result.work) {
    if (w.type !== "run") continue;
    jobs.push({
      tenantId,
      executionId,
      taskRunId: w.taskRunId,
      attempt: w.attempt,
      taskId: w.taskId,
      workerGroup: await groupOf(w.workerGroup),
      workerGroupFallback: asFallback(w.workerGroupFallback),
    });
  }

  // the fence: every step that writes anything moves the version on, so two writers of one
  // execution cannot both commit
  if (isPostgres()) {
    await writeStepPg(tx, { tenantId, executionId, version, execution: result.executionChanged ? exec : null, updated, created, jobs });
  } else {
    const fenced = await tx.execution.updateMany({
      where: { tenantId, id: executionId, version },
      data: result.executionChanged ? { ...executionColumns(exec), version: version + 1 } : { version: version + 1 },
    });
    if (fenced.count !== 1) throw new StaleExecutionError(executionId, version);
    for (const run of updated) await tx.taskRun.update({ where: { id: run.id, tenantId }, data: taskRunColumns(run) });
    if (created.length) await tx.taskRun.createMany({ data: created.map((run) => ({ id: run.id, tenantId, executionId, ...taskRunColumns(run) })) });
    if (jobs.length) await tx.taskJob.createMany({ data: jobs });
  }
  applied.version = version + 1;
  exec.version = version + 1;

  const byId = index.byId;
  const events = [];
  const logs = [];
  for (const w of result.work) {
    switch (w.type) {
      case "timer":
        events.push({ tenantId, executionId, payload: JSON.stringify(w.event), availableAt: new Date(w.at) });
        break;
      case "cancel":
        await tx.taskJob.updateMany({ where: { tenantId, taskRunId: w.taskRunId, attempt: w.attempt }, data: { cancelRequested: true } });
        break;
      case "log":
        logs.push({
          tenantId,
          namespace: exec.namespace,
          flowId: exec.flowId,
          executionId,
          taskRunId: w.taskRunId,
          taskId: w.taskRunId ? (byId.get(w.taskRunId)?.taskId ?? null) : null,
          attempt: w.attempt,
          level: w.level,
          timestamp: new Date(),
          message: w.message,
        });
        break;
      case "ended":
        applied.ended.push(w);
        break;
      case "subflow":
        if ((await writeChild(tx, w.execution)).later) applied.timers++;
        else applied.events++;
        break;
      case "kill-children":
        applied.events += await killChildren(tx, executionId);
        break;
      case "retry-execution":
        if ((await writeRetry(tx, exec, w)).later) applied.timers++;
        else applied.events++;
        break;
    }
  }
  if (events.length) await tx.executionEvent.createMany({ data: events });
  if (logs.length) await tx.executionLog.createMany({ data: logs });
  if (jobs.length) await notifyOnCommit(tx, CHANNELS.worker, { inserted: true });
  // the timers are due later: the schedulers wake the executors then
  if (events.length) await notifyOnCommit(tx, CHANNELS.timer);
  applied.jobs = jobs.length;
  applied.timers += events.length;
  if (applied.ended.length) {
    if (await tellParent(tx, exec)) applied.events++;
    for (const hook of endedHooks) await hook(tx, exec);
  }
  return applied;
}

/**
 * A step's writes on PostgreSQL in one statement: the fence (the execution's version moved on, with
 * its columns when they changed), the task runs it changed and created, and the attempts it queued
 * (their insert notifies the workers at the commit); each only once the fence held.
 */
async function writeStepPg(
  tx: Tx,
  w: {
    tenantId: string;
    executionId: string;
    version: number;
    execution: Execution | null;
    updated: TaskRun[];
    created: TaskRun[];
    jobs: { taskRunId: string; attempt: number; taskId: string; workerGroup: string; workerGroupFallback: string }[];
  },
) {
  const now = new Date().toISOString();
  const sql = Prisma.sql;
  const runs = (list: TaskRun[]) => JSON.stringify(list.map((run) => ({ id: run.id, ...taskRunColumns(run) })));
  const RUN_COLUMNS = sql`"id" text, "seq" int, "taskId" text, "parentTaskRunId" text, "value" text, "iteration" int, "state" text, "histories" text, "attempts" text, "outputs" text`;
  const set = w.execution ? sql`, ${Prisma.join(executionColumnsSql(w.execution).map((c) => sql`${c.name} = ${c.value}`), ", ")}` : Prisma.empty;
  const parts = [
    sql`"fenced" AS (
      UPDATE "Execution" SET "version" = ${w.version + 1}, "updatedAt" = ${now}::timestamp ${set}
      WHERE "tenantId" = ${w.tenantId} AND "id" = ${w.executionId} AND "version" = ${w.version}
      RETURNING 1)`,
  ];
  if (w.updated.length)
    parts.push(sql`"updated" AS (
      UPDATE "TaskRun" r SET "seq" = x."seq", "taskId" = x."taskId", "parentTaskRunId" = x."parentTaskRunId", "value" = x."value",
        "iteration" = x."iteration", "state" = x."state", "histories" = x."histories", "attempts" = x."attempts", "outputs" = x."outputs", "updatedAt" = ${now}::timestamp
      FROM json_to_recordset(${runs(w.updated)}::json) AS x(${RUN_COLUMNS})
      WHERE r."tenantId" = ${w.tenantId} AND r."id" = x."id" AND EXISTS (SELECT 1 FROM "fenced")
      RETURNING 1)`);
  if (w.created.length)
    parts.push(sql`"created" AS (
      INSERT INTO "TaskRun" ("id", "tenantId", "executionId", "seq", "taskId", "parentTaskRunId", "value", "iteration", "state", "histories", "attempts", "outputs", "createdAt", "updatedAt")
      SELECT x."id", ${w.tenantId}, ${w.executionId}, x."seq", x."taskId", x."parentTaskRunId", x."value", x."iteration", x."state", x."histories", x."attempts", x."outputs", ${now}::timestamp, ${now}::timestamp
      FROM json_to_recordset(${runs(w.created)}::json) AS x(${RUN_COLUMNS})
      WHERE EXISTS (SELECT 1 FROM "fenced")
      RETURNING 1)`);
  if (w.jobs.length)
    parts.push(sql`"jobs" AS (
      INSERT INTO "TaskJob" ("id", "tenantId", "executionId", "taskRunId", "attempt", "taskId", "workerGroup", "workerGroupFallback", "availableAt", "createdAt")
      SELECT x."id", ${w.tenantId}, ${w.executionId}, x."taskRunId", x."attempt", x."taskId", x."workerGroup", x."workerGroupFallback", ${now}::timestamp, ${now}::timestamp
      FROM json_to_recordset(${JSON.stringify(w.jobs.map((j) => ({ id: newId(), ...j })))}::json)
        AS x("id" text, "taskRunId" text, "attempt" int, "taskId" text, "workerGroup" text, "workerGroupFallback" text)
      WHERE EXISTS (SELECT 1 FROM "fenced")
      RETURNING 1)`);
  const [row] = await tx.$queryRaw<{ fenced: number; updated: number }[]>`
    WITH ${Prisma.join(parts, ", ")}
    SELECT (SELECT count(*) FROM "fenced")::int AS "fenced", ${w.updated.length ? sql`(SELECT count(*) FROM "updated")::int` : sql`0`} AS "updated"`;
  if (row.fenced !== 1) throw new StaleExecutionError(w.executionId, w.version);
  if (row.updated !== w.updated.length) throw new Error(`A task run of execution ${w.executionId} is gone`);
}

/** A child execution a Subflow or ForEachItem decided, and its `start` event (at its scheduleDate when later). */
async function writeChild(tx: Tx, child: Execution): Promise<{ later: boolean }> {
  const now = new Date(child.histories[0]?.date ?? Date.now());
  await tx.execution.create({ data: { id: child.id, tenantId: child.tenantId, version: child.version, createdAt: now, ...executionColumns(child) } });
  const at = child.scheduleDate && new Date(child.scheduleDate) > now ? new Date(child.scheduleDate) : now;
  const inserted = await insertEvent(tx, child.tenantId, child.id, { type: "start" }, at);
  // as any start, in the tenant's audit log: by the parent execution
  await audit(tx, engineActor(child.parentId ?? child.id), child.tenantId, {
    action: "CREATE",
    resourceType: "EXECUTION",
    resourceId: child.id,
    namespace: child.namespace,
    after: { flowId: child.flowId, revision: child.flowRevision, labels: child.labels, trigger: "subflow", parentId: child.parentId, scheduleDate: child.scheduleDate },
  });
  return inserted;
}

/**
 * The flow's `retry` with behavior CREATE_NEW_EXECUTION: a new execution of the same flow revision,
 * inputs, labels and trigger, whose original is the first execution of the series, starting at the
 * policy's delay; in the same transaction as the failed one's end, so neither is lost without the other.
 */
async function writeRetry(tx: Tx, failed: Execution, w: Extract<Work, { type: "retry-execution" }>): Promise<{ later: boolean }> {
  const now = new Date();
  const retry: Execution = {
    id: newId(),
    tenantId: failed.tenantId,
    namespace: failed.namespace,
    flowId: failed.flowId,
    flowRevision: failed.flowRevision,
    inputs: failed.inputs,
    labels: failed.labels,
    state: "CREATED",
    histories: [{ state: "CREATED", date: now.toISOString() }],
    outputs: null,
    variables: failed.variables,
    trigger: failed.trigger,
    parentId: failed.parentId,
    originalId: failed.originalId ?? failed.id,
    scheduleDate: null,
    retryAttempt: w.attempt,
    version: 1,
  };
  await tx.execution.create({ data: { id: retry.id, tenantId: retry.tenantId, version: 1, createdAt: now, ...executionColumns(retry) } });
  const at = new Date(w.at);
  const inserted = await insertEvent(tx, retry.tenantId, retry.id, { type: "start" }, at > now ? at : now);
  await audit(tx, engineActor(failed.id), retry.tenantId, {
    action: "CREATE",
    resourceType: "EXECUTION",
    resourceId: retry.id,
    namespace: retry.namespace,
    after: { flowId: retry.flowId, revision: retry.flowRevision, labels: retry.labels, trigger: "retry", originalId: retry.originalId, retryAttempt: w.attempt },
  });
  return inserted;
}

/** A `kill` event for each child execution of this one that has not ended; answers how many. */
async function killChildren(tx: Tx, parentId: string): Promise<number> {
  const children = await tx.execution.findMany({ where: { parentId, deleted: false }, select: { id: true, tenantId: true, state: true } });
  let sent = 0;
  for (const child of children) {
    if (isTerminal(child.state as Execution["state"]) || child.state === "KILLING") continue;
    await insertEvent(tx, child.tenantId, child.id, { type: "kill" });
    sent++;
  }
  return sent;
}

/** A child execution that ended tells the parent's task run that started it (same tenant, same transaction). */
async function tellParent(tx: Tx, child: Execution): Promise<boolean> {
  const trigger = child.trigger;
  // a replay of a child (it has an original) is not what the parent's task run waits for
  if (!child.parentId || child.originalId || trigger?.kind !== "subflow" || !trigger.parentTaskRunId) return false;
  const event: EngineEvent = { type: "subflow-ended", taskRunId: trigger.parentTaskRunId, executionId: child.id, state: child.state, outputs: child.outputs };
  await insertEvent(tx, child.tenantId, child.parentId, event);
  return true;
}

/** Inserts an event for the executor inside the caller's transaction. */
export async function insertEvent(tx: Tx, tenantId: string, executionId: string, event: EngineEvent, availableAt = new Date()) {
  await tx.executionEvent.createMany({ data: [{ tenantId, executionId, payload: JSON.stringify(event), availableAt }] });
  await notifyOnCommit(tx, CHANNELS.executor, { inserted: true });
  // due later (a scheduled start, a retry's delay): the schedulers wake the executors then
  const later = availableAt.getTime() > Date.now();
  if (later) await notifyOnCommit(tx, CHANNELS.timer);
  return { later };
}

export type NewExecution = {
  namespace: string;
  flowId: string;
  flowRevision: number;
  inputs?: Record<string, unknown>;
  labels?: { key: string; value: string }[];
  variables?: Record<string, unknown>;
  trigger?: TriggerInfo | null;
  parentId?: string | null;
  originalId?: string | null;
  /** an ISO instant: the execution starts then instead of now */
  scheduleDate?: string | null;
  id?: string;
};

/**
 * A new execution (state CREATED) and its `start` event, in one transaction of the tenant: both
 * commit or neither does. The executor picks the event up (at `scheduleDate` when one is given).
 */
export async function createExecution(ctx: { db: TenantDb; tenantId: string }, input: NewExecution, now = new Date()): Promise<Execution> {
  const execution: Execution = {
    id: input.id ?? newId(),
    tenantId: ctx.tenantId,
    namespace: input.namespace,
    flowId: input.flowId,
    flowRevision: input.flowRevision,
    inputs: input.inputs ?? {},
    labels: input.labels ?? [],
    state: "CREATED",
    histories: [{ state: "CREATED", date: now.toISOString() }],
    outputs: null,
    variables: input.variables ?? {},
    trigger: input.trigger ?? null,
    parentId: input.parentId ?? null,
    originalId: input.originalId ?? null,
    scheduleDate: input.scheduleDate ?? null,
    version: 1,
  };
  const { later } = await ctx.db.$transaction(async (tx) => {
    await tx.execution.create({ data: { id: execution.id, tenantId: ctx.tenantId, version: 1, createdAt: now, ...executionColumns(execution) } });
    const at = execution.scheduleDate && new Date(execution.scheduleDate) > now ? new Date(execution.scheduleDate) : now;
    return insertEvent(tx, ctx.tenantId, execution.id, { type: "start" }, at);
  });
  wake(later ? CHANNELS.timer : CHANNELS.executor);
  return execution;
}

/** A log line as the worker writes it. */
export type LogLine = {
  tenantId: string;
  namespace: string;
  flowId: string;
  executionId: string;
  taskRunId: string | null;
  taskId: string | null;
  attempt: number | null;
  level: LogLevel;
  timestamp: Date;
  message: string;
};
