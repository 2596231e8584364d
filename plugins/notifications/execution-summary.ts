import { isAppError } from "../../lib/errors";
import { getExecution } from "../../lib/executions/executions";
import { TaskFailure, type RunnerContext } from "../../lib/executions/tasks/types";
import { humanDuration, type ExecutionSummary, type TaskRunSummary } from "./templates";

// The `*Execution` tasks' view of an execution: `executionId` (the current execution when not
// set) is read through the task's own tenant, so another tenant's execution is "not found" like
// an id that does not exist. The link to its page needs the instance's public URL (NEXTAUTH_URL).

function asMap(value: unknown, key: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
  } else if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new TaskFailure(`property "${key}" must be a mapping`);
}

/** The execution's page on this instance, when its public URL is known. */
export function executionLink(tenantId: string, e: { namespace: string; flowId: string; id: string }): string | undefined {
  const base = process.env.NEXTAUTH_URL;
  if (!base) return undefined;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  const path = ["ui", tenantId, "executions", e.namespace, e.flowId, e.id].map(encodeURIComponent).join("/");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/${path}`;
}

export async function executionSummary(ctx: RunnerContext): Promise<ExecutionSummary> {
  const raw = ctx.props.executionId;
  const id = raw === undefined || raw === null ? ctx.execution.id : String(raw).trim();
  const notFound = new TaskFailure(`Unable to find execution '${id}'`);
  if (id === "") throw notFound;
  if (id === ctx.execution.id) ctx.log("INFO", "Loading execution data for the current execution.");
  let view: Awaited<ReturnType<typeof getExecution>>;
  try {
    view = await getExecution(ctx.ctx, id);
  } catch (e) {
    if (isAppError(e) && e.status === 404) throw notFound;
    throw e;
  }
  const runs: TaskRunSummary[] = view.taskRunList;
  const failed = runs.some((t) => t.state.current === "FAILED");
  const last = runs.filter((t) => t.state.current === (failed ? "FAILED" : "SUCCESS")).at(-1);
  const start = Date.parse(view.state.startDate);
  const end = view.state.endDate ? Date.parse(view.state.endDate) : Date.now();
  const extra = asMap(ctx.props.templateRenderMap, "templateRenderMap") ?? {};
  const customMessage = ctx.props.customMessage ?? extra.customMessage;
  const customFields = asMap(ctx.props.customFields ?? extra.customFields, "customFields");
  return {
    ...extra,
    execution: view,
    duration: humanDuration(end - start),
    startDate: view.state.startDate,
    link: executionLink(ctx.tenantId, view),
    ...(customMessage !== undefined && customMessage !== null ? { customMessage: typeof customMessage === "string" ? customMessage : JSON.stringify(customMessage) } : {}),
    ...(customFields && Object.keys(customFields).length > 0 ? { customFields } : {}),
    firstFailed: failed && last ? last : false,
    ...(last ? { lastTask: last } : {}),
  };
}
