import http from "node:http";
import { PORT } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

// The request edge over real HTTP against the production build: what an in-process call cannot
// see (Next.js' own path decoding, its body handling, a real browser's Origin).

/** A raw request, sent byte for byte (no client normalises the path or adds headers). */
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer[]; chunked?: boolean }) {
  return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: PORT, method: opts.method ?? "GET", path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    if (opts.chunked) req.setHeader("transfer-encoding", "chunked");
    for (const b of opts.body ?? []) req.write(b);
    req.end();
  });
}

test.describe("the request edge over HTTP", () => {
  test("malformed percent-encoding in a path is a 400 JSON error, signed in or not", async ({ request }) => {
    const { users, tokens } = seed({ users: { ada: {} }, tenants: { t: { admin: "ada" } }, tokens: [{ user: "ada", name: "edge" }] });
    await login(request, users.ada);
    for (const path of ["/api/v1/%C0/flows", "/api/v1/flows/%E0%A4%A/x", "/api/v1/main/flows/%E0%A4%A/x", "/api/v1/main/namespaces/%/kv/x"]) {
      for (const headers of <Record<string, string>[]>[{}, { authorization: `Bearer ${tokens.edge}` }]) {
        const r = await raw({ path, headers });
        expect(r.status, path).toBe(400);
        expect(r.type).toContain("application/json");
        expect(JSON.parse(r.text).error.code).toBe("BAD_REQUEST");
      }
    }
    expect((await raw({ path: "/ui/main/flows/%E0%A4%A/x" })).status).toBe(400);
  });

  test("a chunked JSON body past 1 MiB is refused with 413 and nothing is stored", async ({ request }) => {
    const { tenants, tokens } = seed({ users: { ada: {} }, tenants: { t: { admin: "ada" } }, tokens: [{ user: "ada", name: "edge" }] });
    const value = "x".repeat(3 * 1024 * 1024);
    const body = Buffer.from(JSON.stringify({ type: "STRING", value }));
    const parts = Array.from({ length: Math.ceil(body.length / 65536) }, (_, i) => body.subarray(i * 65536, (i + 1) * 65536));
    const r = await raw({
      method: "PUT",
      path: `/api/v1/${tenants.t.id}/namespaces/edge.team/kv/big`,
      headers: { authorization: `Bearer ${tokens.edge}`, "content-type": "application/json" },
      body: parts,
      chunked: true,
    });
    expect(r.status).toBe(413);
    const read = await request.get(`/api/v1/${tenants.t.id}/namespaces/edge.team/kv/big`, { headers: { authorization: `Bearer ${tokens.edge}` } });
    expect(read.status()).toBe(404);
  });

  test("a page on a sibling origin of the same site cannot write with the user's session cookie", async ({ page, baseURL }) => {
    const { users, tenants, tokens } = seed({ users: { ada: {} }, tenants: { t: { admin: "ada" } }, tokens: [{ user: "ada", name: "edge" }] });
    await login(page.request, users.ada);
    const yaml = (id: string) => `id: ${id}\nnamespace: csrf.team\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;
    // another port of the same host is another origin but the same site: the browser sends the
    // session cookie (SameSite=Lax) with its requests
    const sibling = http.createServer((_req, res) => res.end("<!doctype html><title>sibling</title>"));
    await new Promise<void>((r) => sibling.listen(PORT + 7, "127.0.0.1", r));
    try {
      const evil = await page.context().newPage();
      await evil.goto(`http://127.0.0.1:${PORT + 7}/`);
      for (const [type, id] of [["text/plain", "forged-text"], ["application/x-yaml", "forged-yaml"]] as const) {
        await evil.evaluate(
          async ({ url, body, type }) => {
            // a no-cors request needs no preflight when its content type is a form's; a YAML one
            // would need a preflight that is never granted, so the page may get an error: either way
            // only the server's answer matters
            await fetch(url, { method: "POST", body, credentials: "include", mode: "no-cors", headers: { "content-type": type } }).catch(() => null);
          },
          { url: `${baseURL}/api/v1/${tenants.t.id}/flows`, body: yaml(id), type },
        );
      }
      await evil.close();
    } finally {
      sibling.close();
    }
    // the instance's own page may (same origin, its own content type)
    await page.goto(`/ui/${tenants.t.id}/flows`);
    const own = await page.evaluate(
      async ({ url, body }) => (await fetch(url, { method: "POST", body, headers: { "content-type": "application/x-yaml" } })).status,
      { url: `/api/v1/${tenants.t.id}/flows`, body: yaml("own") },
    );
    expect(own).toBe(201);
    const list = await (await page.request.get(`/api/v1/${tenants.t.id}/flows/csrf.team`, { headers: { authorization: `Bearer ${tokens.edge}` } })).json();
    expect(list.results.map((f: { id: string }) => f.id)).toEqual(["own"]);
  });
});
