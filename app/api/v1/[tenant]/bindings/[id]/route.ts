import { withTenant } from "@/lib/api/handler";
import { deleteBinding } from "@/lib/rbac/bindings";

export const DELETE = withTenant<{ tenant: string; id: string }>("DELETE /api/v1/{tenant}/bindings/{id}", async (_req, { ctx, params }) => deleteBinding(ctx, params.id));
