import { errorResponse } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";

// Every /api path that no route serves: the API's own error shape, not the HTML page for people.
// More specific routes always win over this catch-all, so it only answers what nothing else does.
function noSuchRoute(req: Request): Response {
  return errorResponse(notFound(`No API route for ${req.method} ${new URL(req.url).pathname}`));
}

export const GET = noSuchRoute;
export const HEAD = noSuchRoute;
export const POST = noSuchRoute;
export const PUT = noSuchRoute;
export const PATCH = noSuchRoute;
export const DELETE = noSuchRoute;
export const OPTIONS = noSuchRoute;
