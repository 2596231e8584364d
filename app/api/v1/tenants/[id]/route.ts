import { withActor } from "@/lib/api/handler";
import { deleteTenant, getTenant, updateTenant } from "@/lib/tenants/tenants";

export const GET = withActor("GET /api/v1/tenants/{id}", async (_req, { actor, params }) => getTenant(actor, params.id));

export const PUT = withActor("PUT /api/v1/tenants/{id}", async (_req, { actor, params, body }) => updateTenant(actor, params.id, body));

export const DELETE = withActor("DELETE /api/v1/tenants/{id}", async (_req, { actor, params }) => deleteTenant(actor, params.id));
