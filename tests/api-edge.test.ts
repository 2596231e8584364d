import { beforeAll, describe, expect, it } from "vitest";
import { POST as createFlowRoute } from "@/app/api/v1/[tenant]/flows/route";
import * as kvKeyRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/[key]/route";
import * as userAccessRoute from "@/app/api/v1/[tenant]/users/[username]/route";
import { GET as me } from "@/app/api/v1/me/route";
import { readBytes } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { API_ROUTES, type RouteKey, routeActions } from "@/lib/api/routes";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { NAMESPACED_PERMISSIONS } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { type TestUser, call, makeTenant, makeUser, request, sessionCookie, tokenOf, uniq } from "./helpers";

// The route-handler edge (lib/api/handler.ts): the permission each route declares in the route
// list is enforced before the handler runs; cookie-authenticated writes from another site are
// refused; bodies are counted as they stream.

let tenantId = "";
let admin: TestUser;
const flowYaml = (id: string) => `id: ${id}\nnamespace: edge.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;

async function member(role: string | null, namespace: string | null) {
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), tenantId);
  await grantAccess(ctx, u.username);
  if (role) await createBinding(ctx, { user: u.username, role, namespace });
  return u;
}

beforeAll(async () => {
  admin = await makeUser();
  tenantId = (await makeTenant(admin)).id;
});

describe("the declared permission is enforced at the edge", () => {
  // a handler that would do anything: the edge alone must keep out a caller without the permission
  const reached = (key: RouteKey) => withTenant(key, async () => ({ reached: true }));
  const paramsFor = (path: string) => {
    const p: { tenant: string } & Record<string, string | string[]> = { tenant: tenantId };
    // a parameter is handed over under its folder's name (lib/api/routes.ts `folders`)
    const folders = API_ROUTES.find((r) => r.path === path && "folders" in r)?.folders as Record<string, string> | undefined;
    for (const m of path.matchAll(/\{(\w+)\}/g)) if (m[1] !== "tenant") p[folders?.[m[1]] ?? m[1]] = m[1] === "path" ? ["f.txt"] : m[1] === "namespace" ? "edge.team" : m[1] === "revision" ? "1" : "x";
    return p;
  };
  const tenantRoutes = API_ROUTES.filter((r) => r.path.startsWith("/api/v1/{tenant}") && r.permission);

  it("keeps a member without any binding out of every route that needs more than a filtered list", async () => {
    const token = await tokenOf(await member(null, null));
    let refused = 0;
    for (const r of tenantRoutes) {
      const res = await call(reached(`${r.method} ${r.path}` as RouteKey), request(r.method, "/", { token }), paramsFor(r.path));
      const namespacedList = r.method === "GET" && NAMESPACED_PERMISSIONS.includes(r.permission!) && !r.path.includes("{namespace}") && !r.tenantWide;
      if (namespacedList) {
        expect(res.status, `${r.method} ${r.path}`).toBe(200); // its query filters by what the caller may read
      } else {
        expect([403, 404], `${r.method} ${r.path}: ${res.text}`).toContain(res.status);
        expect(res.json.reached).toBeUndefined();
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(40);
  });

  it("lets a Viewer read in their namespace and refuses every write there with 403 naming the permission", async () => {
    const token = await tokenOf(await member("Viewer", "edge"));
    // the edge reads a declared body after the permission: the writes that get through send a valid one
    const bodies: Record<string, { body: unknown; headers?: Record<string, string> }> = {
      "PUT /api/v1/{tenant}/namespaces/{namespace}/kv/{key}": { body: { type: "STRING", value: "x" } },
      "PUT /api/v1/{tenant}/namespaces/{namespace}/files/{path}": { body: "bytes", headers: { "content-type": "application/octet-stream" } },
      "POST /api/v1/{tenant}/namespaces/{namespace}/files/{path}": { body: { action: "createFolder" } },
    };
    for (const r of tenantRoutes.filter((r) => r.path.includes("{namespace}") && ["FLOW", "NAMESPACE", "KVSTORE"].includes(r.permission!))) {
      const key = `${r.method} ${r.path}`;
      const res = await call(reached(key as RouteKey), request(r.method, "/", { token, ...bodies[key] }), paramsFor(r.path));
      if (r.method === "GET") expect(res.json, `${r.method} ${r.path}`).toEqual({ reached: true });
      else if (routeActions(r).length > 1) expect(res.json, `${r.method} ${r.path}`).toEqual({ reached: true }); // the domain names the exact action
      else {
        expect(res.status, `${r.method} ${r.path}`).toBe(403);
        expect(res.json.error.message).toContain(`${r.permission}:${routeActions(r)[0]}`);
      }
    }
  });

  it("answers 404 in a namespace the caller cannot read, before the handler runs", async () => {
    const token = await tokenOf(await member("Developer", "elsewhere"));
    const r = await call(reached("GET /api/v1/{tenant}/namespaces/{namespace}/kv/{key}"), request("GET", "/", { token }), { tenant: tenantId, namespace: "edge.team", key: "k" });
    expect(r.status).toBe(404);
    expect(r.json.reached).toBeUndefined();
  });

  it("refuses a handler whose route is not in the route list", () => {
    expect(() => withTenant("GET /api/v1/{tenant}/nowhere", async () => null)).toThrow(/not in the API route list/);
  });
});

describe("cross-site request forgery", () => {
  const flowsBefore = () => db.flow.count({ where: { tenantId } });

  it("refuses a cookie-authenticated write from another origin, and changes nothing", async () => {
    const cookie = await sessionCookie(admin);
    const before = await flowsBefore();
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example", "content-type": "application/x-yaml" },
      { origin: "null", "content-type": "application/x-yaml" },
      { "sec-fetch-site": "same-site", "content-type": "application/x-yaml" },
      { "sec-fetch-site": "cross-site", "content-type": "application/x-yaml" },
    ]) {
      const r = await call(createFlowRoute, request("POST", "/", { cookie, headers, body: flowYaml(uniq("f")) }), { tenant: tenantId });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.json.error.message).toMatch(/Cross-site request refused/);
    }
    expect(await flowsBefore()).toBe(before);
  });

  it("refuses a cookie-authenticated write with a content type a cross-site form can send", async () => {
    const cookie = await sessionCookie(admin);
    const before = await flowsBefore();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await call(createFlowRoute, request("POST", "/", { cookie, headers: { "content-type": type }, body: flowYaml(uniq("f")) }), { tenant: tenantId });
      expect(r.status, type).toBe(400);
      expect(r.json.error.message).toContain("application/x-yaml");
    }
    expect(await flowsBefore()).toBe(before);
  });

  it("accepts the same write from the instance's own origin, and any write with a bearer token", async () => {
    const cookie = await sessionCookie(admin);
    const own = await call(
      createFlowRoute,
      request("POST", "/", { cookie, headers: { origin: "http://localhost", "sec-fetch-site": "same-origin", "content-type": "application/x-yaml" }, body: flowYaml(uniq("own")) }),
      { tenant: tenantId },
    );
    expect(own.status, own.text).toBe(201);
    const token = await tokenOf(admin);
    const bearer = await call(
      createFlowRoute,
      request("POST", "/", { token, headers: { origin: "https://elsewhere.example", "content-type": "text/plain" }, body: flowYaml(uniq("tok")) }),
      { tenant: tenantId },
    );
    expect(bearer.status, bearer.text).toBe(201);
  });
});

describe("request parsing", () => {
  it("refuses a chunked body as soon as it passes the limit, without reading the rest", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const req = new Request("http://localhost/", { method: "PUT", body, duplex: "half" } as RequestInit);
    await expect(readBytes(req, 1024 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(40); // 1 MiB is 16 chunks; the other 60 MiB were never read
  });

  it("answers a chunked JSON body over 1 MiB with 413 through a route, and stores nothing", async () => {
    const token = await tokenOf(admin);
    const big = new TextEncoder().encode(JSON.stringify({ type: "STRING", value: "x".repeat(2 * 1024 * 1024) }));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < big.length; i += 65536) c.enqueue(big.slice(i, i + 65536));
        c.close();
      },
    });
    const req = new Request("http://localhost/", {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const r = await call(kvKeyRoute.PUT, req, { tenant: tenantId, namespace: "edge.team", key: "big" });
    expect(r.status).toBe(413);
    expect(await db.kvEntry.count({ where: { tenantId, key: "big" } })).toBe(0);
  });

  it("refuses a Content-Length that is not a number with 400", async () => {
    const req = new Request("http://localhost/", { method: "PUT", headers: { "content-length": "12abc" }, body: "x" });
    await expect(readBytes(req)).rejects.toMatchObject({ status: 400 });
  });

  it("keeps an unrelated cookie with a bare % from breaking authentication", async () => {
    const cookie = `theme=100%; ${await sessionCookie(admin)}; other=%E0%A4%A`;
    const r = await call(me, request("GET", "/api/v1/me", { cookie }));
    expect(r.status).toBe(200);
    expect(r.json.username).toBe(admin.username);
  });

  it("uses a path parameter as Next.js decoded it: a username `%` is not decoded again", async () => {
    const token = await tokenOf(admin);
    const r = await call(userAccessRoute.PUT, request("PUT", "/", { token }), { tenant: tenantId, username: "%" });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("NOT_FOUND");
  });
});
