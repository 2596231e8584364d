import { withActor } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listInstanceAuditLogs } from "@/lib/audit/instance-read";
import { parseAuditFilters } from "@/lib/audit/read";

// Instance administration (superadmins): the instance audit log, filtered like a tenant's.
export const GET = withActor("GET /api/v1/admin/auditlogs", async (req, { actor }) => {
  const params = new URL(req.url).searchParams;
  return listInstanceAuditLogs(actor, parseAuditFilters(params), parsePaging(params));
});
