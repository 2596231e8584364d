import { readBody } from "@/lib/api/body";
import { withActor } from "@/lib/api/handler";
import { tenantAdminInput } from "@/lib/tenants/schemas";
import { addTenantAdmin } from "@/lib/tenants/tenants";

// A superadmin's recovery path: makes a user the tenant's tenant-wide Admin.
export const POST = withActor<{ id: string }>("POST /api/v1/tenants/{id}/admins", 
  async (req, { actor, params }) => addTenantAdmin(actor, params.id, await readBody(req, tenantAdminInput)),
  { status: 201 },
);
