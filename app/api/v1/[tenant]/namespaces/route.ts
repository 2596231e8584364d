import { withTenant } from "@/lib/api/handler";
import { pageOf, parseListingPaging } from "@/lib/api/paging";
import { listNamespaces } from "@/lib/namespaces/list";
import { createNamespace } from "@/lib/namespaces/namespaces";

/** The namespaces the caller may read, by name, a page at a time (`page`, `size` up to 1000). */
export const GET = withTenant("GET /api/v1/{tenant}/namespaces", async (req, { ctx }) => {
  const paging = parseListingPaging(new URL(req.url).searchParams);
  return pageOf(await listNamespaces(ctx), paging);
});

export const POST = withTenant("POST /api/v1/{tenant}/namespaces", async (_req, { ctx, body }) => createNamespace(ctx, body));
