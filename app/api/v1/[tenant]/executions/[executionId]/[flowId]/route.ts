import { WAIT_LIMIT_MS, startQuery } from "@/lib/api/execution-query";
import { withTenant } from "@/lib/api/handler";
import { startExecution, waitForEnd } from "@/lib/executions/executions";

// `executions/{namespace}/{flowId}`: the namespace arrives in the folder that also serves
// `executions/{executionId}` (lib/api/routes.ts `folders`).
export const POST = withTenant("POST /api/v1/{tenant}/executions/{namespace}/{flowId}", async (req, { ctx, params, body }) => {
  const query = startQuery(new URL(req.url).searchParams);
  const started = await startExecution(ctx, { namespace: params.namespace, flowId: params.flowId, inputs: body, labels: query.labels, revision: query.revision, scheduleDate: query.scheduleDate, trigger: { kind: "api" } });
  return query.wait ? waitForEnd(ctx, started.id, WAIT_LIMIT_MS) : started;
});
