import { withActor } from "@/lib/api/handler";
import { getInstanceUser } from "@/lib/users/admin";

// Instance administration (superadmins): one user, where they have access and what.
export const GET = withActor("GET /api/v1/admin/users/{username}", async (_req, { actor, params }) => getInstanceUser(actor, params.username));
