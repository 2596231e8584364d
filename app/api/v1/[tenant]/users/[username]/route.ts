import { withTenant } from "@/lib/api/handler";
import { grantAccess, revokeAccess } from "@/lib/tenants/access";

export const PUT = withTenant("PUT /api/v1/{tenant}/users/{username}", async (_req, { ctx, params }) => grantAccess(ctx, params.username));

export const DELETE = withTenant("DELETE /api/v1/{tenant}/users/{username}", async (_req, { ctx, params }) => revokeAccess(ctx, params.username));
