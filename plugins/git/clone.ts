import fs from "node:fs/promises";
import path from "node:path";
import { boolean, text } from "../../lib/executions/tasks/props";
import { TaskFailure, type TaskRunner } from "../../lib/executions/tasks/types";
import { applyGitConfig, connectionOf, integer, openWorkspace } from "./common";
import { checkCheckoutSize, cloneRepo } from "./repo";

/**
 * Clone: clones `url` into the task's working directory (the WorkingDirectory's, under
 * `directory` when given): `branch` (the remote's default), `depth` commits deep (1), or at
 * `tag`, or at `commit` (full history). Outside a WorkingDirectory the clone is made in a
 * temporary folder that is removed when the task ends. Output `directory`: where it was cloned.
 */
export const cloneTask: TaskRunner = async (ctx) => {
  const conn = connectionOf(ctx);
  if (boolean(ctx.props, "cache", false)) ctx.log("INFO", "cache: the repository is cloned afresh on each run on this instance");
  const ws = await openWorkspace(ctx, conn);
  try {
    const base = ctx.workingDir ?? path.join(ws.root, "work");
    if (!ctx.workingDir) {
      await fs.mkdir(base, { recursive: true });
      ctx.log("WARN", "Clone runs outside a WorkingDirectory: the clone is removed when the task ends");
    }
    const directory = text(ctx.props, "directory")?.trim();
    const into = directory ? path.resolve(base, directory) : base;
    if (into !== base && !into.startsWith(base + path.sep)) throw new TaskFailure(`"${directory}" is not a folder inside the working directory`);
    const existing = await fs.readdir(into).catch(() => [] as string[]);
    if (existing.length > 0) throw new TaskFailure(`${directory ? `"${directory}"` : "The working directory"} is not empty: git clones into an empty folder`);
    await fs.rm(into, { recursive: true, force: true });

    const commit = text(ctx.props, "commit")?.trim();
    const tag = text(ctx.props, "tag")?.trim();
    const branch = text(ctx.props, "branch")?.trim() || undefined;
    const depth = commit ? null : tag ? 1 : integer(ctx.props, "depth", 1);
    if (depth !== null && depth < 1) throw new TaskFailure('property "depth" must be at least 1');
    await cloneRepo(ws, conn.repo, {
      into,
      branch: tag ?? (commit ? undefined : branch),
      depth,
      allBranches: !commit && !tag && boolean(ctx.props, "cloneAllBranches", true) && !branch,
      noTags: boolean(ctx.props, "noTags", false),
    });
    if (commit) {
      if (!/^[0-9a-f]{4,40}$/i.test(commit)) throw new TaskFailure(`"${commit}" is not a commit id`);
      await ws.step(`Checking out ${commit}`, () => ws.git(into).checkout([commit]));
      await checkCheckoutSize(into);
    }
    await applyGitConfig(ws, conn, into);
    ctx.log("INFO", `Cloned ${conn.repo.display}${tag ? ` at tag ${tag}` : commit ? ` at ${commit}` : branch ? ` (${branch})` : ""}`);
    return { outputs: { directory: into } };
  } finally {
    await ws.close();
  }
};
