import { withActor } from "@/lib/api/handler";
import { accessibleTenants } from "@/lib/tenants/access";

export const GET = withActor("GET /api/v1/me", async (_req, { actor }) => ({
  username: actor.username,
  displayName: actor.displayName,
  superadmin: actor.superadmin,
  tenants: await accessibleTenants(actor),
}));
