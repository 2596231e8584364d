import { getToken } from "next-auth/jwt";
import { type NextRequest, NextResponse } from "next/server";

// Tenant-less URLs address the default tenant (SPEC §5): `/api/v1/flows/x` is `/api/v1/main/flows/x`
// and `/ui/flows` is `/ui/main/flows`. Whether the default tenant is served is decided where the
// tenant is opened (a 404 when it is not), so this only rewrites.
const DEFAULT_TENANT = "main";
const API_WORDS = new Set([
  "flows",
  "namespaces",
  "secrets",
  "kv",
  "files",
  "users",
  "groups",
  "roles",
  "bindings",
  "auditlogs",
  "executions",
  "logs",
  "settings",
]);
const UI_WORDS = new Set(["flows", "namespaces", "executions"]);
const UI_TENANT_ADMIN_WORDS = new Set(["groups", "roles", "bindings", "secrets"]);

function tenantlessRewrite(pathname: string): string | null {
  const parts = pathname.split("/");
  // ["", "api", "v1", word, ...]
  if (parts[1] === "api" && parts[2] === "v1" && API_WORDS.has(parts[3] ?? "")) {
    return ["", "api", "v1", DEFAULT_TENANT, ...parts.slice(3)].join("/");
  }
  if (parts[1] === "ui" && UI_WORDS.has(parts[2] ?? "")) {
    return ["", "ui", DEFAULT_TENANT, ...parts.slice(2)].join("/");
  }
  if (parts[1] === "ui" && parts[2] === "admin" && UI_TENANT_ADMIN_WORDS.has(parts[3] ?? "")) {
    return ["", "ui", DEFAULT_TENANT, ...parts.slice(2)].join("/");
  }
  return null;
}

/**
 * A Content-Security-Policy with a fresh nonce per request: Next.js puts the nonce on its own
 * scripts (it reads it from the request's CSP header), and scripts they load are trusted through
 * 'strict-dynamic'. Styles stay 'unsafe-inline' (the code editor injects style elements).
 */
function contentSecurityPolicy(nonce: string) {
  const dev = process.env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Pages get the page CSP on their answer. API routes answer JSON or set their own CSP (file
 * downloads: `default-src 'none'; sandbox`), and a header set here would replace theirs.
 */
function withCsp(res: NextResponse, csp: string, pathname: string) {
  if (!isApi(pathname)) res.headers.set("Content-Security-Policy", csp);
  return res;
}

/** True when every segment of the raw path is valid percent-encoding (Next.js would fail to decode it with a 500). */
function decodable(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const isApi = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (!decodable(pathname)) {
    const message = "The URL is not valid percent-encoding";
    return pathname.startsWith("/api/")
      ? NextResponse.json({ error: { code: "BAD_REQUEST", message, details: [] } }, { status: 400 })
      : new NextResponse(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (pathname === "/") return NextResponse.redirect(new URL("/ui", req.url));
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);

  if (pathname === "/ui" || pathname.startsWith("/ui/")) {
    const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
    if (!token) {
      const login = new URL("/login", req.url);
      login.searchParams.set("callbackUrl", pathname + search);
      return NextResponse.redirect(login);
    }
  }
  const rewritten = tenantlessRewrite(pathname);
  const headers = new Headers(req.headers);
  headers.set("Content-Security-Policy", csp);
  if (rewritten) {
    const url = req.nextUrl.clone();
    url.pathname = rewritten;
    return withCsp(NextResponse.rewrite(url, { request: { headers } }), csp, pathname);
  }
  return withCsp(NextResponse.next({ request: { headers } }), csp, pathname);
}

// Namespace file routes never pass through here: Next.js hands a proxy a copy of the request body
// cut at 10 MB and the route would then read (and store) the cut copy. Their tenant-less form is
// rewritten in next.config.js instead; they need nothing else from this function (no page, no
// page CSP, their own authentication).
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/v1/(?:[^/]+/)?namespaces/[^/]+/files(?:/|$)).*)"],
};
