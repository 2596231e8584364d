import { withActor } from "@/lib/api/handler";
import { restoreTenant } from "@/lib/tenants/tenants";

export const POST = withActor("POST /api/v1/tenants/{id}/restore", async (_req, { actor, params }) => restoreTenant(actor, params.id));
