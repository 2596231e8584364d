import { withTenant } from "@/lib/api/handler";
import { replayExecution } from "@/lib/executions/executions";

export const POST = withTenant("POST /api/v1/{tenant}/executions/{executionId}/replay", async (req, { ctx, params }) =>
  replayExecution(ctx, params.executionId, new URL(req.url).searchParams.get("taskRunId") || null),
);
