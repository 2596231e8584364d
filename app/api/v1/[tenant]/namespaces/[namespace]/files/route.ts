import { withTenant } from "@/lib/api/handler";
import { parseListingPaging } from "@/lib/api/paging";
import { listAllFiles, listFiles } from "@/lib/files/files";

type Params = { tenant: string; namespace: string };

// ?path=folder lists one folder's direct children; ?recursive=true lists every file; both a page
// at a time (`page`, `size` up to 1000)
export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/files", async (req, { ctx, params }) => {
  const url = new URL(req.url);
  const paging = parseListingPaging(url.searchParams);
  if (url.searchParams.get("recursive") === "true") return listAllFiles(ctx, params.namespace, paging);
  return listFiles(ctx, params.namespace, url.searchParams.get("path"), paging);
});
