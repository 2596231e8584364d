import { withActor } from "@/lib/api/handler";
import { endUserSessions } from "@/lib/users/admin";

// Instance administration (superadmins): signs the user out everywhere; API tokens stay valid.
export const DELETE = withActor("DELETE /api/v1/admin/users/{username}/sessions", async (_req, { actor, params }) => endUserSessions(actor, params.username));
