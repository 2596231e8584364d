import { withActor } from "@/lib/api/handler";
import { listPlugins } from "@/lib/plugins/list";

// The installed plugins and their types (anyone signed in); the packages that failed to load (superadmins).
export const GET = withActor("GET /api/v1/plugins", async (_req, { actor }) => listPlugins(actor));
