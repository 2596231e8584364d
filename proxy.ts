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
const UI_TENANT_ADMIN_WORDS = new Set(["groups", "roles", "bindings"]);

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

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (pathname === "/") return NextResponse.redirect(new URL("/ui", req.url));

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
  headers.set("x-tenantflow-path", pathname);
  if (rewritten) {
    const url = req.nextUrl.clone();
    url.pathname = rewritten;
    return NextResponse.rewrite(url, { request: { headers } });
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/", "/ui/:path*", "/api/v1/:path*"],
};
