import { flowResponse } from "@/lib/api/flow-io";
import { withTenant } from "@/lib/api/handler";
import { restoreRevision } from "@/lib/flows/flows";

export const POST = withTenant("POST /api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}/restore", async (req, { ctx, params, ifMatch }) =>
  flowResponse(req, await restoreRevision(ctx, params.namespace, params.id, params.revision, ifMatch!)),
);
