import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfigCache } from "@/lib/config";
import { tenantDb } from "@/lib/db";
import { InternalStorage } from "@/lib/executions/internal-storage";
import { httpCall, isPrivateAddress } from "@/lib/executions/tasks/http-client";
import { run } from "@/lib/executions/test-support";
import { makeTenant } from "../helpers";

// http.Request and http.Download against a local server (127.0.0.1, reachable only with
// TENANTFLOW_HTTP_ALLOW_PRIVATE on), and their refusal of the instance's network when it is off.

const REQUEST = "io.kestra.plugin.core.http.Request";
const DOWNLOAD = "io.kestra.plugin.core.http.Download";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
let seen: Seen[] = [];
let hanging: (() => void) | null = null;
let hangClosed: Promise<void> = Promise.resolve();
let server: http.Server;
let base = "";
let tenant = "";

function handler(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
  seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
  const url = new URL(req.url!, base);
  switch (url.pathname) {
    case "/json":
      res.writeHead(200, { "content-type": "application/json", "x-multi": ["a", "b"] });
      return res.end(JSON.stringify({ ok: true, method: req.method }));
    case "/echo":
      res.writeHead(201, { "content-type": "text/plain" });
      return res.end(body);
    case "/missing":
      res.writeHead(404);
      return res.end("not here");
    case "/redirect":
      res.writeHead(302, { location: "/json" });
      return res.end();
    case "/to-other-loopback":
      res.writeHead(302, { location: base.replace("127.0.0.1", "127.0.0.2") + "/json" });
      return res.end();
    case "/loop":
      res.writeHead(302, { location: "/loop" });
      return res.end();
    case "/big":
      res.writeHead(200);
      return res.end("x".repeat(5000));
    case "/empty":
      res.writeHead(200);
      return res.end();
    case "/file.csv":
      res.writeHead(200, { "content-type": "text/csv", "content-disposition": 'attachment; filename="orders.csv"' });
      return res.end("id,amount\n1,10\n");
    case "/hang":
      res.writeHead(200);
      res.write("partial");
      hangClosed = new Promise((resolve) => res.on("close", () => resolve()));
      hanging?.();
      return;
    default:
      res.writeHead(500);
      res.end();
  }
}

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handler(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function allowPrivate(on: boolean, extra: Record<string, string> = {}) {
  process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE = on ? "true" : "false";
  for (const [k, v] of Object.entries(extra)) process.env[k] = v;
  resetConfigCache();
}

afterEach(() => {
  delete process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE;
  delete process.env.TENANTFLOW_HTTP_MAX_RESPONSE_SIZE;
  delete process.env.TENANTFLOW_MAX_FILE_SIZE;
  resetConfigCache();
  seen = [];
});

describe("http.Request", () => {
  it("answers code, headers (lists by lower-case name), body as text and the URL requested", async () => {
    allowPrivate(true);
    const { result } = await run({ id: "call", type: REQUEST, uri: `${base}/json?q={{ 1 + 1 }}` }, { tenantId: tenant });
    expect(result.state).toBe("SUCCESS");
    expect(result.outputs).toMatchObject({ uri: `${base}/json?q=2`, code: 200, body: '{"ok":true,"method":"GET"}' });
    const headers = result.outputs!.headers as Record<string, string[]>;
    expect(headers["content-type"]).toEqual(["application/json"]);
    expect(headers["x-multi"]).toEqual(["a", "b"]);
    expect(seen[0].headers["user-agent"]).toBe("Tenantflow");
  });

  it("sends a body (application/json by default), form data (urlencoded or multipart), headers and auth", async () => {
    allowPrivate(true);
    const posted = await run(
      { id: "post", type: REQUEST, uri: `${base}/echo`, method: "POST", body: '{"a":1}', headers: { "X-Trace": "t1" }, options: { auth: { type: "BEARER", token: "tok" } } },
      { tenantId: tenant },
    );
    expect(posted.result.outputs).toMatchObject({ code: 201, body: '{"a":1}' });
    expect(seen[0]).toMatchObject({ method: "POST", headers: { "content-type": "application/json", "x-trace": "t1", authorization: "Bearer tok" } });

    const form = await run(
      { id: "form", type: REQUEST, uri: `${base}/echo`, method: "POST", formData: { user: "John Doe", n: 2 }, options: { auth: { type: "BASIC", username: "u", password: "p" } } },
      { tenantId: tenant },
    );
    expect(form.result.outputs!.body).toBe("user=John+Doe&n=2");
    expect(seen[1].headers).toMatchObject({ "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("u:p").toString("base64")}` });

    const multi = await run({ id: "multi", type: REQUEST, uri: `${base}/echo`, method: "PUT", contentType: "multipart/form-data", formData: { user: "Jane" } }, { tenantId: tenant });
    expect(multi.result.state).toBe("SUCCESS");
    expect(seen[2].headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[2].body).toContain('Content-Disposition: form-data; name="user"\r\n\r\nJane\r\n');
  });

  it("fails on a code of 400 or more unless allowFailed or allowedResponseCodes admit it", async () => {
    allowPrivate(true);
    const refused = await run({ id: "c", type: REQUEST, uri: `${base}/missing` }, { tenantId: tenant });
    expect(refused.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("Failed http request with response code '404'") });
    const allowed = await run({ id: "c", type: REQUEST, uri: `${base}/missing`, options: { allowFailed: true } }, { tenantId: tenant });
    expect(allowed.result.outputs).toMatchObject({ code: 404, body: "not here" });
    const listed = await run({ id: "c", type: REQUEST, uri: `${base}/json`, options: { allowedResponseCodes: [201] } }, { tenantId: tenant });
    expect(listed.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("'200' (allowed: 201)") });
  });

  it("follows redirects unless followRedirects is false, and stops a redirect loop", async () => {
    allowPrivate(true);
    const followed = await run({ id: "r", type: REQUEST, uri: `${base}/redirect` }, { tenantId: tenant });
    expect(followed.result.outputs).toMatchObject({ code: 200, body: '{"ok":true,"method":"GET"}' });
    const kept = await run({ id: "r", type: REQUEST, uri: `${base}/redirect`, options: { followRedirects: false } }, { tenantId: tenant });
    expect(kept.result.outputs).toMatchObject({ code: 302 });
    expect((kept.result.outputs!.headers as Record<string, string[]>).location).toEqual(["/json"]);
    const loop = await run({ id: "r", type: REQUEST, uri: `${base}/loop` }, { tenantId: tenant });
    expect(loop.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("More than 10 redirects") });
  });

  it("bounds the response (TENANTFLOW_HTTP_MAX_RESPONSE_SIZE, or a smaller options.maxContentLength)", async () => {
    allowPrivate(true, { TENANTFLOW_HTTP_MAX_RESPONSE_SIZE: "1000" });
    const big = await run({ id: "b", type: REQUEST, uri: `${base}/big` }, { tenantId: tenant });
    expect(big.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("larger than 1000 bytes (TENANTFLOW_HTTP_MAX_RESPONSE_SIZE)") });
    const option = await run({ id: "b", type: REQUEST, uri: `${base}/json`, options: { maxContentLength: 5 } }, { tenantId: tenant });
    expect(option.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("larger than 5 bytes (options.maxContentLength)") });
  });

  it("closes the connection when the task is killed", async () => {
    allowPrivate(true);
    const controller = new AbortController();
    const waiting = new Promise<void>((resolve) => (hanging = resolve));
    const running = run({ id: "h", type: REQUEST, uri: `${base}/hang` }, { tenantId: tenant, signal: controller.signal });
    await waiting;
    controller.abort();
    expect((await running).result.state).toBe("KILLED");
    await hangClosed; // the server saw the connection close
    hanging = null;
  });

  it("refuses unknown schemes, bad methods and an unsupported encryptBody", async () => {
    allowPrivate(true);
    const file = await run({ id: "f", type: REQUEST, uri: "file:///etc/passwd" }, { tenantId: tenant });
    expect(file.result).toMatchObject({ state: "FAILED", error: expect.stringContaining('Only http and https URIs are supported, not "file:"') });
    const method = await run({ id: "m", type: REQUEST, uri: `${base}/json`, method: "BREW" }, { tenantId: tenant });
    expect(method.result).toMatchObject({ state: "FAILED", error: expect.stringContaining('property "method" must be one of') });
    const encrypted = await run({ id: "e", type: REQUEST, uri: `${base}/json`, encryptBody: true }, { tenantId: tenant });
    expect(encrypted.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("encryptBody") });
    expect(seen).toEqual([]);
  });
});

