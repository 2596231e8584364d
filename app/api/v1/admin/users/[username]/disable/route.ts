import { withActor } from "@/lib/api/handler";
import { setDisabled } from "@/lib/users/users";

// Instance administration (superadmins): the user can no longer sign in, and their sessions and
// API tokens stop working at once.
export const POST = withActor("POST /api/v1/admin/users/{username}/disable", async (_req, { actor, params }) => setDisabled(actor, params.username, true));
