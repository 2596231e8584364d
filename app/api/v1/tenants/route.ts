import { readBody } from "@/lib/api/body";
import { withActor } from "@/lib/api/handler";
import { tenantInput } from "@/lib/tenants/schemas";
import { createTenant, listTenants } from "@/lib/tenants/tenants";
import { z } from "zod";

// Shape problems are reported by the domain's own validation (422), so only the JSON is required here.
const body = z.record(z.string(), z.unknown());

export const GET = withActor("GET /api/v1/tenants", async (req, { actor }) => {
  const includeDeleted = new URL(req.url).searchParams.get("deleted") === "true";
  const results = await listTenants(actor, { includeDeleted });
  return { results, total: results.length };
});

export const POST = withActor("POST /api/v1/tenants", 
  async (req, { actor }) => createTenant(actor, (await readBody(req, body)) as z.input<typeof tenantInput>),
  { status: 201 },
);
