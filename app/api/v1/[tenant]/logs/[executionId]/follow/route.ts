import { logQuery } from "@/lib/api/execution-query";
import { withTenant } from "@/lib/api/handler";
import { sseResponse } from "@/lib/api/sse";
import { invalid } from "@/lib/errors";
import { followLogs } from "@/lib/executions/executions";

export const dynamic = "force-dynamic";

/** Resumes after `Last-Event-ID` (a log id) when the client reconnects, else after `?after=`. */
export const GET = withTenant("GET /api/v1/{tenant}/logs/{executionId}/follow", async (req, { ctx, params }) => {
  const filters = logQuery(new URL(req.url).searchParams);
  const last = req.headers.get("last-event-id");
  if (last !== null && !/^[0-9]{1,15}$/.test(last.trim())) throw invalid("Invalid Last-Event-ID", [{ path: "Last-Event-ID", message: "Last-Event-ID must be a log id" }]);
  const after = last !== null ? Number(last.trim()) : filters.after;
  return sseResponse(
    async function* (signal) {
      for await (const line of followLogs(ctx, params.executionId, { ...filters, after }, signal)) yield { id: line.id, event: "log", data: line };
    },
    { signal: req.signal },
  );
});
