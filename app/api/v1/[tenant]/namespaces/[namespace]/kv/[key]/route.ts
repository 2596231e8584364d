import { etag } from "@/lib/api/etag";
import { withTenant } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { deleteKv, getKv, putKv } from "@/lib/kv/kv";
import { inheritedParam } from "@/lib/kv/query";

export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", async (req, { ctx, params }) => {
  const entry = await getKv(ctx, params.namespace, params.key, { inherited: inheritedParam(new URL(req.url).searchParams, true) });
  // an ancestor's entry cannot be written through this URL: no ETag to send back
  return Response.json(entry, { headers: entry.inheritedFrom ? {} : { ETag: etag(entry.version) } });
});

export const PUT = withTenant("PUT /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", async (req, { ctx, params, body, ifMatch }) => {
  const none = req.headers.get("if-none-match");
  if (none !== null && none.trim() !== "*") throw badRequest("If-None-Match accepts only *, to create a key that must not exist yet");
  const { entry, created } = await putKv(ctx, params.namespace, params.key, body, { mode: "upsert", ifMatch, ifNoneMatch: none !== null });
  return Response.json(entry, { status: created ? 201 : 200, headers: { ETag: etag(entry.version) } });
});

export const DELETE = withTenant("DELETE /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", async (_req, { ctx, params, ifMatch }) => deleteKv(ctx, params.namespace, params.key, ifMatch));
