import { ifMatchVersion } from "@/lib/api/etag";
import { flowResponse, readFlowSource } from "@/lib/api/flow-io";
import { withTenant } from "@/lib/api/handler";
import { preconditionRequired } from "@/lib/errors";
import { deleteFlow, getFlow, updateFlow } from "@/lib/flows/flows";

type Params = { tenant: string; namespace: string; id: string };

export const GET = withTenant<Params>("GET /api/v1/{tenant}/flows/{namespace}/{id}", async (req, { ctx, params }) =>
  flowResponse(req, await getFlow(ctx, params.namespace, params.id)),
);

export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/flows/{namespace}/{id}", async (req, { ctx, params }) => {
  const base = ifMatchVersion(req);
  if (base === undefined) {
    throw preconditionRequired('Send If-Match: "<revision>" naming the revision your change is based on');
  }
  const source = await readFlowSource(req);
  return flowResponse(req, await updateFlow(ctx, params.namespace, params.id, source, base));
});

export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/flows/{namespace}/{id}", async (_req, { ctx, params }) => deleteFlow(ctx, params.namespace, params.id));
