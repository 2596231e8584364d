import { withTenant } from "@/lib/api/handler";
import { invalid } from "@/lib/errors";
import { getRevision } from "@/lib/flows/flows";

type Params = { tenant: string; namespace: string; id: string; revision: string };

/** One revision with its source. */
export const GET = withTenant<Params>("GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}", async (_req, { ctx, params }) => {
  if (!/^[1-9][0-9]{0,9}$/.test(params.revision)) throw invalid("A revision is a positive integer");
  return getRevision(ctx, params.namespace, params.id, Number(params.revision));
});
