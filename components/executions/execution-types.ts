import type { ActionResult } from "@/lib/actions/result";
import type { ExecutionView, LogView, TaskRunView } from "@/lib/executions/views";
import type { State } from "@/lib/executions/types";

// What the execution page's components share: the views the API answers, and the actions the page hands them.

export type { ExecutionView, LogView, TaskRunView, State };
export type ExecutionSummary = Omit<ExecutionView, "taskRunList">;

type Ref = { tenant: string; namespace: string; executionId: string };
type Done = { id: string; state: string };
export type ExecutionActions = {
  kill: (i: Ref) => Promise<ActionResult<Done>>;
  restart: (i: Ref) => Promise<ActionResult<Done>>;
  replay: (i: Ref & { taskRunId: string | null }) => Promise<ActionResult<Done & { namespace: string; flowId: string }>>;
  resume: (i: Ref & { inputs: Record<string, unknown> }) => Promise<ActionResult<Done>>;
  remove: (i: Ref) => Promise<ActionResult<{ id: string; deleted: true }>>;
  evaluate: (i: Ref & { taskRunId: string | null; expression: string }) => Promise<ActionResult<{ result: string }>>;
};

export type Can = { create: boolean; update: boolean; delete: boolean };

export const TERMINAL: ReadonlySet<string> = new Set(["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRIED", "SKIPPED", "RESUBMITTED"]);
export const isEnded = (s: string) => TERMINAL.has(s);

/** The execution page's address. */
export const executionHref = (tenant: string, e: { namespace: string; flowId: string; id: string }) =>
  `/ui/${encodeURIComponent(tenant)}/executions/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.flowId)}/${encodeURIComponent(e.id)}`;

export const apiBase = (tenant: string, executionId: string) => `/api/v1/${encodeURIComponent(tenant)}/executions/${encodeURIComponent(executionId)}`;

/** A task run that started child executions: a Subflow (`outputs.executionId`) or a ForEachItem's batches (`outputs.numberOfBatches`). */
export const startsExecutions = (run: Pick<TaskRunView, "outputs">) =>
  !!run.outputs && (typeof run.outputs.executionId === "string" || typeof run.outputs.numberOfBatches === "number");
