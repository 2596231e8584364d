import { z } from "zod";
import { readBody } from "@/lib/api/body";
import { withActor } from "@/lib/api/handler";
import { tenantUpdate } from "@/lib/tenants/schemas";
import { deleteTenant, getTenant, updateTenant } from "@/lib/tenants/tenants";

const body = z.record(z.string(), z.unknown());

export const GET = withActor<{ id: string }>("GET /api/v1/tenants/{id}", async (_req, { actor, params }) => getTenant(actor, params.id));

export const PUT = withActor<{ id: string }>("PUT /api/v1/tenants/{id}", async (req, { actor, params }) =>
  updateTenant(actor, params.id, (await readBody(req, body)) as z.input<typeof tenantUpdate>),
);

export const DELETE = withActor<{ id: string }>("DELETE /api/v1/tenants/{id}", async (_req, { actor, params }) => deleteTenant(actor, params.id));
