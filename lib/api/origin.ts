import "server-only";
import { badRequest, forbidden } from "../errors";
import type { RouteSpec } from "./routes";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// what an HTML form (or a no-preflight fetch) from another site can send
const SIMPLE_TYPES = /^\s*(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The origins this instance answers on: the public URL and the request's own host. */
function ownOrigins(req: Request): string[] {
  const out = [new URL(req.url).origin];
  const host = req.headers.get("host");
  if (host) out.push(`${new URL(req.url).protocol}//${host}`);
  if (process.env.NEXTAUTH_URL) {
    try {
      out.push(new URL(process.env.NEXTAUTH_URL).origin);
    } catch {
      // a malformed public URL is reported by the configuration check at start
    }
  }
  return out;
}

/**
 * Cross-site request forgery: a browser attaches the session cookie to requests that another site
 * makes. A cookie-authenticated write must come from this instance's own pages: a matching
 * `Origin` (or `Sec-Fetch-Site: same-origin` when a browser omits Origin) and one of the API's own
 * content types, which no cross-site form can send without a CORS preflight that is never granted.
 * Bearer-token requests carry no ambient credential and are not affected.
 */
export function refuseCrossSite(req: Request, route: RouteSpec) {
  if (!UNSAFE.has(req.method) || req.headers.has("authorization")) return;
  if (!req.headers.get("cookie")) return; // no session to abuse: the request is answered 401
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (origin !== null) {
    if (origin === "null" || !ownOrigins(req).includes(origin)) throw forbidden("Cross-site request refused: the Origin is not this instance");
  } else if (site !== null && site !== "same-origin" && site !== "none") {
    throw forbidden("Cross-site request refused: Sec-Fetch-Site is not same-origin");
  }
  const type = req.headers.get("content-type");
  // an execution's FILE inputs are a multipart form: accepted from the instance's own Origin only
  if (route.body === "inputs" && origin !== null && type !== null && /^\s*multipart\/form-data\b/i.test(type)) return;
  if (type !== null && SIMPLE_TYPES.test(type) && route.body !== undefined) {
    throw badRequest(`Send the body with the API's own content type (${route.body === "binary" ? "application/octet-stream" : route.body === "yaml" ? "application/x-yaml" : "application/json"})`);
  }
}
