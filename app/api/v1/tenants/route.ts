import { withActor } from "@/lib/api/handler";
import { createTenant, listTenants } from "@/lib/tenants/tenants";

export const GET = withActor("GET /api/v1/tenants", async (req, { actor }) => {
  const includeDeleted = new URL(req.url).searchParams.get("deleted") === "true";
  const results = await listTenants(actor, { includeDeleted });
  return { results, total: results.length };
});

export const POST = withActor("POST /api/v1/tenants", async (_req, { actor, body }) => createTenant(actor, body));
