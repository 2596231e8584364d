import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as folderRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/files/route";
import * as fileRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/files/[...path]/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { db } from "@/lib/db";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { createRole } from "@/lib/rbac/roles";
import { grantAccess } from "@/lib/tenants/access";
import { type TestUser, call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// Namespace files through the API: the layout on disk, tenant isolation (also against crafted
// paths), the size limit, the FLOW permission, and the audit log.

const ROOT = path.resolve(process.env.TENANTFLOW_STORAGE_ROOT!);
const onDisk = (...parts: string[]) => path.join(ROOT, ...parts);

type P = { tenant: string; namespace: string; path: string[] };
const seg = (p: string) => p.split("/");

function put(token: string, p: P, bytes: Uint8Array | string, headers: Record<string, string> = {}) {
  const body = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const req = new NextRequest(new URL("/", "http://localhost"), {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", ...headers },
    body: body as BodyInit,
  });
  return call(fileRoute.PUT, req, p);
}
const get = (token: string, p: P) => call(fileRoute.GET, request("GET", "/", { token }), p);
const del = (token: string, p: P) => call(fileRoute.DELETE, request("DELETE", "/", { token }), p);
const post = (token: string, p: P, body: unknown) => call(fileRoute.POST, request("POST", "/", { token, body }), p);
const list = (token: string, tenant: string, namespace: string, folder = "") =>
  call(folderRoute.GET, request("GET", `/?path=${encodeURIComponent(folder)}`, { token }), { tenant, namespace });

/** Every file under a directory, as relative paths. */
function walk(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full, base) : [path.relative(base, full)];
  });
}

async function memberWith(tenantId: string, role: string, namespace: string | null): Promise<string> {
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), tenantId);
  await grantAccess(ctx, u.username);
  await createBinding(ctx, { user: u.username, role, namespace });
  return tokenOf(u);
}

let adminA: TestUser;
let A = "";
let B = "";
let tokenA = "";
let tokenB = "";
const SECRET_B = "tenant-b-confidential-bytes";

beforeAll(async () => {
  adminA = await makeUser();
  const adminB = await makeUser();
  A = (await makeTenant(adminA)).id;
  B = (await makeTenant(adminB)).id;
  tokenA = await tokenOf(adminA);
  tokenB = await tokenOf(adminB);
  for (const t of [A, B]) await createNamespace(await tenantContext(cliActor(), t), { name: "shared" });
  expect((await put(tokenB, { tenant: B, namespace: "shared", path: seg("data/report.csv") }, SECRET_B)).status).toBe(201);
  expect((await put(tokenA, { tenant: A, namespace: "shared", path: seg("data/report.csv") }, "tenant-a-bytes")).status).toBe(201);
});

afterEach(() => {
  delete process.env.TENANTFLOW_MAX_FILE_SIZE;
  resetConfigCache();
});

