import { withActor } from "@/lib/api/handler";
import { restoreTenant } from "@/lib/tenants/tenants";

export const POST = withActor<{ id: string }>(async (_req, { actor, params }) => restoreTenant(actor, params.id));
