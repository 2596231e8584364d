import { withTenant } from "@/lib/api/handler";
import { namespaceBackends } from "@/lib/namespaces/settings";

export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/backends", async (_req, { ctx, params }) =>
  namespaceBackends(ctx, params.namespace),
);
