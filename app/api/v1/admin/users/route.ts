import { withActor } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { searchInstanceUsers } from "@/lib/users/admin";

// Instance administration (superadmins): users whose username or display name contains `q`.
export const GET = withActor("GET /api/v1/admin/users", async (req, { actor }) => {
  const params = new URL(req.url).searchParams;
  return searchInstanceUsers(actor, params.get("q") ?? undefined, parsePaging(params));
});
