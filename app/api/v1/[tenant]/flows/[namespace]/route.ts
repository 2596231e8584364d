import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listFlowsInNamespace } from "@/lib/flows/list";

export const GET = withTenant("GET /api/v1/{tenant}/flows/{namespace}", async (req, { ctx, params }) =>
  listFlowsInNamespace(ctx, params.namespace, parsePaging(new URL(req.url).searchParams)),
);
