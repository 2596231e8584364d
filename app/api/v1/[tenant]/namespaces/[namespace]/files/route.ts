import { withTenant } from "@/lib/api/handler";
import { listAllFiles, listFiles } from "@/lib/files/files";

type Params = { tenant: string; namespace: string };

// ?path=folder lists one folder's direct children; ?recursive=true lists every file
export const GET = withTenant<Params>("GET /api/v1/{tenant}/namespaces/{namespace}/files", async (req, { ctx, params }) => {
  const url = new URL(req.url);
  if (url.searchParams.get("recursive") === "true") return listAllFiles(ctx, params.namespace);
  return listFiles(ctx, params.namespace, url.searchParams.get("path"));
});
