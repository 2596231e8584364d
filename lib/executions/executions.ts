import "server-only";
import { queuedReason } from "./concurrency";
import { parse as parseYaml } from "yaml";
import type { TenantContext } from "../authz/context";
import { Prisma, type Tx } from "../db";
import { audit } from "../audit/write";
import { conflict, invalid, notFound } from "../errors";
import { normaliseLabels } from "../flows/validation/labels";
import { missingPluginTypes, notInstalledMessage } from "../flows/validation/not-installed";
import { type UploadedFile, conditionalInputs, validInputs } from "./inputs";
import { nextChange } from "./follow";
import { CHANNELS, executionColumnsSql, insertEvent, newId, notifyOnCommit, toExecution } from "./store";
import { isPostgres } from "../config";
import { type Execution, type TriggerInfo, TERMINAL_STATES, isTerminal } from "./types";
import { type ExecutionView, executionSummary } from "./views";
import { wake } from "./wakeup";
import { type TaskRunPage, insertExecution, loadExecution, peek, withTaskRuns } from "./access";

// Executions as users see them: start, read, search, delete, kill, restart, replay, resume, logs.
// The API, the CLI and the pages call these; each checks EXECUTION permissions in the execution's
// namespace (SPEC §7 "Permissions"), and an execution the caller may not read is not there (404).

type Flow = Record<string, unknown>;
export type Label = { key: string; value: string };

const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,149}$/;
const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;

/**
 * The current revisions last read for a start, per tenant and flow. PostgreSQL serves a start's flow
 * from here; its insert then holds only while the flow is still at that revision, neither disabled
 * nor deleted (writeNewExecution), and a start that finds it changed reads it again. A copy is
 * never trusted alone, on any instance.
 */
const CURRENT_FLOWS_SIZE = 500;
const currentFlows = new Map<string, { revision: number; parsed: string }>();
const flowKey = (tenantId: string, namespace: string, flowId: string) => `${tenantId}\u0000${namespace}\u0000${flowId}`;

/** The flow to run: its current revision, or the one asked for; a deleted or disabled flow is refused. */
async function flowToRun(
  ctx: TenantContext,
  namespace: string,
  flowId: string,
  revision?: number,
  /** a current revision read earlier will do (its insert is guarded) */
  kept = false,
): Promise<{ flow: Flow; revision: number; kept: boolean }> {
  if (!NAMESPACE.test(namespace) || !FLOW_ID.test(flowId)) throw notFound("Flow not found");
  const key = flowKey(ctx.tenantId, namespace, flowId);
  const hit = kept && revision === undefined ? currentFlows.get(key) : undefined;
  if (hit) return { flow: JSON.parse(hit.parsed) as Flow, revision: hit.revision, kept: true };
  const row = await ctx.db.flow.findFirst({ where: { namespace, flowId, deleted: false }, select: { revision: true, parsed: true, disabled: true } });
  if (!row) throw notFound("Flow not found");
  if (row.disabled) throw conflict(`Flow ${namespace}.${flowId} is disabled: a disabled flow runs nothing`);
  currentFlows.delete(key);
  currentFlows.set(key, { revision: row.revision, parsed: row.parsed });
  if (currentFlows.size > CURRENT_FLOWS_SIZE) currentFlows.delete(currentFlows.keys().next().value!);
  if (revision === undefined || revision === row.revision) return { flow: JSON.parse(row.parsed) as Flow, revision: row.revision, kept: false };
  const old = await ctx.db.flowRevision.findFirst({ where: { namespace, flowId, revision }, select: { source: true } });
  if (!old) throw notFound(`Flow ${namespace}.${flowId} has no revision ${revision}`);
  return { flow: parseYaml(old.source) as Flow, revision, kept: false };
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
  // PostgreSQL: the flow as a start read it last, its insert guarded; read again when it changed
  for (let kept = isPostgres(); ; kept = false) {
    let prepared: Awaited<ReturnType<typeof prepare>>;
    try {
      prepared = await prepare(ctx, input, new Date(), newId(), kept);
    } catch (e) {
      // refused by the copy kept (its inputs, its plugins): the current flow decides
      if (kept) continue;
      throw e;
    }
    const { execution, flowKept } = prepared;
    const written = await ctx.db.$transaction((tx) => writeNewExecution(tx, ctx, execution, { guarded: flowKept }));
    if (written === "flow-changed") continue;
    wake(written.later ? CHANNELS.timer : CHANNELS.executor);
    return { ...executionSummary(execution), taskRunList: [], taskRunTotal: 0 };
  }
}

/**
 * Which conditional inputs of a flow the run form asks for, given the values typed so far: for
 * whoever may start it, the same resolution as a start (see conditionalInputs), nothing written.
 */
export async function previewConditionalInputs(ctx: TenantContext, namespace: string, flowId: string, given: Record<string, unknown>): Promise<Record<string, boolean>> {
  ctx.require("EXECUTION", "CREATE", namespace);
  const { flow, revision } = await flowToRun(ctx, namespace, flowId);
  const id = newId();
  const variables = {
    flow: { id: flowId, namespace, revision, tenantId: ctx.tenantId },
    execution: { id, originalId: id },
    labels: Object.fromEntries(labelsOf(flow, []).map((l) => [l.key, l.value])),
    trigger: {},
  };
  return conditionalInputs({ db: ctx.db, tenantId: ctx.tenantId, executionId: id, variables }, flow, given);
}

/**
 * A new execution as startExecution makes it, not yet written: labels checked, the flow's revision
 * read (a deleted or disabled flow refused), inputs validated and converted. The scheduler starts
 * its executions through this and writeNewExecution, in its own transaction.
 */
