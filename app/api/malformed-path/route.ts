import { errorResponse } from "@/lib/api/respond";
import { badRequest } from "@/lib/errors";

// Where next.config.js sends an API path that is not valid percent-encoding and that proxy.ts
// does not see (the namespace file routes): the same 400 as proxy.ts answers for every other path.
function malformedPath(): Response {
  return errorResponse(badRequest("The URL is not valid percent-encoding"));
}

export const GET = malformedPath;
export const HEAD = malformedPath;
export const POST = malformedPath;
export const PUT = malformedPath;
export const PATCH = malformedPath;
export const DELETE = malformedPath;
export const OPTIONS = malformedPath;
