import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { etag, ifMatchVersion } from "@/lib/api/etag";
import { withTenant } from "@/lib/api/handler";
import { deleteRole, getRole, updateRole } from "@/lib/rbac/roles";
import type { RoleInput } from "@/lib/rbac/schemas";

type Params = { tenant: string; id: string };
const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant<Params>("GET /api/v1/{tenant}/roles/{id}", async (_req, { ctx, params }) => {
  const role = await getRole(ctx, params.id);
  return Response.json(role, { headers: { ETag: etag(role.version) } });
});

export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/roles/{id}", async (req, { ctx, params }) => {
  const version = ifMatchVersion(req);
  const role = await updateRole(ctx, params.id, (await readBody(req, anyObject)) as Partial<RoleInput>, version);
  return Response.json(role, { headers: { ETag: etag(role.version) } });
});

export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/roles/{id}", async (_req, { ctx, params }) => deleteRole(ctx, params.id));
