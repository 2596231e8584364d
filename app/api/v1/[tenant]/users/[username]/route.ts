import { withTenant } from "@/lib/api/handler";
import { grantAccess, revokeAccess } from "@/lib/tenants/access";

type Params = { tenant: string; username: string };

export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/users/{username}", async (_req, { ctx, params }) => grantAccess(ctx, params.username));

export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/users/{username}", async (_req, { ctx, params }) =>
  revokeAccess(ctx, params.username),
);