describe("namespace files", () => {
  it("uploads, replaces, lists, downloads, moves and deletes, with each mutation audited", async () => {
    const p = (x: string): P => ({ tenant: A, namespace: "company.team", path: seg(x) });
    const created = await put(tokenA, p("scripts/etl.py"), "print('hello')\n");
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ path: "scripts/etl.py", name: "etl.py", type: "file", size: 15, contentType: "text/x-python" });
    expect(fs.readFileSync(onDisk(A, "company.team", "scripts", "etl.py"), "utf8")).toBe("print('hello')\n");
    const replaced = await put(tokenA, p("scripts/etl.py"), "print('bye')\n");
    expect(replaced.status).toBe(200);
    expect(replaced.json.size).toBe(13);

    expect((await post(tokenA, p("empty"), { action: "createFolder" })).status).toBe(201);
    expect((await post(tokenA, p("empty"), { action: "createFolder" })).status).toBe(409);
    const root = await list(tokenA, A, "company.team");
    expect(root.status).toBe(200);
    expect(root.json.results.map((e: { path: string; type: string }) => `${e.type}:${e.path}`)).toEqual(["folder:empty", "folder:scripts"]);
    const scripts = await list(tokenA, A, "company.team", "scripts");
    expect(scripts.json).toMatchObject({ total: 1, results: [{ path: "scripts/etl.py", size: 13 }] });
    expect((await list(tokenA, A, "company.team", "nowhere")).status).toBe(404);

    const download = await get(tokenA, p("scripts/etl.py"));
    expect(download.status).toBe(200);
    expect(download.text).toBe("print('bye')\n");
    expect(download.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''etl.py");
    expect(download.headers.get("content-type")).toBe("text/x-python");

    // a file cannot sit where a folder is, nor under a file
    expect((await put(tokenA, p("scripts"), "x")).status).toBe(409);
    expect((await put(tokenA, p("scripts/etl.py/inner.txt"), "x")).status).toBe(409);

    const moved = await post(tokenA, p("scripts"), { action: "move", to: "jobs/python" });
    expect(moved.status).toBe(200);
    expect(fs.existsSync(onDisk(A, "company.team", "scripts"))).toBe(false);
    expect(fs.readFileSync(onDisk(A, "company.team", "jobs", "python", "etl.py"), "utf8")).toBe("print('bye')\n");
    expect((await get(tokenA, p("jobs/python/etl.py"))).text).toBe("print('bye')\n");
    expect((await get(tokenA, p("scripts/etl.py"))).status).toBe(404);
    const renamed = await post(tokenA, p("jobs/python/etl.py"), { action: "move", to: "jobs/python/load.py" });
    expect(renamed.status).toBe(200);
    expect((await post(tokenA, p("jobs/python/load.py"), { action: "move", to: "empty" })).status).toBe(409);

    expect((await del(tokenA, p("jobs"))).status).toBe(200);
    expect((await del(tokenA, p("empty"))).status).toBe(200);
    expect((await list(tokenA, A, "company.team")).json).toEqual({ results: [], total: 0, page: 1, size: 1000, path: "" });
    expect(walk(onDisk(A, "company.team"))).toEqual([]);

    const entries = await db.auditLog.findMany({ where: { tenantId: A, resourceType: "FILE", namespace: "company.team" }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => `${e.action} ${e.resourceId}`)).toEqual([
      "CREATE scripts/etl.py",
      "UPDATE scripts/etl.py",
      "CREATE empty/",
      "MOVE jobs/python/",
      "MOVE jobs/python/load.py",
      "DELETE jobs/",
      "DELETE empty/",
    ]);
  });

  it("keeps each tenant's files under its own prefix, and never serves one tenant's files to another", async () => {
    expect(walk(onDisk(B))).toEqual([path.join("shared", "data", "report.csv")]);
    expect(walk(onDisk(A)).every((f) => !f.includes(B))).toBe(true);
    // A's administrator addressing tenant B: the same 404 as a missing tenant, nothing of B's
    const cross = await get(tokenA, { tenant: B, namespace: "shared", path: seg("data/report.csv") });
    expect(cross.status).toBe(404);
    expect(cross.text).not.toContain(SECRET_B);
    const crossWrite = await put(tokenA, { tenant: B, namespace: "shared", path: seg("data/report.csv") }, "overwritten");
    expect(crossWrite.status).toBe(404);
    expect(fs.readFileSync(onDisk(B, "shared", "data", "report.csv"), "utf8")).toBe(SECRET_B);
  });

  // each way of naming B's file (or anything outside A's prefix) from inside tenant A
  const CRAFTED: [string, string[]][] = [
    ["dot-dot segments", ["..", "..", "{B}", "shared", "data", "report.csv"]],
    ["dot-dot inside one segment", ["../../{B}/shared/data/report.csv"]],
    ["percent-encoded dots", ["%2e%2e", "%2e%2e", "{B}", "shared", "data", "report.csv"]],
    ["percent-encoded slashes", ["..%2f..%2f{B}%2fshared%2fdata%2freport.csv"]],
    ["double-encoded dots", ["%252e%252e", "%252e%252e", "{B}", "shared", "data", "report.csv"]],
    ["absolute path", ["", "etc", "passwd"]],
    ["absolute storage path", [`${ROOT}/{B}/shared/data/report.csv`]],
    ["backslashes", ["..\\..\\{B}\\shared\\data\\report.csv"]],
    ["NUL byte", ["data", "report.csv\u0000.txt"]],
    ["fullwidth dots", ["\uff0e\uff0e", "\uff0e\uff0e", "{B}", "shared", "data", "report.csv"]],
    ["one-dot leaders", ["\u2024\u2024", "\u2024\u2024", "{B}", "shared", "data", "report.csv"]],
    ["two-dot leader", ["\u2025", "\u2025", "{B}", "shared", "data", "report.csv"]],
    ["fullwidth solidus", ["..\uff0f..\uff0f{B}\uff0fshared"]],
    ["single dot", [".", "data", "report.csv"]],
    ["empty segment", ["data", "", "report.csv"]],
    ["drive letter", ["C:", "Windows", "win.ini"]],
  ];

  it.each(CRAFTED)("refuses a crafted path (%s) on every method and touches no file", async (_name, raw) => {
    const before = walk(ROOT).sort();
    const filesBefore = await db.namespaceFile.count();
    const p: P = { tenant: A, namespace: "shared", path: raw.map((s) => s.replaceAll("{B}", B)) };
    const answers = [
      await get(tokenA, p),
      await put(tokenA, p, "evil"),
      await post(tokenA, p, { action: "move", to: "stolen.csv" }),
      await post(tokenA, { tenant: A, namespace: "shared", path: ["data", "report.csv"] }, { action: "move", to: p.path.join("/") }),
      await post(tokenA, p, { action: "createFolder" }),
      await del(tokenA, p),
      await list(tokenA, A, "shared", p.path.join("/")),
    ];
    for (const a of answers) {
      expect(a.status, `${a.status} ${a.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
      expect(a.text).not.toContain(SECRET_B);
      expect(a.text).not.toContain("tenant-a-bytes");
    }
    expect(answers[0].status).toBe(422);
    expect(walk(ROOT).sort()).toEqual(before);
    expect(await db.namespaceFile.count()).toBe(filesBefore);
    expect(fs.readFileSync(onDisk(B, "shared", "data", "report.csv"), "utf8")).toBe(SECRET_B);
    expect(fs.readFileSync(onDisk(A, "shared", "data", "report.csv"), "utf8")).toBe("tenant-a-bytes");
  });

  it("refuses a crafted namespace in the URL", async () => {
    for (const ns of ["..", `../${B}/shared`, "shared/../..", "%2e%2e", "Shared"]) {
      const r = await get(tokenA, { tenant: A, namespace: ns, path: ["data", "report.csv"] });
      expect(r.status).toBe(422);
      expect(r.text).not.toContain(SECRET_B);
    }
  });

  it("answers 413 over the size limit, streamed or declared, and stores nothing", async () => {
    process.env.TENANTFLOW_MAX_FILE_SIZE = "1024";
    resetConfigCache();
    const p: P = { tenant: A, namespace: "shared", path: ["big.bin"] };
    const over = await put(tokenA, p, new Uint8Array(1025));
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(over.json.error.message).toContain("1024 bytes");
    // no Content-Length: the body is read as a stream and abandoned past the limit
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 64 * 1024) return c.close();
        sent += 512;
        c.enqueue(new Uint8Array(512));
      },
    });
    const req = new NextRequest(new URL("/", "http://localhost"), {
      method: "PUT",
      headers: { authorization: `Bearer ${tokenA}` },
      body: stream,
      duplex: "half",
    } as unknown as ConstructorParameters<typeof NextRequest>[1]);
    const streamed = await call(fileRoute.PUT, req, p);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024);
    const declared = await put(tokenA, p, "small", { "content-length": "999999" });
    expect(declared.status).toBe(413);
    expect(fs.existsSync(onDisk(A, "shared", "big.bin"))).toBe(false);
    expect(await db.namespaceFile.count({ where: { tenantId: A, path: "big.bin" } })).toBe(0);
    expect((await put(tokenA, p, new Uint8Array(1024))).status).toBe(201);
    await del(tokenA, p);
  });

  it("follows the FLOW permission: READ lists and downloads, CREATE, UPDATE and DELETE the rest", async () => {
    const ns = "perm.area";
    const p = (x: string): P => ({ tenant: A, namespace: ns, path: seg(x) });
    expect((await put(tokenA, p("a.txt"), "one")).status).toBe(201);
    const viewer = await memberWith(A, "Viewer", null);
    expect((await list(viewer, A, ns)).status).toBe(200);
    expect((await get(viewer, p("a.txt"))).text).toBe("one");
    const refused = await put(viewer, p("b.txt"), "x");
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe(`Missing permission FLOW:CREATE in namespace ${ns}`);
    expect((await put(viewer, p("a.txt"), "x")).status).toBe(403);
    expect((await post(viewer, p("a.txt"), { action: "move", to: "c.txt" })).status).toBe(403);
    expect((await del(viewer, p("a.txt"))).status).toBe(403);

    // Editor: FLOW create, read, update; no delete
    const editor = await memberWith(A, "Editor", null);
    expect((await put(editor, p("b.txt"), "two")).status).toBe(201);
    expect((await put(editor, p("b.txt"), "2")).status).toBe(200);
    expect((await post(editor, p("b.txt"), { action: "move", to: "c.txt" })).status).toBe(200);
    const noDelete = await del(editor, p("c.txt"));
    expect(noDelete.status).toBe(403);
    expect(noDelete.json.error.message).toContain("FLOW:DELETE");

    // a role that may create but not update: a new file yes, replacing one no
    const ctx = await tenantContext(cliActor(), A);
    await createRole(ctx, { name: "FileCreator", permissions: { FLOW: ["READ", "CREATE"] } });
    const creator = await memberWith(A, "FileCreator", null);
    expect((await put(creator, p("d.txt"), "d")).status).toBe(201);
    expect((await put(creator, p("d.txt"), "changed")).status).toBe(403);
    expect((await get(tokenA, p("d.txt"))).text).toBe("d");

    // a binding on an ancestor reaches descendants; a sibling sees nothing (404)
    const dev = await memberWith(A, "Developer", "perm");
    expect((await put(dev, p("e.txt"), "e")).status).toBe(201);
    expect((await del(dev, p("e.txt"))).status).toBe(200);
    const sibling = await memberWith(A, "Developer", "perm.other");
    for (const r of [await list(sibling, A, ns), await get(sibling, p("a.txt")), await put(sibling, p("f.txt"), "f"), await del(sibling, p("a.txt"))]) {
      expect(r.status).toBe(404);
      expect(r.text).not.toContain("one");
    }
    expect(walk(onDisk(A, ns)).sort()).toEqual(["a.txt", "c.txt", "d.txt"]);
  });

  it("stores every name it accepts: names of 254 and 255 bytes work, longer ones are refused with 422", async () => {
    const admin = await makeUser();
    const t = (await makeTenant(admin)).id;
    const token = await tokenOf(admin);
    const names = ["n".repeat(254), "é".repeat(127) + "x", "ü".repeat(127)];
    for (const name of names) {
      const p = { tenant: t, namespace: "long", path: ["dir", name] };
      const r = await put(token, p, name);
      expect(r.status).toBe(201);
      expect((await get(token, p)).text).toBe(name);
    }
    expect((await list(token, t, "long", "dir")).json.results.map((f: { name: string }) => f.name).sort()).toEqual([...names].sort());
    for (const bad of [["n".repeat(256)], ["é".repeat(128)], ["é".repeat(127), "é".repeat(127), "é".repeat(10)]]) {
      const r = await put(token, { tenant: t, namespace: "long", path: bad }, "x");
      expect(r.status).toBe(422);
    }
    expect(await db.namespaceFile.count({ where: { tenantId: t } })).toBe(names.length);
  });

  it("stores files in a dedicated local directory set on the tenant, and the nearest namespace's wins", async () => {
    const admin = await makeUser();
    const t = (await makeTenant(admin)).id;
    const token = await tokenOf(admin);
    await db.tenant.update({ where: { id: t }, data: { storageConfig: JSON.stringify({ type: "local", directory: "dedicated-t" }) } });
    await createNamespace(await tenantContext(cliActor(), t), { name: "team" });
    await db.namespace.updateMany({ where: { tenantId: t, name: "team" }, data: { storageConfig: JSON.stringify({ type: "local", directory: "dedicated-team" }) } });
    expect((await put(token, { tenant: t, namespace: "other", path: ["x.txt"] }, "tenant-level")).status).toBe(201);
    expect((await put(token, { tenant: t, namespace: "team.sub", path: ["y.txt"] }, "namespace-level")).status).toBe(201);
    expect(fs.readFileSync(onDisk("_dedicated", "dedicated-t", t, "other", "x.txt"), "utf8")).toBe("tenant-level");
    expect(fs.readFileSync(onDisk("_dedicated", "dedicated-team", t, "team.sub", "y.txt"), "utf8")).toBe("namespace-level");
    expect(fs.existsSync(onDisk(t))).toBe(false);
    expect((await get(token, { tenant: t, namespace: "team.sub", path: ["y.txt"] })).text).toBe("namespace-level");
  });
});
