import { withTenant } from "@/lib/api/handler";
import { flowDependencies } from "@/lib/flows/dependencies";

/** The flows around a flow that the caller may read: those it runs, that run it, that start it and that it starts. */
export const GET = withTenant("GET /api/v1/{tenant}/flows/{namespace}/{id}/dependencies", async (_req, { ctx, params }) =>
  flowDependencies(ctx, params.namespace, params.id),
);
