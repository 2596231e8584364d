import crypto from "node:crypto";
import http from "node:http";
import { Readable } from "node:stream";
import { E2E_ADMIN, PORT, baseURL } from "./support/env";
import { startServer } from "./support/second-server";
import { expect, login, seed, test } from "./fixtures";

// Large uploads against the built server: Next.js hands its proxy a copy of the body cut at 10 MB,
// so this is only visible here. Nothing may be stored short, with or without Content-Length.

const MB = 1024 * 1024;

/** PUTs `size` bytes, streamed in 64 KiB chunks; chunked transfer encoding unless `withLength`. */
function upload(url: string, token: string, bytes: Buffer, withLength: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" };
    if (withLength) headers["content-length"] = String(bytes.length);
    const req = http.request(url, { method: "PUT", headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode!, body });
        // answered (a 413 before the whole body was sent): the client stops sending and goes away
        req.destroy();
      });
    });
    // the server may answer 413 and close before everything is sent
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "EPIPE" || (e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
    const chunks = function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    };
    Readable.from(chunks()).pipe(req);
  });
}

async function download(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

function world() {
  return seed({ users: { up: {} }, tenants: { t: { admin: "up" } }, tokens: [{ user: "up", name: "uploads" }] });
}

test.describe("file uploads and downloads on the built server", () => {
  test("past the default file limit: 413 with and without Content-Length, nothing stored", async () => {
    test.setTimeout(180_000);
    const { tenants, tokens } = world();
    const token = tokens.uploads;
    const big = crypto.randomBytes(12 * MB);
    for (const withLength of [true, false]) {
      const url = `${baseURL}/api/v1/${tenants.t.id}/namespaces/data/files/big-${withLength}.bin`;
      const r = await upload(url, token, big, withLength);
      expect(r.status, `Content-Length: ${withLength}`).toBe(413);
      expect((await download(url, token)).status).toBe(404);
    }
  });

  test("under a 16 MB limit, 12 MB arrive whole with and without Content-Length; 20 MB are refused", async () => {
    test.setTimeout(480_000);
    const { tenants, tokens } = world();
    const token = tokens.uploads;
    const server = await startServer(PORT + 2, { TENANTFLOW_MAX_FILE_SIZE: String(16 * MB) });
    try {
      // past the 10 MB copy Next.js hands its proxy
      const big = crypto.randomBytes(12 * MB);
      for (const withLength of [true, false]) {
        const url = `${server.url}/api/v1/${tenants.t.id}/namespaces/data/files/whole-${withLength}.bin`;
        const r = await upload(url, token, big, withLength);
        expect(r.status, `Content-Length: ${withLength}: ${r.body}`).toBe(201);
        expect(JSON.parse(r.body).size).toBe(big.length);
        const got = await download(url, token);
        expect(got.bytes.length).toBe(big.length);
        expect(sha(got.bytes)).toBe(sha(big));
      }
      const huge = `${server.url}/api/v1/${tenants.t.id}/namespaces/data/files/huge.bin`;
      expect((await upload(huge, token, crypto.randomBytes(20 * MB), false)).status).toBe(413);
      expect((await download(huge, token)).status).toBe(404);
    } finally {
      await server.stop();
    }
    // the server kept reading the refused body, so it saw the client go: no connection was left
    // open for the stop to wait on
    expect(server.stderr()).not.toContain("did not stop");
  });

  test("a download keeps its own sandbox CSP; tenant-less file URLs still address the default tenant", async ({ playwright }) => {
    test.setTimeout(180_000);
    const { tenants, tokens } = world();
    const url = `${baseURL}/api/v1/${tenants.t.id}/namespaces/web/files/page.html`;
    expect((await upload(url, tokens.uploads, Buffer.from("<script>alert(1)</script>"), true)).status).toBe(201);
    const got = await download(url, tokens.uploads);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment/);
    // pages still get the page CSP
    expect((await fetch(`${baseURL}/login`)).headers.get("content-security-policy")).toMatch(/'nonce-/);

    // the default tenant's administrator, signed in: tenant-less URLs address the default tenant
    const admin = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
    await login(admin, E2E_ADMIN);
    const put = await admin.put("/api/v1/namespaces/web/files/hello.txt", { data: Buffer.from("hello main"), headers: { "content-type": "application/octet-stream" } });
    expect(put.status()).toBe(201);
    expect(await (await admin.get("/api/v1/main/namespaces/web/files/hello.txt")).text()).toBe("hello main");
    const listed = await admin.get("/api/v1/namespaces/web/files");
    expect((await listed.json()).results.map((f: { name: string }) => f.name)).toContain("hello.txt");
    await admin.dispose();
  });
});
