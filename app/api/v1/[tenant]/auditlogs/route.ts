import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listAuditLogs, parseAuditFilters } from "@/lib/audit/read";

export const GET = withTenant("GET /api/v1/{tenant}/auditlogs", async (req, { ctx }) => {
  const params = new URL(req.url).searchParams;
  return listAuditLogs(ctx, parseAuditFilters(params), parsePaging(params));
});
