import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { createRole, listRoles } from "@/lib/rbac/roles";
import type { RoleInput } from "@/lib/rbac/schemas";

const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant("GET /api/v1/{tenant}/roles", async (_req, { ctx }) => listRoles(ctx));

export const POST = withTenant("POST /api/v1/{tenant}/roles", async (req, { ctx }) => createRole(ctx, (await readBody(req, anyObject)) as RoleInput), {
  status: 201,
});
