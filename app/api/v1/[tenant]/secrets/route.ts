import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listTenantSecrets } from "@/lib/secrets/secrets";

export const GET = withTenant("GET /api/v1/{tenant}/secrets", async (req, { ctx }) => listTenantSecrets(ctx, parsePaging(new URL(req.url).searchParams)));
