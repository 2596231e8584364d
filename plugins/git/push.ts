import fs from "node:fs/promises";
import path from "node:path";
import { LISTING_MAX } from "../../lib/api/paging";
import { listAllFiles, readFile } from "../../lib/files/files";
import { asFailure } from "../../lib/executions/tasks/kv-common";
import { boolean, text } from "../../lib/executions/tasks/props";
import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import { config } from "../../lib/config";
import { applyGitConfig, checkNamespace, connectionOf, filesUnder, gitDirectoryOf, globsOf, mayUse, openWorkspace, storeIon, type Connection } from "./common";
import { cloneRepo, insideClone, type GitWorkspace } from "./repo";

// PushNamespaceFiles and PushFlows: the repository's branch is cloned (created when missing), its
// `gitDirectory` made to hold exactly the namespace's files or flows, and the change committed
// and pushed (unless `dryRun`). Output: `commitId`, `commitURL` and an ION file of the changes.

/** What the tasks write into the clone: a path under the git directory and its content. */
type Content = Map<string, Uint8Array>;

/** A link to the commit on the Git host's site, for http(s) remotes (as the orchestrator builds it). */
function commitUrl(conn: Connection, branch: string, commitId: string): string | null {
  if (conn.repo.scheme !== "https" && conn.repo.scheme !== "http") return null;
  const base = conn.repo.display.replace(/\.git\/?$/, "").replace(/\/+$/, "");
  const url = `${base}/${base.includes("bitbucket.org") ? "commits" : "commit"}/${commitId}`;
  return url.includes("azure.com") ? `${url}?refName=refs%2Fheads%2F${encodeURIComponent(branch)}` : url;
}

/** Makes `dir` hold exactly `content` (files gone from it removed, only those matching `scope` when given), stages it, and answers the diff rows. */
async function stage(ws: GitWorkspace, dir: string, content: Content, scope: ((p: string) => boolean) | null) {
  const max = config().gitMaxFiles;
  if (content.size > max) throw new TaskFailure(`More than ${max} files to push (the setting TENANTFLOW_GIT_MAX_FILES)`);
  for (const file of await filesUnder(dir)) {
    if (content.has(file)) continue;
    if (scope && !scope(file)) continue;
    await fs.rm(path.join(dir, file), { force: true });
  }
  for (const [file, bytes] of content) {
    const full = path.join(dir, file);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, bytes);
  }
  await ws.step("Staging the changes", () => ws.git().raw(["add", "--all", "--", path.relative(ws.repoDir, dir) || "."]));
  const numstat = await ws.step("Reading the changes", () => ws.git().raw(["diff", "--cached", "--numstat", "--no-renames"]));
  return numstat
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const [add, del, ...rest] = line.split("\t");
      const added = add === "-" ? 0 : Number(add);
      const deleted = del === "-" ? 0 : Number(del);
      return { file: rest.join("\t"), additions: `+${added}`, deletions: `-${deleted}`, changes: "0" };
    });
}

/** Commits the staged changes and pushes them to the branch; null when there was nothing to commit. */
async function commitAndPush(ctx: RunnerContext, ws: GitWorkspace, conn: Connection, branch: string, message: string) {
  const staged = await ws.step("Reading the changes", () => ws.git().raw(["diff", "--cached", "--name-only"]));
  if (staged.trim() === "") {
    ctx.log("INFO", "No changes to commit. Skipping push.");
    return null;
  }
  const authorName = text(ctx.props, "authorName") || text(ctx.props, "username") || "Tenantflow";
  const authorEmail = text(ctx.props, "authorEmail") || "tenantflow@localhost";
  await ws.step("Committing", () =>
    ws.git().raw(["-c", `user.name=${authorName}`, "-c", `user.email=${authorEmail}`, "commit", "--quiet", "--no-verify", "-m", message]),
  );
  const commitId = (await ws.step("Reading the commit", () => ws.git().revparse(["HEAD"]))).trim();
  ctx.log("INFO", `Pushing to ${conn.repo.display} on branch ${branch}`);
  await ws.step(`Pushing to ${conn.repo.display}`, () => ws.git().raw(["push", "--quiet", "--no-verify", "origin", `HEAD:refs/heads/${branch}`]));
  const url = commitUrl(conn, branch, commitId);
  ctx.log("INFO", `Pushed commit ${commitId}${url ? ` (${url})` : ""}`);
  return { commitId, commitURL: url };
}

async function push(ctx: RunnerContext, fallbackDir: string, collect: (dir: string) => Promise<{ content: Content; scope: ((p: string) => boolean) | null }>, defaultMessage: string) {
  const conn = connectionOf(ctx);
  const branch = text(ctx.props, "branch") || "main";
  const gitDirectory = gitDirectoryOf(ctx, fallbackDir);
  const dryRun = boolean(ctx.props, "dryRun", false);
  const ws = await openWorkspace(ctx, conn);
  try {
    await cloneRepo(ws, conn.repo, { branch, createBranch: true });
    await applyGitConfig(ws, conn);
    const dir = insideClone(ws.repoDir, gitDirectory);
    const { content, scope } = await collect(dir);
    const rows = await stage(ws, dir, content, scope);
    let pushed: { commitId: string; commitURL: string | null } | null = null;
    if (dryRun) ctx.log("INFO", `Dry run: no changes will be pushed to ${conn.repo.display} (${rows.length} file(s) would change)`);
    else pushed = await commitAndPush(ctx, ws, conn, branch, text(ctx.props, "commitMessage") || defaultMessage);
    return { rows, commitId: pushed?.commitId ?? null, commitURL: pushed?.commitURL ?? null };
  } finally {
    await ws.close();
  }
}

