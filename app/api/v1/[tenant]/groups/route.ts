import { withTenant } from "@/lib/api/handler";
import { createGroup, listGroups } from "@/lib/rbac/groups";

export const GET = withTenant("GET /api/v1/{tenant}/groups", async (_req, { ctx }) => listGroups(ctx));

export const POST = withTenant("POST /api/v1/{tenant}/groups", async (_req, { ctx, body }) => createGroup(ctx, body));
