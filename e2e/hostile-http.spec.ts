import http from "node:http";
import type { APIRequestContext } from "@playwright/test";
import {
  YAML,
  aliasBomb,
  badKvKey,
  badRoleName,
  badSecretKey,
  fileActionBodies,
  filePaths,
  flowIds,
  groupBodies,
  ids,
  jsonBodies,
  kvBodies,
  namespaces,
  roleBodies,
  secretBodies,
  settingsBodies,
  yamlBodies,
} from "../tests/hostile-corpus";
import { expect, seed, test } from "./fixtures";
import { PORT } from "./support/env";

// The hostile-input corpus (tests/hostile-input.test.ts) over real HTTP against the production
// build, with the path and encoding cases an in-process call cannot send: every answer is a JSON
// 4xx in the API's error shape (never a 500, never an HTML page), the server keeps answering, and
// nothing a refused write could have touched has changed.

type Answer = { status: number; type: string; text: string };
type Send = { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer };
type Case = { name: string } & Send;

/**
 * A request sent byte for byte: no client resolves `..` or `%2e%2e` segments (the WHATWG URL
 * parser would) or refuses a broken escape. A server that refuses a large body early answers and
 * closes while it is still being written: the answer is what counts. When the connection is reset
 * before the answer could be read (the reset can discard an answer already sent), the same request
 * is sent again, a few times; a request left without any answer fails after 30 s.
 */
async function raw(send: Send, tries = 3): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await rawOnce(send);
    if (answer !== "reset") return answer;
    if (attempt >= tries) throw new Error(`${send.method} ${send.path.slice(0, 120)}: the connection was reset ${tries} times before an answer`);
  }
}