export async function prepareExecution(ctx: TenantContext, input: StartInput, now = new Date(), id = newId()): Promise<Execution> {
  return (await prepare(ctx, input, now, id, false)).execution;
}

async function prepare(ctx: TenantContext, input: StartInput, now: Date, id: string, kept: boolean): Promise<{ execution: Execution; flowKept: boolean }> {
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
  const { flow, revision, kept: flowKept } = await flowToRun(ctx, input.namespace, input.flowId, input.revision, kept);
  checkPluginsInstalled(flow);
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
  return { execution, flowKept };
}

/**
 * A flow that uses a type whose plugin is not installed saved with a warning and cannot run: its
 * start is refused (422) like a start with bad inputs, nothing created, each such type named.
 */
function checkPluginsInstalled(flow: Flow) {
  const missing = missingPluginTypes(flow);
  if (!missing.length) return;
  const details = missing.map((m) => ({ path: m.path, message: notInstalledMessage(m.kind, m.type, m.group) }));
  const what = details.length === 1 ? details[0].message : `${details.length} types need plugins that are not installed`;
  throw invalid(`The flow cannot run: ${what}`, details);
}

/** Writes a prepared execution, its start event and its audit entry inside the caller's transaction (the caller wakes the executors after the commit). */
export async function writeNewExecution(tx: Tx, ctx: TenantContext, execution: Execution): Promise<{ later: boolean }>;
export async function writeNewExecution(tx: Tx, ctx: TenantContext, execution: Execution, opts: { guarded: boolean }): Promise<{ later: boolean } | "flow-changed">;
export async function writeNewExecution(tx: Tx, ctx: TenantContext, execution: Execution, opts: { guarded: boolean } = { guarded: false }) {
  const now = new Date(execution.histories[0].date);
  const at = execution.scheduleDate && new Date(execution.scheduleDate) > now ? new Date(execution.scheduleDate) : now;
  let inserted: { later: boolean };
  if (opts.guarded) {
    // PostgreSQL, the flow served from the copy kept: the execution and its start event in one
    // statement, written only while the flow is still at that revision, enabled and not deleted
    if (!(await insertStartGuarded(tx, execution, now, at))) return "flow-changed";
    inserted = { later: at.getTime() > Date.now() };
    if (inserted.later) await notifyOnCommit(tx, CHANNELS.timer);
  } else {
    await insertExecution(tx, execution, now);
    inserted = await insertEvent(tx, ctx.tenantId, execution.id, { type: "start" }, at);
  }
  await audit(tx, ctx.actor, ctx.tenantId, {
    action: "CREATE",
    resourceType: "EXECUTION",
    resourceId: execution.id,
    namespace: execution.namespace,
    after: { flowId: execution.flowId, revision: execution.flowRevision, labels: execution.labels, trigger: execution.trigger?.kind, scheduleDate: execution.scheduleDate },
  });
  return inserted;
}

/** insertExecution and the `start` event in one statement, guarded by the flow's current revision (PostgreSQL); false: the flow changed. */
async function insertStartGuarded(tx: Tx, e: Execution, now: Date, at: Date): Promise<boolean> {
  const iso = now.toISOString();
  // the columns the store writes for an execution (its start date is its CREATED date: now)
  const columns = executionColumnsSql(e);
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    WITH "flow" AS (
      SELECT 1 FROM "Flow"
      WHERE "tenantId" = ${e.tenantId} AND "namespace" = ${e.namespace} AND "flowId" = ${e.flowId}
        AND "revision" = ${e.flowRevision} AND "deleted" = false AND "disabled" = false
    ), "execution" AS (
      INSERT INTO "Execution" ("id", "tenantId", ${Prisma.join(columns.map((c) => c.name), ", ")}, "version", "createdAt", "updatedAt")
      SELECT ${e.id}, ${e.tenantId}, ${Prisma.join(columns.map((c) => c.value), ", ")}, ${e.version}, ${iso}::timestamp, ${iso}::timestamp
      WHERE EXISTS (SELECT 1 FROM "flow")
      RETURNING "id"
    ), "event" AS (
      INSERT INTO "ExecutionEvent" ("tenantId", "executionId", "payload", "availableAt", "createdAt")
      SELECT ${e.tenantId}, x."id", ${JSON.stringify({ type: "start" })}, ${at.toISOString()}::timestamp, ${iso}::timestamp FROM "execution" x
      RETURNING 1
    )
    SELECT count(*)::int AS "n" FROM "event"`;
  return row?.n === 1;
}

/** An execution with one page of its task runs (creation order), EXECUTION:READ. */
export async function getExecution(ctx: TenantContext, executionId: string, page: TaskRunPage = {}): Promise<ExecutionView> {
  const execution = await loadExecution(ctx, executionId);
  const view = await withTaskRuns(ctx, execution, page);
  return execution.state === "QUEUED" ? { ...view, queued: await queuedReason(ctx.db, execution) } : view;
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

/** How many of the execution's task runs have not ended. */
function runningTaskRuns(ctx: TenantContext, executionId: string): Promise<number> {
  return ctx.db.taskRun.count({ where: { executionId, state: { notIn: [...TERMINAL_STATES] } } });
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
    // ended, and its afterExecution tasks (which run after the end) too; the last change is sent
    // even when it landed between the snapshot above and this check
    if (isTerminal(execution.state) && !(await runningTaskRuns(ctx, executionId))) {
      const last = await peek(ctx, executionId);
      if (last && last.version !== version) yield await withTaskRuns(ctx, toExecution(last));
      return;
    }
    await nextChange();
    const row = await peek(ctx, executionId);
    if (!row) return;
    execution = toExecution(row);
  }
}

export * from "./search";
export * from "./operations";
export * from "./logs";
export { TASK_RUN_PAGE, MAX_TASK_RUN_PAGE, type TaskRunPage } from "./access";
