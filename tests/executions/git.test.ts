import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { tenantDb } from "@/lib/db";
import { InternalStorage } from "@/lib/executions/internal-storage";
import { run } from "@/lib/executions/test-support";
import { listAllFiles, readFile, writeFile } from "@/lib/files/files";
import { createFlow } from "@/lib/flows/flows";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { putSecret } from "@/lib/secrets/secrets";
import { flowGitOrigin, namespaceGitSyncs, syncNow } from "@/lib/git/syncs";
import { flowPage } from "@/lib/flows/page";
import { makeTenant } from "../helpers";

// The git tasks against repositories the test makes: bare repositories on the local disk (file://,
// allowed by the setting TENANTFLOW_GIT_SCHEMES here) and one served over HTTP by `git
// http-backend` behind a small server checking basic authentication (127.0.0.1: reachable only
// with TENANTFLOW_HTTP_ALLOW_PRIVATE on).

const G = "io.kestra.plugin.git";
const NS = "company.team";
const TOKEN = "gh-token-very-secret-7731";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "git-test-"));
const gitEnv: NodeJS.ProcessEnv = {
  NODE_ENV: "test",
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: tmp,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Dev",
  GIT_AUTHOR_EMAIL: "dev@example.com",
  GIT_COMMITTER_NAME: "Dev",
  GIT_COMMITTER_EMAIL: "dev@example.com",
};
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8" });

let counter = 0;
/** A new bare repository (branch main) with `files` committed; answers its path and a work clone. */
function makeRepo(files: Record<string, string>) {
  const name = `repo${++counter}`;
  const bare = path.join(tmp, "served", `${name}.git`);
  fs.mkdirSync(bare, { recursive: true });
  git(bare, "init", "--quiet", "--bare", "--initial-branch=main");
  const work = path.join(tmp, `${name}-work`);
  git(tmp, "clone", "--quiet", bare, work);
  git(work, "checkout", "--quiet", "-B", "main");
  commit(work, files, true);
  return { bare, work, name, url: `file://${bare}` };
}

/** Writes (or deletes: null) files in a work clone, commits and pushes them. */
function commit(work: string, files: Record<string, string | null>, first = false) {
  if (!first) git(work, "pull", "--quiet", "--rebase", "origin", "main");
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(work, file);
    if (content === null) fs.rmSync(full, { force: true });
    else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
  }
  git(work, "add", "--all");
  git(work, "commit", "--quiet", "-m", "change");
  git(work, "push", "--quiet", "origin", "main");
}

