import { withTenant } from "@/lib/api/handler";
import { createRole, listRoles } from "@/lib/rbac/roles";

export const GET = withTenant("GET /api/v1/{tenant}/roles", async (_req, { ctx }) => listRoles(ctx));

export const POST = withTenant("POST /api/v1/{tenant}/roles", async (_req, { ctx, body }) => createRole(ctx, body));
