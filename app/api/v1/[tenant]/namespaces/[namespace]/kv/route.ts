import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { listKv } from "@/lib/kv/kv";
import { inheritedParam } from "@/lib/kv/query";

export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/kv", async (req, { ctx, params }) => {
  const query = new URL(req.url).searchParams;
  return listKv(ctx, params.namespace, { ...parsePaging(query), inherited: inheritedParam(query, false) });
});
