import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listTriggers } from "@/lib/triggers/triggers";

/** `?namespace=&flowId=&page=&size=`: the Schedule triggers of the flows the caller may read. */
export const GET = withTenant("GET /api/v1/{tenant}/triggers/search", async (req, { ctx }) => {
  const params = new URL(req.url).searchParams;
  return listTriggers(ctx, { namespace: params.get("namespace") || undefined, flowId: params.get("flowId") || undefined }, parsePaging(params));
});
