import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { etag, ifMatchVersion } from "@/lib/api/etag";
import { withTenant } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { deleteKv, getKv, putKv } from "@/lib/kv/kv";
import { inheritedParam } from "@/lib/kv/query";
import type { KvInput } from "@/lib/kv/schemas";

type Params = { tenant: string; namespace: string; key: string };
const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant<Params>("GET /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", async (req, { ctx, params }) => {
  const entry = await getKv(ctx, params.namespace, params.key, { inherited: inheritedParam(new URL(req.url).searchParams, true) });
  // an ancestor's entry cannot be written through this URL: no ETag to send back
  return Response.json(entry, { headers: entry.inheritedFrom ? {} : { ETag: etag(entry.version) } });
});

export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", async (req, { ctx, params }) => {
  const ifMatch = ifMatchVersion(req);
  const none = req.headers.get("if-none-match");
  if (none !== null && none.trim() !== "*") throw badRequest("If-None-Match accepts only *, to create a key that must not exist yet");
  const body = (await readBody(req, anyObject)) as KvInput;
  const { entry, created } = await putKv(ctx, params.namespace, params.key, body, { mode: "upsert", ifMatch, ifNoneMatch: none !== null });
  return Response.json(entry, { status: created ? 201 : 200, headers: { ETag: etag(entry.version) } });
});

export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/namespaces/{namespace}/kv/{key}", async (req, { ctx, params }) => deleteKv(ctx, params.namespace, params.key, ifMatchVersion(req)));
