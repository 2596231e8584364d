import { withTenant } from "@/lib/api/handler";
import { killExecution } from "@/lib/executions/executions";

export const DELETE = withTenant("DELETE /api/v1/{tenant}/executions/{executionId}/kill", async (_req, { ctx, params }) => killExecution(ctx, params.executionId));
