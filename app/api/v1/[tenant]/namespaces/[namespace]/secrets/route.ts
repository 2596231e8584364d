import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listNamespaceSecrets } from "@/lib/secrets/secrets";

// the namespace's effective secrets: its own, its allowing ancestors' and the tenant's (keys only)
export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/secrets", async (req, { ctx, params }) =>
  listNamespaceSecrets(ctx, params.namespace, parsePaging(new URL(req.url).searchParams)),
);
