import { withTenant } from "@/lib/api/handler";
import { unlockTrigger } from "@/lib/triggers/triggers";

export const POST = withTenant("POST /api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/unlock", async (_req, { ctx, params }) => unlockTrigger(ctx, params));
