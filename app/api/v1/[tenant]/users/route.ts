import { parsePaging } from "@/lib/api/paging";
import { withTenant } from "@/lib/api/handler";
import { listTenantUsers } from "@/lib/tenants/access";

export const GET = withTenant("GET /api/v1/{tenant}/users", async (req, { ctx }) => {
  const paging = parsePaging(new URL(req.url).searchParams);
  return listTenantUsers(ctx, paging);
});
