import { withTenant } from "@/lib/api/handler";
import { exportAuditLogsCsv, parseAuditFilters } from "@/lib/audit/read";

export const GET = withTenant("GET /api/v1/{tenant}/auditlogs/export", async (req, { ctx }) => {
  const csv = await exportAuditLogsCsv(ctx, parseAuditFilters(new URL(req.url).searchParams));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="auditlog-${ctx.tenantId}.csv"`,
    },
  });
});
