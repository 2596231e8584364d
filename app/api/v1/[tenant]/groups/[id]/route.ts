import { withTenant } from "@/lib/api/handler";
import { deleteGroup, getGroup, updateGroup } from "@/lib/rbac/groups";

export const GET = withTenant("GET /api/v1/{tenant}/groups/{id}", async (_req, { ctx, params }) => getGroup(ctx, params.id));

export const PUT = withTenant("PUT /api/v1/{tenant}/groups/{id}", async (_req, { ctx, params, body }) => updateGroup(ctx, params.id, body));

export const DELETE = withTenant("DELETE /api/v1/{tenant}/groups/{id}", async (_req, { ctx, params }) => deleteGroup(ctx, params.id));
