import "server-only";
import type { TenantContext } from "../authz/context";
import type { Action } from "../authz/permissions";
import type { Prisma } from "../db";
import { notFound } from "../errors";
import { toExecution, toTaskRun } from "./store";
import type { Execution } from "./types";
import { type ExecutionView, executionSummary, taskRunView } from "./views";

// Reading one execution for its caller: not there (404) unless they may read it in its namespace.

const EXECUTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Task runs per page of an execution (and the largest page asked for). */
export const TASK_RUN_PAGE = 100;
export const MAX_TASK_RUN_PAGE = 1000;

/** The execution when the caller may read it (and do `action` in its namespace); else 404 or 403. */
export async function loadExecution(ctx: TenantContext, executionId: string, action: Action = "READ"): Promise<Execution> {
  if (!EXECUTION_ID.test(executionId)) throw notFound("Execution not found");
  const row = await ctx.db.execution.findFirst({ where: { id: executionId, deleted: false } });
  if (!row || !ctx.can("EXECUTION", "READ", row.namespace)) throw notFound("Execution not found");
  if (action !== "READ") ctx.require("EXECUTION", action, row.namespace);
  return toExecution(row);
}

/** The execution's row as the store writes it (store.createExecution's columns, inside the caller's transaction). */
export async function insertExecution(tx: Prisma.TransactionClient, e: Execution, now: Date) {
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

/** The execution with one page of its task runs (creation order). */
export async function withTaskRuns(
  ctx: TenantContext,
  execution: Execution,
  page: TaskRunPage = {},
  // the transaction that made `execution`, for an answer that shows it as made (not as the engine
  // has advanced it since the commit)
  db: Pick<Prisma.TransactionClient, "taskRun"> = ctx.db,
): Promise<ExecutionView> {
  const size = Math.min(Math.max(1, page.size ?? TASK_RUN_PAGE), MAX_TASK_RUN_PAGE);
  const skip = (Math.max(1, page.page ?? 1) - 1) * size;
  const where = { executionId: execution.id };
  const [rows, total] = await Promise.all([
    db.taskRun.findMany({ where: { ...where, seq: { gt: skip } }, orderBy: { seq: "asc" }, take: size }),
    db.taskRun.count({ where }),
  ]);
  return { ...executionSummary(execution), taskRunList: rows.map(toTaskRun).map(taskRunView), taskRunTotal: total };
}

/** The execution's current state and version, for followers (null once it is gone or deleted). */
export async function peek(ctx: TenantContext, executionId: string) {
  return ctx.db.execution.findFirst({ where: { id: executionId, deleted: false } });
}
