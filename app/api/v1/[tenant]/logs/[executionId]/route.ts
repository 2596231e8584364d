import { logQuery } from "@/lib/api/execution-query";
import { withTenant } from "@/lib/api/handler";
import { listLogs } from "@/lib/executions/executions";

/** `?minLevel=&taskRunId=&taskId=&after=<log id>&size=`: the execution's log lines in order. */
export const GET = withTenant("GET /api/v1/{tenant}/logs/{executionId}", async (req, { ctx, params }) => listLogs(ctx, params.executionId, logQuery(new URL(req.url).searchParams)));
