import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { searchFlows } from "@/lib/flows/list";

export const GET = withTenant(async (req, { ctx }) => {
  const params = new URL(req.url).searchParams;
  return searchFlows(
    ctx,
    { q: params.get("q") ?? undefined, namespace: params.get("namespace") ?? undefined },
    parsePaging(params),
  );
});
