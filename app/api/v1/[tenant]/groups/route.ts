import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { createGroup, listGroups } from "@/lib/rbac/groups";
import type { GroupInput } from "@/lib/rbac/schemas";

const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant("GET /api/v1/{tenant}/groups", async (_req, { ctx }) => listGroups(ctx));

export const POST = withTenant("POST /api/v1/{tenant}/groups", async (req, { ctx }) => createGroup(ctx, (await readBody(req, anyObject)) as GroupInput), {
  status: 201,
});
