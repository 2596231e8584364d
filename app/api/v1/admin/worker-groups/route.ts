import { withActor } from "@/lib/api/handler";
import { createWorkerGroup, listWorkerGroups } from "@/lib/workers/groups";

// Instance administration (superadmins): worker groups and the live workers (SPEC §7).
export const GET = withActor("GET /api/v1/admin/worker-groups", async (_req, { actor }) => listWorkerGroups(actor));

export const POST = withActor("POST /api/v1/admin/worker-groups", async (_req, { actor, body }) => createWorkerGroup(actor, body));
