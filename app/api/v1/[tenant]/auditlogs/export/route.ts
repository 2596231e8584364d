import { withTenant } from "@/lib/api/handler";
import { auditCsvStream } from "@/lib/audit/export";
import { parseAuditFilters } from "@/lib/audit/read";

/** The filtered audit log as CSV, streamed a batch at a time. */
export const GET = withTenant("GET /api/v1/{tenant}/auditlogs/export", async (req, { ctx }) => {
  const body = await auditCsvStream(ctx, parseAuditFilters(new URL(req.url).searchParams));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="auditlog-${ctx.tenantId}.csv"`,
    },
  });
});
