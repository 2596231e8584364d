import { withActor } from "@/lib/api/handler";
import { deleteWorkerGroup, getWorkerGroup, updateWorkerGroup } from "@/lib/workers/groups";

// Instance administration (superadmins): one worker group.
export const GET = withActor("GET /api/v1/admin/worker-groups/{key}", async (_req, { actor, params }) => getWorkerGroup(actor, params.key));

export const PUT = withActor("PUT /api/v1/admin/worker-groups/{key}", async (_req, { actor, params, body }) => updateWorkerGroup(actor, params.key, body));

export const DELETE = withActor("DELETE /api/v1/admin/worker-groups/{key}", async (_req, { actor, params }) => deleteWorkerGroup(actor, params.key));