function rawOnce({ method, path, headers = {}, body }: Send) {
  return new Promise<Answer | "reset">((resolve, reject) => {
    let answered = false;
    // a connection of its own: one the server closed after refusing a body is never reused
    const req = http.request({ host: "127.0.0.1", port: PORT, method, path, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path.slice(0, 120)}: no answer within 30 s`)));
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (answered) return;
      // the server stopped reading the body: its answer may still arrive on this connection
      if (e.code === "EPIPE") return;
      if (e.code === "ECONNRESET") return resolve("reset");
      reject(e);
    });
    // the connection ended without an answer (after an EPIPE): sent again
    req.on("close", () => {
      if (!answered) resolve("reset");
    });
    if (body !== undefined) req.setHeader("content-length", Buffer.byteLength(body));
    req.end(body);
  });
}

/**
 * Requests without a body go through Playwright's request API; those with one go raw, each on a
 * connection of its own (the server may refuse a body early and close the connection, which a
 * pooled client would then reuse), and so do paths a URL client would normalise or refuse.
 */
async function send(request: APIRequestContext, c: Send): Promise<Answer> {
  if (c.body !== undefined || /(^|\/)(\.|%2e){1,2}(\/|$)/i.test(c.path) || !decodable(c.path)) return raw(c);
  const res = await request.fetch(c.path, { method: c.method, headers: c.headers, data: c.body, maxRedirects: 0, failOnStatusCode: false });
  return { status: res.status(), type: res.headers()["content-type"] ?? "", text: await res.text() };
}

function decodable(path: string) {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** A path segment as a client would send it; a segment of dots is escaped so that it reaches the route. */
const seg = (s: string) => (/^\.+$/.test(s) ? s.replace(/\./g, "%2E") : encodeURIComponent(s));
const json = (value: unknown) => ({ body: typeof value === "string" ? value : JSON.stringify(value), headers: { "content-type": "application/json" } });
const flowYaml = (id: string, ns: string) => `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\n`;
const label = (v: string | string[]) => JSON.stringify(v).slice(0, 40);

/** The corpus as HTTP requests, for a tenant that has namespace `settings`, flow `ok/existing` and file `ok/existing.txt`. */
function corpus(t: string): Record<string, Case[]> {
  const api = `/api/v1/${t}`;
  const withBody = (b: unknown, ct?: string) => {
    if (ct === undefined) return json(b);
    return { body: typeof b === "string" ? b : JSON.stringify(b), headers: ct ? { "content-type": ct } : {} };
  };
  const ids1 = ids.filter((v) => v !== ""); // an empty segment is another URL (another route), not a bad id
  const flowIdsInUrl = flowIds.filter((v) => v !== "");
  const secretKeys = [...ids1.filter(badSecretKey), "1ABC", "KEY-DASH", "KEY.DOT", "A".repeat(256), "KEY\u00A0", "ＫＥＹ"];
  const kvKeys = [...ids1.filter(badKvKey), "k".repeat(256)];
  return {
    "ids and names": [
      ...ids.map((id) => ({ name: `tenant id ${label(id)}`, method: "POST", path: "/api/v1/tenants", ...json({ id, name: "X" }) })),
      ...ids.map((id) => ({ name: `binding user ${label(id)}`, method: "POST", path: `${api}/bindings`, ...json({ user: id, role: "Viewer" }) })),
      ...ids.filter(badRoleName).map((id) => ({ name: `role name ${label(id)}`, method: "POST", path: `${api}/roles`, ...json({ name: id, permissions: {} }) })),
      ...flowIds.map((id) => ({ name: `flow id ${label(id)}`, method: "POST", path: `${api}/flows`, body: flowYaml(JSON.stringify(id), "ok"), headers: YAML })),
      ...flowIdsInUrl.map((id) => ({ name: `flow by unknown id ${label(id)}`, method: "GET", path: `${api}/flows/ok/${seg(id)}` })),
      ...namespaces.flatMap((ns) => [
        { name: `namespace ${label(ns)}`, method: "POST", path: `${api}/namespaces`, ...json({ name: ns }) },
        { name: `flow namespace ${label(ns)}`, method: "POST", path: `${api}/flows`, body: flowYaml("f", JSON.stringify(ns)), headers: YAML },
        { name: `binding namespace ${label(ns)}`, method: "POST", path: `${api}/bindings`, ...json({ group: "g", role: "Viewer", namespace: ns }) },
        // `flows/search` is the search route, not a namespace named "search"
        ...(ns === "search" ? [] : [{ name: `list namespace ${label(ns)}`, method: "GET", path: `${api}/flows/${seg(ns)}` }]),
        { name: `secret namespace ${label(ns)}`, method: "PUT", path: `${api}/namespaces/${seg(ns)}/secrets/OK`, ...json({ value: "v" }) },
        { name: `kv namespace ${label(ns)}`, method: "PUT", path: `${api}/namespaces/${seg(ns)}/kv/k`, ...json({ type: "STRING", value: "x" }) },
        { name: `kv list namespace ${label(ns)}`, method: "GET", path: `${api}/namespaces/${seg(ns)}/kv` },
        { name: `file namespace ${label(ns)}`, method: "GET", path: `${api}/namespaces/${seg(ns)}/files/existing.txt` },
      ]),
      ...secretKeys.flatMap((key) => [
        { name: `secret key ${label(key)}`, method: "PUT", path: `${api}/namespaces/ok/secrets/${seg(key)}`, ...json({ value: "v" }) },
        { name: `tenant secret key ${label(key)}`, method: "DELETE", path: `${api}/secrets/${seg(key)}` },
      ]),
      ...kvKeys.flatMap((key) => [
        { name: `kv key ${label(key)}`, method: "PUT", path: `${api}/namespaces/ok/kv/${seg(key)}`, ...json({ type: "STRING", value: "x" }) },
        { name: `kv read key ${label(key)}`, method: "GET", path: `${api}/namespaces/ok/kv/${seg(key)}` },
      ]),
    ],
    bodies: [
      ...secretBodies.map(([name, b, ct]) => ({ name: `secret body: ${name}`, method: "PUT", path: `${api}/namespaces/ok/secrets/HOSTILE`, ...withBody(b, ct) })),
      ...yamlBodies.flatMap(([name, text, ct]) => {
        const headers = ct === undefined ? YAML : ct ? { "content-type": ct } : {};
        return [
          { name: `flow body: ${name}`, method: "POST", path: `${api}/flows`, body: text, headers },
          { name: `flow update body: ${name}`, method: "PUT", path: `${api}/flows/ok/existing`, body: text, headers: { ...headers, "if-match": '"1"' } },
        ];
      }),
      ...jsonBodies.map(([name, b]) => ({ name: `tenant body: ${name}`, method: "POST", path: "/api/v1/tenants", ...json(b) })),
      ...roleBodies.map(([name, b]) => ({ name: `role body: ${name}`, method: "POST", path: `${api}/roles`, ...json(b) })),
      ...groupBodies.map(([name, b]) => ({ name: `group body: ${name}`, method: "POST", path: `${api}/groups`, ...json(b) })),
      ...settingsBodies.map(([name, b]) => ({ name: `namespace settings: ${name}`, method: "PUT", path: `${api}/namespaces/settings`, ...json(b) })),
      ...kvBodies.map(([name, b]) => ({ name: `kv body: ${name}`, method: "PUT", path: `${api}/namespaces/ok/kv/k`, ...json(b) })),
      ...(
        [
          ["broken json", '{"type": ', "application/json"],
          ["wrong content type", "type=STRING", "text/plain"],
          ["huge", "x".repeat(1_100_000), "application/json"],
        ] as const
      ).map(([name, text, ct]) => ({ name: `kv raw body: ${name}`, method: "PUT", path: `${api}/namespaces/ok/kv/k`, body: text, headers: { "content-type": ct } })),
      { name: "yaml alias bomb as a JSON route's body", method: "POST", path: `${api}/roles`, body: aliasBomb, headers: YAML },
    ],
    "headers and queries": [
      ...["size=0", "size=101", "size=-1", "size=1e9", "page=0", "page=-5", "page=abc", "size=%00", "page=1.5"].map((q) => ({ name: `search ${q}`, method: "GET", path: `${api}/flows/search?${q}` })),
      ...["size=0", "size=101", "page=0", "page=abc"].map((q) => ({ name: `secrets list ${q}`, method: "GET", path: `${api}/namespaces/ok/secrets?${q}` })),
      ...["size=0", "size=101", "page=-1", "inherited=yes", "inherited=%00"].map((q) => ({ name: `kv list ${q}`, method: "GET", path: `${api}/namespaces/ok/kv?${q}` })),
      ...["Bearer", "Bearer ", "Bearer a b", "Basic YTpi", "bearer tf_" + "A".repeat(500), "Token x"].map((h) => ({ name: `authorization ${label(h)}`, method: "GET", path: "/api/v1/me", headers: { authorization: h } })),
      ...['"abc"', "W/", "1,2", '"-1"', '"1.5"', "*"].map((m) => ({
        name: `if-match ${m}`,
        method: "PUT",
        path: `${api}/flows/ok/existing`,
        body: flowYaml("existing", "ok").replace("message: m", "message: z"),
        headers: { ...YAML, "if-match": m },
      })),
      ...['"abc"', "W/", "1,2", '"-1"', "*"].map((m) => ({ name: `kv if-match ${m}`, method: "PUT", path: `${api}/namespaces/ok/kv/k`, body: JSON.stringify({ type: "STRING", value: "x" }), headers: { "content-type": "application/json", "if-match": m } })),
      { name: "kv if-none-match etag", method: "PUT", path: `${api}/namespaces/ok/kv/k`, body: JSON.stringify({ type: "STRING", value: "x" }), headers: { "content-type": "application/json", "if-none-match": '"1"' } },
      { name: "flow update without If-Match", method: "PUT", path: `${api}/flows/ok/existing`, body: flowYaml("existing", "ok"), headers: YAML },
      { name: "revision not a number", method: "GET", path: `${api}/flows/ok/existing/revisions/abc` },
      { name: "restore revision 0", method: "POST", path: `${api}/flows/ok/existing/revisions/0/restore`, headers: { "if-match": '"1"' } },
    ],
    files: [
      // an empty segment is another URL; a path of dots only is resolved by the URL itself (below)
      ...filePaths
        .filter((p) => !p.includes("") && !(p.length === 1 && /^\.+$/.test(p[0])))
        .flatMap((p) => {
          const path = `${api}/namespaces/ok/files/${p.map(seg).join("/")}`;
          return [
            { name: `file download ${label(p)}`, method: "GET", path },
            { name: `file upload ${label(p)}`, method: "PUT", path, body: "evil", headers: { "content-type": "application/octet-stream" } },
            { name: `file delete ${label(p)}`, method: "DELETE", path },
          ];
        }),
      ...filePaths.flatMap((p) => [
        { name: `file move to ${label(p)}`, method: "POST", path: `${api}/namespaces/ok/files/existing.txt`, ...json({ action: "move", to: p.join("/") }) },
        { name: `folder listing ${label(p)}`, method: "GET", path: `${api}/namespaces/ok/files?path=${encodeURIComponent(p.join("/"))}` },
      ]),
      ...fileActionBodies.map(([name, b, ct]) => ({ name: `file action body: ${name}`, method: "POST", path: `${api}/namespaces/ok/files/existing.txt`, ...withBody(b, ct) })),
      { name: "file upload as multipart", method: "PUT", path: `${api}/namespaces/ok/files/m.txt`, body: "--x\r\n\r\nhi\r\n--x--", headers: { "content-type": "multipart/form-data; boundary=x" } },
      { name: "file upload over the limit", method: "PUT", path: `${api}/namespaces/ok/files/big.bin`, body: Buffer.alloc(10 * 1024 * 1024 + 1, 120), headers: { "content-type": "application/octet-stream" } },
      { name: "file under an existing file", method: "PUT", path: `${api}/namespaces/ok/files/existing.txt/inner.txt`, body: "x", headers: { "content-type": "application/octet-stream" } },
    ],
    // what only a real URL can carry: broken escapes and dot segments, on every kind of route,
    // including the namespace file routes, which do not pass through proxy.ts
    "path encoding": [
      ...[
        "/api/v1/%C0/flows",
        "/api/v1/flows/%E0%A4%A/x",
        `${api}/flows/%E0%A4%A/x`,
        `${api}/namespaces/%/kv/x`,
        `${api}/namespaces/ok/files/%`,
        `${api}/namespaces/ok/files/%C0%AF`,
        `${api}/namespaces/ok/files/a/%ED%A0%80`,
        `${api}/namespaces/ok/files/%E0%A4%A/x`,
        `${api}/namespaces/%ZZ/files/x`,
        `${api}/namespaces/%ZZ/files`,
        "/api/v1/namespaces/ok/files/%FF",
        `${api}/secrets/%`,
        `/api/v1/tenants/%C3%28`,
      ].flatMap((path) => [
        { name: `GET ${path}`, method: "GET", path },
        { name: `PUT ${path}`, method: "PUT", path, body: "x", headers: { "content-type": "application/octet-stream" } },
        { name: `DELETE ${path}`, method: "DELETE", path },
      ]),
      { name: "file path of escaped dots", method: "GET", path: `${api}/namespaces/ok/files/%2e%2e/%2e%2e/etc/passwd` },
      { name: "file path with an escaped slash", method: "GET", path: `${api}/namespaces/ok/files/..%2F..%2Fetc` },
      { name: "file path with an escaped NUL", method: "PUT", path: `${api}/namespaces/ok/files/a%00b`, body: "x", headers: { "content-type": "application/octet-stream" } },
      { name: "flow id with an escaped NUL", method: "GET", path: `${api}/flows/ok/a%00b` },
      { name: "namespace with an escaped slash", method: "GET", path: `${api}/namespaces/a%2Fb` },
    ],
  };
}

test.describe("the hostile-input corpus over HTTP", () => {
  // hundreds of requests against a server that shares the machine
  test.describe.configure({ timeout: 600_000 });

  let token = "";
  let tenant = "";
  const auth = () => ({ authorization: `Bearer ${token}` });

  /** Everything a refused write could have changed, read through the API. */
  async function snapshot(request: APIRequestContext) {
    const get = async (path: string) => {
      const res = await request.get(path, { headers: auth() });
      expect(res.status(), path).toBe(200);
      return res.json();
    };
    const api = `/api/v1/${tenant}`;
    return JSON.stringify(
      await Promise.all([
        get("/api/v1/tenants?deleted=true").then((r) => r.results.map((t: { id: string; updatedAt: string }) => [t.id, t.updatedAt])),
        get(`${api}/flows/search?size=100`),
        get(`${api}/flows/ok/existing/revisions`),
        get(`${api}/namespaces`),
        get(`${api}/namespaces/settings`),
        get(`${api}/roles`),
        get(`${api}/groups`),
        get(`${api}/bindings`),
        get(`${api}/users`),
        get(`${api}/namespaces/ok/kv`),
        get(`${api}/namespaces/ok/secrets`),
        get(`${api}/namespaces/ok/files?recursive=true`),
        get(`${api}/auditlogs?size=1`).then((r) => r.total),
      ]),
    );
  }

  test.beforeAll(() => {
    const world = seed({
      users: { root: { superadmin: true } },
      tenants: { t: { admin: "root" } },
      tokens: [{ user: "root", name: "hostile" }],
      namespaces: [{ tenant: "t", name: "settings" }],
      flows: [{ tenant: "t", namespace: "ok", id: "existing" }],
      files: [{ tenant: "t", namespace: "ok", path: "existing.txt", content: "kept" }],
    });
    token = world.tokens.hostile;
    tenant = world.tenants.t.id;
  });

  for (const group of ["ids and names", "bodies", "headers and queries", "files", "path encoding"]) {
    test(`${group}: every answer is a JSON 4xx in the error shape, and nothing changes`, async ({ request }) => {
      const cases = corpus(tenant)[group];
      expect(cases.length).toBeGreaterThan(10);
      const before = await snapshot(request);
      const wrong: string[] = [];
      for (const c of cases) {
        // an unauthenticated request must be refused just the same (the authorization cases bring their own)
        const headers = { ...(c.name.startsWith("authorization") ? {} : auth()), ...c.headers };
        const a = await send(request, { ...c, headers });
        let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
        try {
          body = JSON.parse(a.text);
        } catch {
          body = undefined;
        }
        const shaped = typeof body?.error?.code === "string" && typeof body.error.message === "string" && Array.isArray(body.error.details);
        if (a.status < 400 || a.status >= 500 || !a.type.includes("application/json") || !shaped || /at \w+ \(|node_modules|prisma\.|Invalid `/.test(a.text)) {
          wrong.push(`${c.name} (${c.method} ${c.path.slice(0, 120)}): ${a.status} ${a.type} ${a.text.slice(0, 160)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await snapshot(request)).toBe(before);
      // still answering
      expect((await request.get("/api/v1/me", { headers: auth() })).status()).toBe(200);
    });
  }

  test("a dot segment, raw or escaped, is refused with 400 before any route: never a redirect that keeps the method", async ({ request }) => {
    // Next.js would resolve `.` and `..` (also as %2E) and answer 308 to the result, which keeps
    // the method: DELETE …/files/%2E%2E would become a DELETE of the namespace. The server's
    // preload (scripts/peer-address.cjs) refuses such a path first, signed in or not.
    const before = await snapshot(request);
    const api = `/api/v1/${tenant}/namespaces/ok`;
    for (const path of [`${api}/files/%2E%2E`, `${api}/files/..`, `${api}/files/%2e`, `${api}/files/x/%2E%2E`, `${api}/files/%2e%2e/%2e%2e/etc/passwd`, `/ui/${tenant}/flows/..`]) {
      for (const method of ["GET", "PUT", "DELETE"]) {
        for (const headers of [auth(), {}]) {
          const a = await raw({ method, path, headers, body: method === "PUT" ? "evil" : undefined });
          expect([a.status, path, method]).toEqual([400, path, method]);
          expect(a.type).toContain("application/json");
          expect(JSON.parse(a.text).error).toEqual({ code: "BAD_REQUEST", message: "The URL has a . or .. path segment", details: [] });
        }
      }
    }
    expect(await snapshot(request)).toBe(before);
    // a name that merely holds dots still reaches its route
    const ok = await request.put(`${api}/files/.env.example`, { headers: { ...auth(), "content-type": "application/octet-stream" }, data: "A=1" });
    expect(ok.status()).toBe(201);
  });

  test("a malformed path is refused without credentials too, and pages get a 400 as well", async ({ request }) => {
    for (const path of [`/api/v1/${tenant}/namespaces/ok/files/%E0%A4%A`, "/api/v1/namespaces/ok/files/%C0", `/api/v1/${tenant}/flows/%`]) {
      const a = await raw({ method: "GET", path });
      expect(a.status, path).toBe(400);
      expect(a.type).toContain("application/json");
      expect(JSON.parse(a.text).error).toEqual({ code: "BAD_REQUEST", message: "The URL is not valid percent-encoding", details: [] });
    }
    // a well-formed escape in a file path still reaches the file route
    const ok = await request.put(`/api/v1/${tenant}/namespaces/ok/files/a%20file%C3%A9.txt`, { headers: { ...auth(), "content-type": "application/octet-stream" }, data: "hello" });
    expect(ok.status()).toBe(201);
    const back = await request.get(`/api/v1/${tenant}/namespaces/ok/files/a%20file%C3%A9.txt`, { headers: auth() });
    expect(await back.text()).toBe("hello");
  });
});
