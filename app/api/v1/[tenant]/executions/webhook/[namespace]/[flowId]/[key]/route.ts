import { WAIT_LIMIT_MS } from "@/lib/api/execution-query";
import { errorResponse } from "@/lib/api/respond";
import { type RouteKey, routeSpec } from "@/lib/api/routes";
import { answerBody, findWebhook, fireWebhook, readWebhookRequest, throttleWebhook } from "@/lib/triggers/webhook";

// No login: the key in the URL is the credential (lib/triggers/webhook.ts). The answer is the
// orchestrator's: the execution (200), nothing (204) when the trigger's conditions do not hold, the
// same 404 for anything that cannot be reached, 429 past the tenant's rate.

type Params = Record<string, string | string[]>;

function webhook(key: RouteKey) {
  routeSpec(key);
  return async (req: Request, args: { params: Promise<Params> }): Promise<Response> => {
    try {
      const { tenant, namespace, flowId, key } = await args.params;
      const address = { tenant: String(tenant), namespace: String(namespace), flowId: String(flowId), key: String(key) };
      await throttleWebhook(address.tenant);
      const match = await findWebhook(address);
      const answer = await fireWebhook(match, await readWebhookRequest(req), WAIT_LIMIT_MS);
      if (answer.status === 204) return new Response(null, { status: 204 });
      if (answer.contentType) return new Response(answerBody(answer.body, answer.contentType), { status: answer.status, headers: { "content-type": answer.contentType } });
      return Response.json(answer.body, { status: answer.status });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export const GET = webhook("GET /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}");
export const POST = webhook("POST /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}");
export const PUT = webhook("PUT /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}");
