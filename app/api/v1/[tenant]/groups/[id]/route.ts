import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { deleteGroup, getGroup, updateGroup } from "@/lib/rbac/groups";
import type { GroupInput } from "@/lib/rbac/schemas";

type Params = { tenant: string; id: string };
const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant<Params>("GET /api/v1/{tenant}/groups/{id}", async (_req, { ctx, params }) => getGroup(ctx, params.id));

export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/groups/{id}", async (req, { ctx, params }) =>
  updateGroup(ctx, params.id, (await readBody(req, anyObject)) as Partial<GroupInput>),
);

export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/groups/{id}", async (_req, { ctx, params }) => deleteGroup(ctx, params.id));
