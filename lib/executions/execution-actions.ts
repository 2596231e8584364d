"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { evaluateExpression } from "./evaluate";
import type { TenantContext } from "../authz/context";
import { notFound } from "../errors";
import { deleteExecution, getExecution, killExecution, replayExecution, restartExecution, resumeExecution } from "./executions";

// The execution page's actions: the same domain functions as the API routes. The input names the
// page's namespace, where the declared permission is checked before any work; the domain function
// then checks its EXECUTION action in the execution's own namespace, and an execution of another
// namespace than the one named is not found.

const ref = { tenant: z.string().min(1), namespace: z.string().min(1), executionId: z.string().min(1).max(64) };

/** The execution's id, when it lives in the namespace the input names (else 404, as a missing one). */
async function inNamespace(ctx: TenantContext, input: { namespace: string; executionId: string }) {
  const e = await getExecution(ctx, input.executionId, { page: 1, size: 1 });
  if (e.namespace !== input.namespace) throw notFound("Execution not found");
  return input.executionId;
}
const summary = (e: { id: string; state: { current: string } }) => ({ id: e.id, state: e.state.current });

export const killExecutionAction = tenantAction("killExecutionAction", z.object(ref), async (input, ctx) =>
  summary(await killExecution(ctx, await inNamespace(ctx, input))),
);

export const restartExecutionAction = tenantAction("restartExecutionAction", z.object(ref), async (input, ctx) =>
  summary(await restartExecution(ctx, await inNamespace(ctx, input))),
);

export const replayExecutionAction = tenantAction(
  "replayExecutionAction",
  z.object({ ...ref, taskRunId: z.string().min(1).max(100).nullable() }),
  async (input, ctx) => {
    const e = await replayExecution(ctx, await inNamespace(ctx, input), input.taskRunId);
    return { ...summary(e), namespace: e.namespace, flowId: e.flowId };
  },
);

export const resumeExecutionAction = tenantAction(
  "resumeExecutionAction",
  z.object({ ...ref, inputs: z.record(z.string(), z.unknown()).default({}) }),
  async (input, ctx) => summary(await resumeExecution(ctx, await inNamespace(ctx, input), input.inputs)),
);

export const deleteExecutionAction = tenantAction("deleteExecutionAction", z.object(ref), async (input, ctx) => deleteExecution(ctx, await inNamespace(ctx, input)));

export const evaluateExpressionAction = tenantAction(
  "evaluateExpressionAction",
  z.object({ ...ref, taskRunId: z.string().min(1).max(100).nullable(), expression: z.string().max(10_000) }),
  async (input, ctx) => evaluateExpression(ctx, await inNamespace(ctx, input), input.taskRunId, input.expression),
);
