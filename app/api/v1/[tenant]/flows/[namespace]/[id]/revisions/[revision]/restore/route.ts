import { ifMatchVersion } from "@/lib/api/etag";
import { flowResponse } from "@/lib/api/flow-io";
import { withTenant } from "@/lib/api/handler";
import { invalid, preconditionRequired } from "@/lib/errors";
import { restoreRevision } from "@/lib/flows/flows";

type Params = { tenant: string; namespace: string; id: string; revision: string };

export const POST = withTenant<Params>("POST /api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}/restore", async (req, { ctx, params }) => {
  const revision = Number(params.revision);
  if (!Number.isInteger(revision) || revision < 1) throw invalid("A revision is a positive integer");
  const base = ifMatchVersion(req);
  if (base === undefined) throw preconditionRequired('Send If-Match: "<revision>" naming the current revision');
  return flowResponse(req, await restoreRevision(ctx, params.namespace, params.id, revision, base));
});