const flowYaml = (id: string, message = "hello") => `id: ${id}\nnamespace: dev\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;

// git http-backend behind basic authentication
let server: http.Server;
let httpBase = "";
const requests: { path: string; authorization?: string }[] = [];

let onHang: (() => void) | null = null;
const hanging: http.ServerResponse[] = [];

function serveGit(req: http.IncomingMessage, res: http.ServerResponse) {
  requests.push({ path: req.url!, authorization: req.headers.authorization });
  if (req.url!.startsWith("/hang/")) {
    // never answers: the task is killed meanwhile
    hanging.push(res);
    onHang?.();
    return;
  }
  if (req.headers.authorization !== `Basic ${Buffer.from(`git-user:${TOKEN}`).toString("base64")}`) {
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' });
    return res.end();
  }
  const url = new URL(req.url!, "http://localhost");
  const env: NodeJS.ProcessEnv = {
      NODE_ENV: "test",
      PATH: gitEnv.PATH,
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: tmp,
      GIT_PROJECT_ROOT: path.join(tmp, "served"),
      GIT_HTTP_EXPORT_ALL: "1",
      REMOTE_USER: "git-user",
      REMOTE_ADDR: "127.0.0.1",
      REQUEST_METHOD: req.method!,
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
      ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] } : {}),
      ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
  };
  const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "ignore"] });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headerDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end === -1) return;
    headerDone = true;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const i = line.indexOf(":");
      const key = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (key.toLowerCase() === "status") status = parseInt(value, 10);
      else headers[key] = value;
    }
    res.writeHead(status, headers);
    res.write(head.subarray(end + 4));
  });
  child.stdout.on("end", () => res.end());
}

let tenant = "";
beforeAll(async () => {
  server = http.createServer(serveGit);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  httpBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function settings(opts: { file?: boolean; allowPrivate?: boolean } = {}) {
  process.env.TENANTFLOW_GIT_SCHEMES = opts.file === false ? "https,ssh,http" : "https,http,ssh,file";
  process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE = opts.allowPrivate ? "true" : "false";
  resetConfigCache();
}

afterEach(() => {
  delete process.env.TENANTFLOW_GIT_SCHEMES;
  delete process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE;
  delete process.env.TENANTFLOW_GIT_MAX_FILES;
  resetConfigCache();
});

const runIn = (tenantId: string, task: Record<string, unknown>, flowId = "sync") => run(task, { tenantId, namespace: NS, flowId, workingDir: undefined });

async function ionRows(tenantId: string, uri: unknown): Promise<Record<string, unknown>[]> {
  const bytes = await new InternalStorage(tenantDb(tenantId), NS).get(String(uri));
  const text = new TextDecoder().decode(bytes!);
  // one ION struct a line: field names unquoted, strings double-quoted
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l.replace(/([{,])([A-Za-z_][A-Za-z0-9_]*):/g, '$1"$2":')));
}

async function filesOf(tenantId: string, namespace = NS) {
  const ctx = await tenantContext(cliActor(), tenantId);
  const out: Record<string, string> = {};
  for (const f of (await listAllFiles(ctx, namespace)).results) out[f.path] = new TextDecoder().decode((await readFile(ctx, namespace, f.path)).body);
  return out;
}

const flowsOf = async (tenantId: string) =>
  (await tenantDb(tenantId).flow.findMany({ where: { deleted: false }, select: { namespace: true, flowId: true, source: true, revision: true }, orderBy: [{ namespace: "asc" }, { flowId: "asc" }] })).map(
    (f) => `${f.namespace}.${f.flowId}@${f.revision}`,
  );

describe("SyncNamespaceFiles and SyncFlows", () => {
  it("sync files and flows into a namespace tree, audited with the execution as actor; an invalid flow is reported and the rest still sync", async () => {
    settings();
    tenant = (await makeTenant()).id;
    const repo = makeRepo({
      "_files/a.txt": "alpha",
      "_files/scripts/etl.py": "print('etl')",
      "_flows/hello.yml": flowYaml("hello"),
      "_flows/marketing/crm.yml": flowYaml("crm"),
      "_flows/broken.yml": "id: broken\nnamespace: dev\ntasks:\n  - id: x\n    type: io.kestra.plugin.core.log.Log\n",
    });
    const files = await runIn(tenant, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url, namespace: NS });
    expect(files.result.state).toBe("SUCCESS");
    expect(await filesOf(tenant)).toEqual({ "a.txt": "alpha", "scripts/etl.py": "print('etl')" });
    expect(await ionRows(tenant, files.result.outputs!.files)).toEqual([
      { gitPath: "_files/a.txt", syncState: "ADDED", kestraPath: "/a.txt" },
      { gitPath: "_files/scripts/etl.py", syncState: "ADDED", kestraPath: "/scripts/etl.py" },
    ]);

    const flows = await runIn(tenant, { id: "flows", type: `${G}.SyncFlows`, url: repo.url, targetNamespace: NS, includeChildNamespaces: true });
    expect(flows.result.state).toBe("WARNING");
    expect(await flowsOf(tenant)).toEqual([`${NS}.hello@1`, `${NS}.marketing.crm@1`]);
    const source = (await tenantDb(tenant).flow.findFirst({ where: { flowId: "crm" } }))!.source;
    expect(source).toContain(`namespace: ${NS}.marketing`);
    expect(flows.result.outputs!.invalidFlows).toEqual([expect.objectContaining({ gitPath: "_flows/broken.yml", namespace: NS, flowId: "broken", message: expect.stringContaining("message") })]);
    expect(flows.logs.some((l) => l.level === "WARN" && l.message.includes("_flows/broken.yml was not synced"))).toBe(true);
    expect(await ionRows(tenant, flows.result.outputs!.flows)).toEqual([
      { gitPath: "_flows/hello.yml", syncState: "ADDED", flowId: "hello", namespace: NS, revision: 1 },
      { gitPath: "_flows/marketing/crm.yml", syncState: "ADDED", flowId: "crm", namespace: `${NS}.marketing`, revision: 1 },
    ]);

    const audit = await tenantDb(tenant).auditLog.findMany({ select: { actorName: true, resourceType: true, resourceId: true, action: true }, orderBy: { createdAt: "asc" } });
    expect(audit.filter((a) => a.actorName === "execution exec1").map((a) => `${a.action} ${a.resourceType} ${a.resourceId}`).sort()).toEqual(
      [`CREATE FLOW ${NS}.hello`, `CREATE FLOW ${NS}.marketing.crm`, "CREATE FILE a.txt", "CREATE FILE scripts/etl.py"].sort(),
    );
  });

  it("change and delete in the repository, sync again without and then with delete; a dry run writes nothing", async () => {
    settings();
    tenant = (await makeTenant()).id;
    const repo = makeRepo({ "_files/a.txt": "one", "_files/b.txt": "bee", "_flows/f1.yml": flowYaml("f1"), "_flows/f2.yml": flowYaml("f2") });
    const syncFiles = (extra: Record<string, unknown> = {}) => runIn(tenant, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url, ...extra });
    const syncFlows = (extra: Record<string, unknown> = {}) => runIn(tenant, { id: "flows", type: `${G}.SyncFlows`, url: repo.url, targetNamespace: NS, ...extra });
    await syncFiles();
    await syncFlows();

    commit(repo.work, { "_files/a.txt": "two", "_files/b.txt": null, "_flows/f1.yml": flowYaml("f1", "changed"), "_flows/f2.yml": null, "_files/c.txt": "sea" });

    // dry run: the diff, nothing written
    const dryFiles = await syncFiles({ dryRun: true, delete: true });
    expect(await ionRows(tenant, dryFiles.result.outputs!.files)).toEqual([
      { syncState: "DELETED", kestraPath: "/b.txt" },
      { gitPath: "_files/a.txt", syncState: "OVERWRITTEN", kestraPath: "/a.txt" },
      { gitPath: "_files/c.txt", syncState: "ADDED", kestraPath: "/c.txt" },
    ]);
    const dryFlows = await syncFlows({ dryRun: true, delete: true });
    expect(await ionRows(tenant, dryFlows.result.outputs!.flows)).toEqual([
      { syncState: "DELETED", flowId: "f2", namespace: NS, revision: 1 },
      { gitPath: "_flows/f1.yml", syncState: "UPDATED", flowId: "f1", namespace: NS, revision: 2 },
    ]);
    expect(await filesOf(tenant)).toEqual({ "a.txt": "one", "b.txt": "bee" });
    expect(await flowsOf(tenant)).toEqual([`${NS}.f1@1`, `${NS}.f2@1`]);

    // without delete: changes and additions, what is gone from Git stays
    await syncFiles();
    await syncFlows();
    expect(await filesOf(tenant)).toEqual({ "a.txt": "two", "b.txt": "bee", "c.txt": "sea" });
    expect(await flowsOf(tenant)).toEqual([`${NS}.f1@2`, `${NS}.f2@1`]);

    // with delete: what is gone from Git goes (the flow running the sync stays)
    await createFlow(await tenantContext(cliActor(), tenant), flowYaml("sync").replace("namespace: dev", `namespace: ${NS}`));
    const files = await syncFiles({ delete: true });
    expect(await filesOf(tenant)).toEqual({ "a.txt": "two", "c.txt": "sea" });
    expect(await ionRows(tenant, files.result.outputs!.files)).toContainEqual({ gitPath: "_files/a.txt", syncState: "UNCHANGED", kestraPath: "/a.txt" });
    await syncFlows({ delete: true });
    expect(await flowsOf(tenant)).toEqual([`${NS}.f1@2`, `${NS}.sync@1`]);
  });
});

describe("PushNamespaceFiles and PushFlows", () => {
  it("push the namespace's files and flows back, and the commit is in the repository", async () => {
    settings();
    tenant = (await makeTenant()).id;
    const repo = makeRepo({ "README.md": "repo", "_files/old.txt": "gone soon" });
    const ctx = await tenantContext(cliActor(), tenant);
    await writeFile(ctx, NS, "etl/job.py", new TextEncoder().encode("print(1)\n"));
    await writeFile(ctx, NS, "notes.md", new TextEncoder().encode("# notes\n"));
    await createFlow(ctx, flowYaml("daily").replace("namespace: dev", `namespace: ${NS}`));

    const dry = await runIn(tenant, { id: "push", type: `${G}.PushNamespaceFiles`, url: repo.url, dryRun: true });
    expect(dry.result.outputs).toMatchObject({ commitId: null, commitURL: null });
    expect(git(repo.bare, "log", "--format=%s", "main").trim().split("\n")).toHaveLength(1);

    const pushed = await runIn(tenant, { id: "push", type: `${G}.PushNamespaceFiles`, url: repo.url, files: ["**/*.py", "*.md"], commitMessage: "files of {{ flow.namespace }}", authorName: "Bot", authorEmail: "bot@example.com" });
    expect(pushed.result.state).toBe("SUCCESS");
    const commitId = pushed.result.outputs!.commitId as string;
    expect(git(repo.bare, "rev-parse", "main").trim()).toBe(commitId);
    expect(git(repo.bare, "log", "-1", "--format=%an <%ae> %s", "main").trim()).toBe(`Bot <bot@example.com> files of ${NS}`);
    expect(git(repo.bare, "show", "main:_files/etl/job.py")).toBe("print(1)\n");
    // outside the globs, old.txt is kept
    expect(git(repo.bare, "ls-tree", "-r", "--name-only", "main").trim().split("\n").sort()).toEqual(["README.md", "_files/etl/job.py", "_files/notes.md", "_files/old.txt"]);
    expect(await ionRows(tenant, pushed.result.outputs!.files)).toEqual([
      { file: "_files/etl/job.py", additions: "+1", deletions: "-0", changes: "0" },
      { file: "_files/notes.md", additions: "+1", deletions: "-0", changes: "0" },
    ]);

    const flows = await runIn(tenant, { id: "pushflows", type: `${G}.PushFlows`, url: repo.url, branch: "release", targetNamespace: "prod" });
    expect(flows.result.state).toBe("SUCCESS");
    expect(git(repo.bare, "rev-parse", "release").trim()).toBe(flows.result.outputs!.commitId);
    expect(git(repo.bare, "show", "release:_flows/daily.yml")).toContain("namespace: prod");
    expect(git(repo.bare, "log", "-1", "--format=%s", "release").trim()).toBe(`Add flows from ${NS} namespace`);

    // nothing changed: no commit
    const again = await runIn(tenant, { id: "pushflows", type: `${G}.PushFlows`, url: repo.url, branch: "release", targetNamespace: "prod" });
    expect(again.result.outputs).toMatchObject({ commitId: null });
  });
});

describe("safety", () => {
  it("a secret-authenticated HTTP remote: the password is never in logs, outputs or the clone's configuration", async () => {
    settings({ allowPrivate: true });
    tenant = (await makeTenant()).id;
    const ctx = await tenantContext(cliActor(), tenant);
    await putSecret(ctx, NS, "GIT_TOKEN", { value: TOKEN });
    const repo = makeRepo({ "_files/a.txt": "over http", "src/main.py": "print('hi')" });
    const url = `${httpBase}/${repo.name}.git`;
    const auth = { url, username: "git-user", password: "{{ secret('GIT_TOKEN') }}" };

    const synced = await runIn(tenant, { id: "files", type: `${G}.SyncNamespaceFiles`, ...auth });
    expect(synced.result.state).toBe("SUCCESS");
    expect(await filesOf(tenant)).toEqual({ "a.txt": "over http" });

    const wd = fs.mkdtempSync(path.join(tmp, "wd-"));
    const cloned = await run({ id: "clone", type: `${G}.Clone`, ...auth, directory: "code" }, { tenantId: tenant, namespace: NS, workingDir: wd });
    expect(cloned.result.state).toBe("SUCCESS");
    const dir = path.join(wd, "code");
    expect(cloned.result.outputs).toEqual({ directory: dir });
    expect(fs.readFileSync(path.join(dir, "src/main.py"), "utf8")).toBe("print('hi')");
    const remotes = git(dir, "remote", "-v");
    expect(remotes).toContain(url);
    expect(remotes).not.toContain(TOKEN);
    expect(fs.readFileSync(path.join(dir, ".git/config"), "utf8")).not.toContain(TOKEN);
    expect(fs.readFileSync(path.join(dir, ".git/config"), "utf8")).not.toContain(Buffer.from(`git-user:${TOKEN}`).toString("base64"));

    await writeFile(ctx, NS, "b.txt", new TextEncoder().encode("pushed over http"));
    const pushed = await runIn(tenant, { id: "push", type: `${G}.PushNamespaceFiles`, ...auth });
    expect(pushed.result.state).toBe("SUCCESS");
    expect(git(repo.bare, "show", "main:_files/b.txt")).toBe("pushed over http");
    expect(pushed.result.outputs!.commitURL).toBe(`${url.replace(/\.git$/, "")}/commit/${pushed.result.outputs!.commitId}`);

    const wrong = await runIn(tenant, { id: "files", type: `${G}.SyncNamespaceFiles`, ...auth, password: "not-the-token" });
    expect(wrong.result.state).toBe("FAILED");

    for (const r of [synced, cloned, pushed, wrong]) {
      const everything = JSON.stringify([r.logs, r.result]);
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(Buffer.from(`git-user:${TOKEN}`).toString("base64"));
    }
    // the server did receive the credentials
    expect(requests.some((q) => q.authorization === `Basic ${Buffer.from(`git-user:${TOKEN}`).toString("base64")}`)).toBe(true);
  });

  it("refuses a URL resolving to a private address, and the file scheme, unless the instance allows them", async () => {
    settings({ allowPrivate: false, file: false });
    tenant = (await makeTenant()).id;
    const repo = makeRepo({ "_files/a.txt": "x" });
    const before = requests.length;
    const refused = await runIn(tenant, { id: "files", type: `${G}.SyncNamespaceFiles`, url: `${httpBase}/${repo.name}.git`, username: "git-user", password: TOKEN });
    expect(refused.result.state).toBe("FAILED");
    expect(refused.result.error).toContain("Refused to connect to 127.0.0.1");
    expect(refused.result.error).toContain("TENANTFLOW_HTTP_ALLOW_PRIVATE");
    expect(requests.length).toBe(before);

    const local = await runIn(tenant, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url });
    expect(local.result.state).toBe("FAILED");
    expect(local.result.error).toContain("TENANTFLOW_GIT_SCHEMES");
    expect(await filesOf(tenant)).toEqual({});

    settings({ file: true });
    process.env.TENANTFLOW_GIT_MAX_FILES = "2";
    resetConfigCache();
    const big = makeRepo({ "_files/1.txt": "1", "_files/2.txt": "2", "_files/3.txt": "3" });
    const tooMany = await runIn(tenant, { id: "files", type: `${G}.SyncNamespaceFiles`, url: big.url });
    expect(tooMany.result.state).toBe("FAILED");
    expect(tooMany.result.error).toContain("TENANTFLOW_GIT_MAX_FILES");
  });
});

describe("kill", () => {
  it("a git command is killed with the task", async () => {
    settings({ allowPrivate: true });
    const t = (await makeTenant()).id;
    const controller = new AbortController();
    onHang = () => controller.abort();
    const killed = await run({ id: "files", type: `${G}.SyncNamespaceFiles`, url: `${httpBase}/hang/repo.git` }, { tenantId: t, namespace: NS, signal: controller.signal });
    onHang = null;
    expect(killed.result.state).toBe("KILLED");
    expect(await filesOf(t)).toEqual({});
    // the git process is gone: its connection to the server closes
    await Promise.all(hanging.splice(0).map((res) => (res.destroyed || res.socket?.destroyed ? Promise.resolve() : new Promise((resolve) => res.socket!.on("close", resolve)))));
  });
});

describe("tenancy", () => {
  it("two tenants sync the same repository into the same namespace names without seeing each other's data", async () => {
    settings();
    const a = (await makeTenant()).id;
    const b = (await makeTenant()).id;
    const repo = makeRepo({ "_files/shared.txt": "v1", "_flows/job.yml": flowYaml("job") });
    const ctxA = await tenantContext(cliActor(), a);
    await writeFile(ctxA, NS, "only-a.txt", new TextEncoder().encode("tenant a"));
    await createFlow(ctxA, flowYaml("mine").replace("namespace: dev", `namespace: ${NS}`));

    // b syncs with delete: it sees (and deletes) only b's data
    await runIn(b, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url, delete: true });
    await runIn(b, { id: "flows", type: `${G}.SyncFlows`, url: repo.url, targetNamespace: NS, delete: true });
    expect(await filesOf(b)).toEqual({ "shared.txt": "v1" });
    expect(await flowsOf(b)).toEqual([`${NS}.job@1`]);
    expect(await filesOf(a)).toEqual({ "only-a.txt": "tenant a" });
    expect(await flowsOf(a)).toEqual([`${NS}.mine@1`]);

    await runIn(a, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url });
    await runIn(a, { id: "flows", type: `${G}.SyncFlows`, url: repo.url, targetNamespace: NS });
    expect(await filesOf(a)).toEqual({ "only-a.txt": "tenant a", "shared.txt": "v1" });
    expect(await flowsOf(a)).toEqual([`${NS}.job@1`, `${NS}.mine@1`]);

    commit(repo.work, { "_files/shared.txt": "v2" });
    await runIn(b, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url });
    expect(await filesOf(b)).toEqual({ "shared.txt": "v2" });
    expect(await filesOf(a)).toEqual({ "only-a.txt": "tenant a", "shared.txt": "v1" });
  });

  it("writes only into namespaces the flow's namespace may act on", async () => {
    settings();
    const t = (await makeTenant()).id;
    const ctx = await tenantContext(cliActor(), t);
    for (const [name, allowed] of [["company.open", ["company.ops"]], ["company.open.locked", ["company.data"]], ["company.closed", ["company.data"]]] as const) {
      await createNamespace(ctx, { name });
      await updateNamespace(ctx, name, { allowedNamespaces: [...allowed] });
    }
    const repo = makeRepo({ "_files/a.txt": "x", "_flows/top.yml": flowYaml("top"), "_flows/locked/inner.yml": flowYaml("inner") });
    const inOps = (task: Record<string, unknown>) => run(task, { tenantId: t, namespace: "company.ops", flowId: "sync" });

    const closed = await inOps({ id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url, namespace: "company.closed" });
    expect(closed.result.state).toBe("FAILED");
    expect(closed.result.error).toContain("Namespace company.closed does not allow company.ops");
    expect(await filesOf(t, "company.closed")).toEqual({});

    const open = await inOps({ id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url, namespace: "company.open" });
    expect(open.result.state).toBe("SUCCESS");
    expect(await filesOf(t, "company.open")).toEqual({ "a.txt": "x" });

    // a child namespace that does not allow the flow's is reported, the rest syncs
    const flows = await inOps({ id: "flows", type: `${G}.SyncFlows`, url: repo.url, targetNamespace: "company.open", includeChildNamespaces: true });
    expect(flows.result.state).toBe("WARNING");
    expect(flows.result.outputs!.invalidFlows).toEqual([expect.objectContaining({ gitPath: "_flows/locked/inner.yml", namespace: "company.open.locked", message: expect.stringContaining("does not allow company.ops") })]);
    expect(await flowsOf(t)).toEqual(["company.open.top@1"]);
  });
});

describe("the namespace's sync record", () => {
  it("records where a namespace was synced from and the result (not on a dry run), and Sync now runs the syncing flow again", async () => {
    settings();
    const t = (await makeTenant()).id;
    const ctx = await tenantContext(cliActor(), t);
    const repo = makeRepo({ "_files/a.txt": "x", "_flows/one.yml": flowYaml("one") });
    await runIn(t, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url, dryRun: true });
    expect(await namespaceGitSyncs(ctx, NS)).toEqual([]);

    await runIn(t, { id: "files", type: `${G}.SyncNamespaceFiles`, url: repo.url, username: "u", password: "pw-not-recorded" });
    await runIn(t, { id: "flows", type: `${G}.SyncFlows`, url: repo.url, targetNamespace: NS, branch: "main", gitDirectory: "_flows" });
    const syncs = await namespaceGitSyncs(ctx, NS);
    expect(syncs).toEqual([
      expect.objectContaining({ kind: "files", url: repo.url, branch: "main", gitDirectory: "_files", flowNamespace: NS, flowId: "sync", executionId: "exec1", result: expect.objectContaining({ counts: expect.objectContaining({ ADDED: 1 }), paths: ["a.txt"] }) }),
      expect.objectContaining({ kind: "flows", gitDirectory: "_flows", result: expect.objectContaining({ flows: [`${NS}.one`], invalid: 0 }) }),
    ]);
    expect(JSON.stringify(await tenantDb(t).gitSync.findMany())).not.toContain("pw-not-recorded");
    // the flow page marks a flow that came from Git, and only such a flow
    expect(await flowGitOrigin(ctx, NS, "one")).toMatchObject({ kind: "flows", url: repo.url, gitDirectory: "_flows" });
    expect(await flowGitOrigin(ctx, NS, "sync")).toBeNull();
    // the page's own read: the same origin, found through its count of candidate syncs
    expect((await flowPage(ctx, NS, "one")).fromGit).toMatchObject({ kind: "flows", url: repo.url, gitDirectory: "_flows" });

    await expect(syncNow(ctx, NS, "files")).rejects.toThrow(/Flow not found|not found/i);
    await createFlow(ctx, `id: sync\nnamespace: ${NS}\ntasks:\n  - id: files\n    type: ${G}.SyncNamespaceFiles\n    url: ${repo.url}\n`);
    expect((await flowPage(ctx, NS, "sync")).fromGit).toBeNull();
    const started = await syncNow(ctx, NS, "files");
    expect(started).toMatchObject({ namespace: NS, flowId: "sync" });
    expect(await tenantDb(t).execution.count({ where: { id: started.executionId, flowId: "sync" } })).toBe(1);
    await expect(syncNow(ctx, "company.other", "flows")).rejects.toThrow(/were not synced from Git/);
  });
});
