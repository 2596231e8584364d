import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listRevisions } from "@/lib/flows/flows";

/** A page of the flow's revisions, newest first, without their sources (`page`, `size` up to 100). */
export const GET = withTenant("GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions", async (req, { ctx, params }) =>
  listRevisions(ctx, params.namespace, params.id, parsePaging(new URL(req.url).searchParams)),
);
