import { withActor } from "@/lib/api/handler";
import { adminResetPassword } from "@/lib/users/admin";

// Instance administration (superadmins): a new password, the given one or a generated one answered
// once; every session of the user ends.
export const POST = withActor("POST /api/v1/admin/users/{username}/password", async (_req, { actor, params, body }) =>
  adminResetPassword(actor, params.username, body.password),
);
