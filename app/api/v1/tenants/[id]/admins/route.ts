import { withActor } from "@/lib/api/handler";
import { addTenantAdmin } from "@/lib/tenants/tenants";

// A superadmin's recovery path: makes a user the tenant's tenant-wide Admin.
export const POST = withActor("POST /api/v1/tenants/{id}/admins", async (_req, { actor, params, body }) => addTenantAdmin(actor, params.id, body));
