import { withTenant } from "@/lib/api/handler";
import { resumeExecution } from "@/lib/executions/executions";

export const POST = withTenant("POST /api/v1/{tenant}/executions/{executionId}/resume", async (_req, { ctx, params, body }) => resumeExecution(ctx, params.executionId, body));
