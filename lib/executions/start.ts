import type { TenantContext } from "@/lib/authz/context";
import { invalid, notFound } from "@/lib/errors";
import { type NewExecution, createExecution } from "./store";
import type { Execution, TriggerInfo } from "./types";

export type StartInput = {
  namespace: string;
  flowId: string;
  /** a saved revision; the flow's current one by default */
  revision?: number;
  /** already validated and converted against the flow's inputs */
  inputs?: Record<string, unknown>;
  /** added to the flow's own labels (a given key replaces the flow's) */
  labels?: { key: string; value: string }[];
  trigger?: TriggerInfo | null;
  scheduleDate?: string | null;
  parentId?: string | null;
  originalId?: string | null;
};

/** The flow's labels, written as a map or as a list of {key, value} (both are accepted by the orchestrator). */
function flowLabels(parsed: Record<string, unknown>): { key: string; value: string }[] {
  const labels = parsed.labels;
  if (Array.isArray(labels)) {
    return labels
      .filter((l): l is { key: unknown; value: unknown } => !!l && typeof l === "object")
      .map((l) => ({ key: String(l.key), value: String(l.value) }));
  }
  if (labels && typeof labels === "object") return Object.entries(labels).map(([key, value]) => ({ key, value: String(value) }));
  return [];
}

/**
 * Starts an execution of a flow in the caller's tenant (EXECUTION:CREATE in the flow's namespace):
 * the execution row and its start event commit together; the executor takes it from there.
 */
export async function startExecution(ctx: TenantContext, input: StartInput): Promise<Execution> {
  ctx.require("EXECUTION", "CREATE", input.namespace);
  const flow = await ctx.db.flow.findFirst({
    where: { namespace: input.namespace, flowId: input.flowId, deleted: false },
    select: { revision: true, parsed: true, disabled: true },
  });
  if (!flow) throw notFound(`Flow ${input.namespace}.${input.flowId} not found`);
  const parsed = JSON.parse(flow.parsed) as Record<string, unknown>;
  if (flow.disabled || parsed.disabled === true) throw invalid(`Flow ${input.namespace}.${input.flowId} is disabled: it cannot run`);
  let revision = flow.revision;
  if (input.revision !== undefined && input.revision !== flow.revision) {
    const saved = await ctx.db.flowRevision.findFirst({
      where: { namespace: input.namespace, flowId: input.flowId, revision: input.revision },
      select: { revision: true },
    });
    if (!saved) throw notFound(`Flow ${input.namespace}.${input.flowId} has no revision ${input.revision}`);
    revision = saved.revision;
  }
  const labels = new Map(flowLabels(parsed).map((l) => [l.key, l.value]));
  for (const l of input.labels ?? []) labels.set(l.key, l.value);
  const data: NewExecution = {
    namespace: input.namespace,
    flowId: input.flowId,
    flowRevision: revision,
    inputs: input.inputs ?? {},
    labels: [...labels].map(([key, value]) => ({ key, value })),
    trigger: input.trigger ?? null,
    scheduleDate: input.scheduleDate ?? null,
    parentId: input.parentId ?? null,
    originalId: input.originalId ?? null,
  };
  return createExecution(ctx, data);
}
