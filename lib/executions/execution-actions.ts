"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { evaluateExpression } from "./evaluate";
import { deleteExecution, killExecution, replayExecution, restartExecution, resumeExecution } from "./executions";

// The execution page's actions: the same domain functions as the API routes, each checking its
// EXECUTION action in the execution's namespace.

const ref = { tenant: z.string().min(1), executionId: z.string().min(1).max(64) };
const summary = (e: { id: string; state: { current: string } }) => ({ id: e.id, state: e.state.current });

export const killExecutionAction = tenantAction("killExecutionAction", z.object(ref), async (input, ctx) =>
  summary(await killExecution(ctx, input.executionId)),
);

export const restartExecutionAction = tenantAction("restartExecutionAction", z.object(ref), async (input, ctx) =>
  summary(await restartExecution(ctx, input.executionId)),
);

export const replayExecutionAction = tenantAction(
  "replayExecutionAction",
  z.object({ ...ref, taskRunId: z.string().min(1).max(100).nullable() }),
  async (input, ctx) => {
    const e = await replayExecution(ctx, input.executionId, input.taskRunId);
    return { ...summary(e), namespace: e.namespace, flowId: e.flowId };
  },
);

export const resumeExecutionAction = tenantAction(
  "resumeExecutionAction",
  z.object({ ...ref, inputs: z.record(z.string(), z.unknown()).default({}) }),
  async (input, ctx) => summary(await resumeExecution(ctx, input.executionId, input.inputs)),
);

export const deleteExecutionAction = tenantAction("deleteExecutionAction", z.object(ref), (input, ctx) => deleteExecution(ctx, input.executionId));

export const evaluateExpressionAction = tenantAction(
  "evaluateExpressionAction",
  z.object({ ...ref, taskRunId: z.string().min(1).max(100).nullable(), expression: z.string().max(10_000) }),
  (input, ctx) => evaluateExpression(ctx, input.executionId, input.taskRunId, input.expression),
);
