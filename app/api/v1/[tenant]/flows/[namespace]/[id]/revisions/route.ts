import { withTenant } from "@/lib/api/handler";
import { listRevisions } from "@/lib/flows/flows";

export const GET = withTenant<{ tenant: string; namespace: string; id: string }>("GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions", async (_req, { ctx, params }) =>
  listRevisions(ctx, params.namespace, params.id),
);
