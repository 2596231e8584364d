import { logQuery } from "@/lib/api/execution-query";
import { withTenant } from "@/lib/api/handler";
import { logLines } from "@/lib/executions/executions";

/** The logs as a text attachment, streamed a page at a time. */
export const GET = withTenant("GET /api/v1/{tenant}/logs/{executionId}/download", async (req, { ctx, params }) => {
  const lines = logLines(ctx, params.executionId, logQuery(new URL(req.url).searchParams));
  const first = await lines.next(); // a refusal (404) is answered before the download starts
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(out) {
      if (!first.done) {
        out.enqueue(encoder.encode(first.value));
        for await (const line of { [Symbol.asyncIterator]: () => lines }) out.enqueue(encoder.encode(line));
      }
      out.close();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `attachment; filename="${params.executionId}.log"` },
  });
});
