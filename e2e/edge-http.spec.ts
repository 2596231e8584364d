import http from "node:http";
import net from "node:net";
import { PORT } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

// The request edge over real HTTP against the production build: what an in-process call cannot
// see (Next.js' own path decoding, its body handling, a real browser's Origin).

/**
 * A raw request, sent byte for byte (no client normalises the path or adds headers). A server that
 * refuses a body early answers and closes while the body is still being written: the write fails
 * (EPIPE, ECONNRESET) and the answer is what counts.
 */
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer[]; chunked?: boolean }) {
  return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { host: "127.0.0.1", port: PORT, method: opts.method ?? "GET", path: opts.path, headers: opts.headers },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (answered || e.code === "EPIPE" || e.code === "ECONNRESET") return; // the answer arrives (or arrived) on its own
      reject(e);
    });
    if (opts.chunked) req.setHeader("transfer-encoding", "chunked");
    (async () => {
      for (const b of opts.body ?? []) {
        if (answered || req.destroyed) break;
        if (!req.write(b)) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    })().catch(() => {});
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
    const body = Buffer.from(JSON.stringify({ type: "STRING", value: "x".repeat(3 * 1024 * 1024) }));
    // over a bare socket: the server may answer and close while the body is still being sent, and
    // whatever it answered is read from the socket whatever happens to the writes
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(PORT, "127.0.0.1");
      const received: Buffer[] = [];
      socket.on("data", (d) => received.push(d));
      socket.on("error", () => {}); // EPIPE / ECONNRESET once the server has refused the body
      socket.on("close", () => resolve(Buffer.concat(received).toString()));
      socket.on("connect", async () => {
        socket.write(
          `PUT /api/v1/${tenants.t.id}/namespaces/edge.team/kv/big HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\n` +
            `Authorization: Bearer ${tokens.edge}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
        );
        for (let i = 0; i < body.length && !socket.destroyed && received.length === 0; i += 65536) {
          const part = body.subarray(i, i + 65536);
          if (!socket.write(`${part.length.toString(16)}\r\n`) || !socket.write(part) || !socket.write("\r\n")) {
            await new Promise((r) => socket.once("drain", r).once("close", r));
          }
        }
        // the last chunk, without half-closing: the server closes the connection after its answer
        if (!socket.destroyed) socket.write("0\r\n\r\n");
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain("PAYLOAD_TOO_LARGE");
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
