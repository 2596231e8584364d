import { withTenant } from "@/lib/api/handler";
import { deleteBackfill, setBackfill } from "@/lib/triggers/triggers";

export const PUT = withTenant("PUT /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill", async (_req, { ctx, params, body }) =>
  setBackfill(ctx, params, body),
);

export const DELETE = withTenant("DELETE /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill", async (_req, { ctx, params }) => deleteBackfill(ctx, params));
