import { withActor } from "@/lib/api/handler";
import { instanceAuditCsvStream } from "@/lib/audit/export";
import { parseAuditFilters } from "@/lib/audit/read";

/** The filtered instance audit log as CSV, streamed a batch at a time (superadmins). */
export const GET = withActor("GET /api/v1/admin/auditlogs/export", async (req, { actor }) => {
  const body = await instanceAuditCsvStream(actor, parseAuditFilters(new URL(req.url).searchParams));
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="auditlog-instance.csv"' },
  });
});
