import { withActor } from "@/lib/api/handler";
import { setDisabled } from "@/lib/users/users";

// Instance administration (superadmins): a disabled user may sign in again (old sessions stay ended).
export const POST = withActor("POST /api/v1/admin/users/{username}/enable", async (_req, { actor, params }) => setDisabled(actor, params.username, false));
