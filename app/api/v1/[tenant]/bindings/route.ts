import { withTenant } from "@/lib/api/handler";
import { createBinding, listBindings } from "@/lib/rbac/bindings";

export const GET = withTenant("GET /api/v1/{tenant}/bindings", async (req, { ctx }) => {
  const q = new URL(req.url).searchParams;
  return listBindings(ctx, { user: q.get("user") ?? undefined, group: q.get("group") ?? undefined });
});

export const POST = withTenant("POST /api/v1/{tenant}/bindings", async (_req, { ctx, body }) => createBinding(ctx, body));
