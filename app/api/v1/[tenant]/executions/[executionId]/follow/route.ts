import { withTenant } from "@/lib/api/handler";
import { sseResponse } from "@/lib/api/sse";
import { followExecution } from "@/lib/executions/executions";

export const dynamic = "force-dynamic";

export const GET = withTenant("GET /api/v1/{tenant}/executions/{executionId}/follow", async (req, { ctx, params }) =>
  sseResponse(
    async function* (signal) {
      for await (const execution of followExecution(ctx, params.executionId, signal)) yield { event: "execution", data: execution };
    },
    { signal: req.signal },
  ),
);
