import { withTenant } from "@/lib/api/handler";
import { deleteSecret, putSecret } from "@/lib/secrets/secrets";

// 201 when the secret is new, 200 when its value was replaced; the answer never holds the value
export const PUT = withTenant("PUT /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", async (_req, { ctx, params, body }) => {
  const r = await putSecret(ctx, params.namespace, params.key, body);
  return Response.json(r.secret, { status: r.created ? 201 : 200 });
});

export const DELETE = withTenant("DELETE /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", async (_req, { ctx, params }) => deleteSecret(ctx, params.namespace, params.key));
