import { withTenant } from "@/lib/api/handler";
import { setTriggerDisabled } from "@/lib/triggers/triggers";

export const PUT = withTenant("PUT /api/v1/{tenant}/flows/{namespace}/{id}/triggers/{triggerId}", async (_req, { ctx, params, body }) =>
  setTriggerDisabled(ctx, { namespace: params.namespace, flowId: params.id, triggerId: params.triggerId }, body.disabled),
);
