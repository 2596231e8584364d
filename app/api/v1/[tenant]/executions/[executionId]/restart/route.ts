import { withTenant } from "@/lib/api/handler";
import { restartExecution } from "@/lib/executions/executions";

export const POST = withTenant("POST /api/v1/{tenant}/executions/{executionId}/restart", async (_req, { ctx, params }) => restartExecution(ctx, params.executionId));
