import { withTenant } from "@/lib/api/handler";
import { pauseBackfill } from "@/lib/triggers/triggers";

export const POST = withTenant("POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill/pause", async (_req, { ctx, params }) => pauseBackfill(ctx, params, true));
