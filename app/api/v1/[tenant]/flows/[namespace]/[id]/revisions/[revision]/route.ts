import { withTenant } from "@/lib/api/handler";
import { getRevision } from "@/lib/flows/flows";

/** One revision with its source. */
export const GET = withTenant("GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}", async (_req, { ctx, params }) =>
  getRevision(ctx, params.namespace, params.id, params.revision),
);
