import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { listNamespaces } from "@/lib/namespaces/list";
import { createNamespace } from "@/lib/namespaces/namespaces";

const anyObject = z.record(z.string(), z.unknown());

export const GET = withTenant("GET /api/v1/{tenant}/namespaces", async (_req, { ctx }) => {
  const results = await listNamespaces(ctx);
  return { results, total: results.length };
});

export const POST = withTenant("POST /api/v1/{tenant}/namespaces", 
  async (req, { ctx }) => createNamespace(ctx, (await readBody(req, anyObject)) as { name: string; description?: string }),
  { status: 201 },
);
