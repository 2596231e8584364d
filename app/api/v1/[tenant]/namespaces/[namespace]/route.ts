import { etag } from "@/lib/api/etag";
import { withTenant } from "@/lib/api/handler";
import { deleteNamespace, getNamespace, updateNamespace } from "@/lib/namespaces/namespaces";

export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}", async (_req, { ctx, params }) => {
  const ns = await getNamespace(ctx, params.namespace);
  return Response.json(ns, { headers: { ETag: etag(ns.version) } });
});

export const PUT = withTenant("PUT /api/v1/{tenant}/namespaces/{namespace}", async (_req, { ctx, params, body, ifMatch }) =>
  updateNamespace(ctx, params.namespace, body, ifMatch),
);

export const DELETE = withTenant("DELETE /api/v1/{tenant}/namespaces/{namespace}", async (_req, { ctx, params }) => deleteNamespace(ctx, params.namespace));
