import { etag } from "@/lib/api/etag";
import { withTenant } from "@/lib/api/handler";
import { deleteRole, getRole, updateRole } from "@/lib/rbac/roles";

export const GET = withTenant("GET /api/v1/{tenant}/roles/{id}", async (_req, { ctx, params }) => {
  const role = await getRole(ctx, params.id);
  return Response.json(role, { headers: { ETag: etag(role.version) } });
});

export const PUT = withTenant("PUT /api/v1/{tenant}/roles/{id}", async (_req, { ctx, params, body, ifMatch }) => {
  const role = await updateRole(ctx, params.id, body, ifMatch);
  return Response.json(role, { headers: { ETag: etag(role.version) } });
});

export const DELETE = withTenant("DELETE /api/v1/{tenant}/roles/{id}", async (_req, { ctx, params }) => deleteRole(ctx, params.id));
