import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

// The proxy puts the page CSP on pages only (a route's own CSP stays), and the namespace file
// routes are outside its matcher (Next.js would hand the route a body cut at 10 MB otherwise).
// e2e/uploads.spec.ts checks both against the built server.

const req = (path: string) => new NextRequest(new URL(path, "http://localhost"));
// the matcher is one path pattern whose group is a regular expression
const matched = (path: string) => new RegExp(`^${config.matcher[0]}$`).test(path);

describe("proxy", () => {
  it("sets the page CSP on pages, never on API answers (a download keeps its sandbox CSP)", async () => {
    expect((await proxy(req("/login"))).headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    for (const path of ["/api/v1/t/namespaces/n/files/a.html", "/api/v1/flows/n/x", "/api/v1/t/flows"]) {
      const res = await proxy(req(path));
      expect(res.headers.get("content-security-policy"), path).toBeNull();
    }
  });

  it("leaves the namespace file routes out of its matcher, tenant-less or not, and keeps the rest", () => {
    for (const path of ["/api/v1/t/namespaces/n/files", "/api/v1/t/namespaces/company.team/files/a/b.bin", "/api/v1/namespaces/n/files/x"]) {
      expect(matched(path), path).toBe(false);
    }
    for (const path of ["/api/v1/t/flows", "/api/v1/t/namespaces/n", "/api/v1/t/namespaces/n/kv/files", "/ui/t/namespaces/n/files", "/login"]) {
      expect(matched(path), path).toBe(true);
    }
  });
});