describe("the instance's network is refused by default", () => {
  it.each([
    ["loopback", "http://127.0.0.1:1/"],
    ["the test server itself", "BASE/json"],
    ["a private address", "http://10.0.0.1/"],
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/"],
    ["a host name resolving to loopback", "http://localhost:1/"],
    ["IPv6 loopback", "http://[::1]:1/"],
    ["an IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]:1/"],
    ["the unspecified address", "http://0.0.0.0:1/"],
    ["loopback written as a number", "http://2130706433:1/"],
    ["loopback written in hex, shortened", "http://0x7f.1:1/"],
    ["a private address over https", "https://192.168.1.1/"],
  ])("%s", async (_, raw) => {
    allowPrivate(false);
    const uri = raw.replace("BASE", base);
    for (const type of [REQUEST, DOWNLOAD]) {
      const { result } = await run({ id: "x", type, uri }, { tenantId: tenant });
      expect(result.state).toBe("FAILED");
      expect(result.error).toMatch(/^Refused to connect to .*TENANTFLOW_HTTP_ALLOW_PRIVATE allows it/);
    }
    expect(seen).toEqual([]);
  });

  it("checks every redirect again: a refused address after an allowed first hop", async () => {
    allowPrivate(false);
    // only 127.0.0.1 passes here, standing for a public address the test cannot reach
    const call = (path: string) =>
      httpCall({
        url: `${base}${path}`, method: "GET", headers: {}, followRedirects: true, readIdleTimeoutMs: 10_000,
        signal: new AbortController().signal, maxBytes: 1000, limitName: "limit", isBlocked: (a) => a !== "127.0.0.1",
      });
    expect((await call("/json")).status).toBe(200);
    await expect(call("/to-other-loopback")).rejects.toThrow(/^Refused to connect to 127\.0\.0\.2 \(127\.0\.0\.2\)/);
    // the redirecting server was reached, the redirect's target was not
    expect(seen.map((s) => s.url)).toEqual(["/json", "/to-other-loopback"]);
  });

  it("classifies addresses as private or public", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "not an address"]) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ["8.8.8.8", "172.32.0.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
    }
  });
});