/** Namespaces under `namespace` that hold files or flows, for includeChildNamespaces. */
async function descendants(ctx: RunnerContext, namespace: string, of: "files" | "flows"): Promise<string[]> {
  const where = { namespace: { startsWith: `${namespace}.` } };
  const rows =
    of === "files"
      ? await ctx.db.namespaceFile.findMany({ where, select: { namespace: true }, distinct: ["namespace"] })
      : await ctx.db.flow.findMany({ where: { ...where, deleted: false }, select: { namespace: true }, distinct: ["namespace"] });
  return [...new Set(rows.map((r) => r.namespace))].sort();
}

/**
 * PushNamespaceFiles: the files of `namespace` (the flow's) matching `files` (globs, all by
 * default) into `gitDirectory` (`_files`); with `includeChildNamespaces`, each descendant
 * namespace's files under a folder named after it. Output `files`: ION rows
 * {file, additions, deletions, changes}.
 */
export const pushNamespaceFilesTask: TaskRunner = async (ctx) => {
  const namespace = (text(ctx.props, "namespace") || ctx.flow.namespace).trim();
  await checkNamespace(ctx, namespace);
  const matches = globsOf(ctx, "files");
  const result = await push(
    ctx,
    "_files",
    async () => {
      const namespaces = [namespace];
      if (boolean(ctx.props, "includeChildNamespaces", false)) {
        for (const child of await descendants(ctx, namespace, "files")) if (!(await mayUse(ctx, child))) namespaces.push(child);
      }
      const content: Content = new Map();
      const max = config().gitMaxFiles;
      for (const ns of namespaces) {
        for (let page = 1; ; page++) {
          const { results, total } = await listAllFiles(ctx.ctx, ns, { page, size: LISTING_MAX });
          for (const f of results) {
            if (matches && !matches(f.path)) continue;
            if (content.size >= max) throw new TaskFailure(`More than ${max} files to push (the setting TENANTFLOW_GIT_MAX_FILES)`);
            if (ctx.signal.aborted) throw new TaskFailure("killed");
            let body: Uint8Array;
            try {
              body = (await readFile(ctx.ctx, ns, f.path)).body;
            } catch (e) {
              throw asFailure(e);
            }
            content.set(ns === namespace ? f.path : `${ns}/${f.path}`, body);
          }
          if (page * LISTING_MAX >= total || results.length === 0) break;
        }
      }
      if (content.size === 0) {
        if (boolean(ctx.props, "errorOnMissing", false)) throw new TaskFailure("No Namespace Files matched the provided 'files' parameter to commit.");
        ctx.log("INFO", `No namespace files of ${namespace} to push`);
      }
      return { content, scope: matches };
    },
    `Add files from ${namespace} namespace`,
  );
  return { outputs: { commitId: result.commitId, commitURL: result.commitURL, files: await storeIon(ctx, result.rows) } };
};

/**
 * PushFlows: the flows of `sourceNamespace` (the flow's) whose id matches `flows` (globs, all by
 * default) into `gitDirectory` (`_flows`) as `<id>.yml`, child namespaces in sub-folders with
 * `includeChildNamespaces`; `targetNamespace` rewrites their namespace. Output `flows`: ION rows
 * {file, additions, deletions, changes}.
 */
export const pushFlowsTask: TaskRunner = async (ctx) => {
  const source = (text(ctx.props, "sourceNamespace") || ctx.flow.namespace).trim();
  await checkNamespace(ctx, source);
  const target = text(ctx.props, "targetNamespace")?.trim() || source;
  const matches = globsOf(ctx, "flows");
  const result = await push(
    ctx,
    "_flows",
    async () => {
      const children = boolean(ctx.props, "includeChildNamespaces", false);
      const flows = await ctx.db.flow.findMany({
        where: { deleted: false, OR: [{ namespace: source }, ...(children ? [{ namespace: { startsWith: `${source}.` } }] : [])] },
        select: { namespace: true, flowId: true, source: true },
        orderBy: [{ namespace: "asc" }, { flowId: "asc" }],
      });
      const content: Content = new Map();
      const escaped = source.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      for (const flow of flows) {
        if (matches && !matches(flow.flowId)) continue;
        if (flow.namespace !== source && (await mayUse(ctx, flow.namespace))) continue;
        const sub = flow.namespace === source ? "" : `${flow.namespace.slice(source.length + 1).split(".").join("/")}/`;
        const yaml = flow.source
          .replace(/^revision:\s*\d+\n?/m, "")
          .replace(new RegExp(`^(\\s*namespace:\\s*)${escaped}`, "m"), `$1${target}`);
        content.set(`${sub}${flow.flowId}.yml`, new TextEncoder().encode(yaml.endsWith("\n") ? yaml : `${yaml}\n`));
      }
      // the flows of the namespaces pushed replace those in the directory; only .yml files count as flows
      return { content, scope: matches ? (p: string) => /\.ya?ml$/i.test(p) && matches(path.posix.basename(p).replace(/\.ya?ml$/i, "")) : null };
    },
    `Add flows from ${source} namespace`,
  );
  return { outputs: { commitId: result.commitId, commitURL: result.commitURL, flows: await storeIon(ctx, result.rows) } };
};
