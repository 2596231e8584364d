import { withTenant } from "@/lib/api/handler";
import { deleteBinding } from "@/lib/rbac/bindings";

export const DELETE = withTenant("DELETE /api/v1/{tenant}/bindings/{id}", async (_req, { ctx, params }) => deleteBinding(ctx, params.id));