describe("http.Download", () => {
  it("stores the body in the task run's folder of the tenant's internal storage, named after Content-Disposition", async () => {
    allowPrivate(true);
    const { result } = await run({ id: "dl", type: DOWNLOAD, uri: `${base}/file.csv` }, { tenantId: tenant });
    expect(result.state).toBe("SUCCESS");
    expect(result.outputs).toMatchObject({ uri: "kestra:///company/team/hello/executions/exec1/tasks/dl/tr-dl/orders.csv", code: 200, length: 15 });
    expect((result.outputs!.headers as Record<string, string[]>)["content-type"]).toEqual(["text/csv"]);
    const bytes = await new InternalStorage(tenantDb(tenant), "company.team").get(String(result.outputs!.uri));
    expect(new TextDecoder().decode(bytes!)).toBe("id,amount\n1,10\n");
    const named = await run({ id: "dl", type: DOWNLOAD, uri: `${base}/json`, saveAs: "../answer.json" }, { tenantId: tenant });
    expect(named.result.outputs!.uri).toBe("kestra:///company/team/hello/executions/exec1/tasks/dl/tr-dl/answer.json");
  });

  it("fails on an empty file unless failOnEmptyResponse is false, and past TENANTFLOW_MAX_FILE_SIZE", async () => {
    allowPrivate(true, { TENANTFLOW_MAX_FILE_SIZE: "1000" });
    const empty = await run({ id: "e", type: DOWNLOAD, uri: `${base}/empty` }, { tenantId: tenant });
    expect(empty.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("No response from server") });
    const kept = await run({ id: "e", type: DOWNLOAD, uri: `${base}/empty`, failOnEmptyResponse: false }, { tenantId: tenant });
    expect(kept.result.outputs).toMatchObject({ code: 200, length: 0 });
    expect(kept.logs).toContainEqual({ level: "WARN", message: "The downloaded file is empty" });
    const big = await run({ id: "b", type: DOWNLOAD, uri: `${base}/big` }, { tenantId: tenant });
    expect(big.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("larger than 1000 bytes (TENANTFLOW_MAX_FILE_SIZE)") });
    const missing = await run({ id: "m", type: DOWNLOAD, uri: `${base}/missing` }, { tenantId: tenant });
    expect(missing.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("'404'") });
  });
});
