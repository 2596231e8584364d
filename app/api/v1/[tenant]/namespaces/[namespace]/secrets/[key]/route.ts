import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { deleteSecret, putSecret } from "@/lib/secrets/secrets";

type Params = { tenant: string; namespace: string; key: string };

// 201 when the secret is new, 200 when its value was replaced; the answer never holds the value
export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", async (req, { ctx, params }) => {
  const r = await putSecret(ctx, params.namespace, params.key, await readBody(req, z.unknown()));
  return Response.json(r.secret, { status: r.created ? 201 : 200 });
});

export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", async (_req, { ctx, params }) => deleteSecret(ctx, params.namespace, params.key));
