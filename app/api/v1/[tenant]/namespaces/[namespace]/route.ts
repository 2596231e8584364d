import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { etag, ifMatchVersion } from "@/lib/api/etag";
import { withTenant } from "@/lib/api/handler";
import { deleteNamespace, getNamespace, updateNamespace } from "@/lib/namespaces/namespaces";

type Params = { tenant: string; namespace: string };
const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant<Params>("GET /api/v1/{tenant}/namespaces/{namespace}", async (_req, { ctx, params }) => {
  const ns = await getNamespace(ctx, params.namespace);
  return Response.json(ns, { headers: { ETag: etag(ns.version) } });
});

export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/namespaces/{namespace}", async (req, { ctx, params }) =>
  updateNamespace(ctx, params.namespace, await readBody(req, anyObject), ifMatchVersion(req)),
);

export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/namespaces/{namespace}", async (_req, { ctx, params }) => deleteNamespace(ctx, params.namespace));
