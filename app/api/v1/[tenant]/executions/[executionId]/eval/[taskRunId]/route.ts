import { withTenant } from "@/lib/api/handler";
import { evaluateExpression } from "@/lib/executions/evaluate";

/** The text/plain body is the expression, rendered as the engine renders it for that task run. */
export const POST = withTenant("POST /api/v1/{tenant}/executions/{executionId}/eval/{taskRunId}", async (_req, { ctx, params, body }) =>
  evaluateExpression(ctx, params.executionId, params.taskRunId, body),
);
