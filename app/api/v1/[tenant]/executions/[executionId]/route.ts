import { taskRunQuery } from "@/lib/api/execution-query";
import { withTenant } from "@/lib/api/handler";
import { deleteExecution, getExecution } from "@/lib/executions/executions";

export const GET = withTenant("GET /api/v1/{tenant}/executions/{executionId}", async (req, { ctx, params }) =>
  getExecution(ctx, params.executionId, taskRunQuery(new URL(req.url).searchParams)),
);

export const DELETE = withTenant("DELETE /api/v1/{tenant}/executions/{executionId}", async (_req, { ctx, params }) => deleteExecution(ctx, params.executionId));
