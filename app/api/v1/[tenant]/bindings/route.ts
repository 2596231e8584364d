import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { createBinding, listBindings } from "@/lib/rbac/bindings";
import type { BindingInput } from "@/lib/rbac/schemas";

const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant("GET /api/v1/{tenant}/bindings", async (req, { ctx }) => {
  const q = new URL(req.url).searchParams;
  return listBindings(ctx, { user: q.get("user") ?? undefined, group: q.get("group") ?? undefined });
});

export const POST = withTenant("POST /api/v1/{tenant}/bindings", async (req, { ctx }) => createBinding(ctx, (await readBody(req, anyObject)) as BindingInput), {
  status: 201,
});
