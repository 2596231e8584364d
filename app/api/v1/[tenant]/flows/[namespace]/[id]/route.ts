import { flowResponse } from "@/lib/api/flow-io";
import { withTenant } from "@/lib/api/handler";
import { deleteFlow, getFlow, updateFlow } from "@/lib/flows/flows";

export const GET = withTenant("GET /api/v1/{tenant}/flows/{namespace}/{id}", async (req, { ctx, params }) =>
  flowResponse(req, await getFlow(ctx, params.namespace, params.id)),
);

// If-Match is required (428 without it): the edge checks it before the body is read
export const PUT = withTenant("PUT /api/v1/{tenant}/flows/{namespace}/{id}", async (req, { ctx, params, body, ifMatch }) =>
  flowResponse(req, await updateFlow(ctx, params.namespace, params.id, body, ifMatch!)),
);

export const DELETE = withTenant("DELETE /api/v1/{tenant}/flows/{namespace}/{id}", async (_req, { ctx, params }) => deleteFlow(ctx, params.namespace, params.id));
