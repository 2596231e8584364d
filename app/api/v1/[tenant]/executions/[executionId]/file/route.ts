import { withTenant } from "@/lib/api/handler";
import { executionFile } from "@/lib/executions/execution-files";

/** Downloads one of the execution's files (?path=kestra:///...), always as an attachment. */
export const GET = withTenant("GET /api/v1/{tenant}/executions/{executionId}/file", async (req, { ctx, params }) => {
  const { name, body } = await executionFile(ctx, params.executionId, new URL(req.url).searchParams.get("path"));
  return new Response(body as BodyInit, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(body.byteLength),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});
