import { withTenant } from "@/lib/api/handler";
import { grantAccess, revokeAccess } from "@/lib/tenants/access";

type Params = { tenant: string; username: string };

export const PUT = withTenant<Params>(async (_req, { ctx, params }) => grantAccess(ctx, decodeURIComponent(params.username)));

export const DELETE = withTenant<Params>(async (_req, { ctx, params }) =>
  revokeAccess(ctx, decodeURIComponent(params.username)),
);
