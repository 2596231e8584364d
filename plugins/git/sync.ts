import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { LISTING_MAX } from "../../lib/api/paging";
import { deleteFile, listAllFiles, readFile, writeFile } from "../../lib/files/files";
import { createFlow, deleteFlow, checkFlowSource, updateFlow } from "../../lib/flows/flows";
import { AppError } from "../../lib/errors";
import { asFailure } from "../../lib/executions/tasks/kv-common";
import { boolean, text } from "../../lib/executions/tasks/props";
import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import { applyGitConfig, checkNamespace, connectionOf, filesUnder, gitDirectoryOf, mayUse, openWorkspace, storeIon } from "./common";
import { cloneRepo, insideClone } from "./repo";

// SyncNamespaceFiles and SyncFlows: the repository's branch is cloned (one commit deep) and its
// `gitDirectory` written into the tenant's namespace files or flows, through the same domain
// functions as the API (validated and audited alike, the execution as the actor).

/** Records where `namespace` was synced from and the result, for the namespace page (not on a dry run). */
async function recordSync(
  ctx: RunnerContext,
  sync: { namespace: string; kind: "files" | "flows"; url: string; branch: string; gitDirectory: string },
  result: Record<string, unknown>,
) {
  const data = {
    url: sync.url,
    branch: sync.branch,
    gitDirectory: sync.gitDirectory,
    flowNamespace: ctx.flow.namespace,
    flowId: ctx.flow.id,
    executionId: ctx.execution.id,
    result: JSON.stringify(result),
  };
  await ctx.db.gitSync.upsert({
    where: { tenantId_namespace_kind: { tenantId: ctx.tenantId, namespace: sync.namespace, kind: sync.kind } },
    create: { tenantId: ctx.tenantId, namespace: sync.namespace, kind: sync.kind, ...data },
    update: data,
  });
}

type SyncState = "ADDED" | "UPDATED" | "OVERWRITTEN" | "UNCHANGED" | "DELETED";

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && Buffer.from(a).equals(Buffer.from(b));

async function namespacePaths(ctx: RunnerContext, namespace: string): Promise<string[]> {
  const paths: string[] = [];
  for (let page = 1; ; page++) {
    const { results, total } = await listAllFiles(ctx.ctx, namespace, { page, size: LISTING_MAX });
    paths.push(...results.map((r) => r.path));
    if (paths.length >= total || results.length === 0) return paths;
  }
}

/**
 * SyncNamespaceFiles: the files under `gitDirectory` (`_files`) of `branch` (`main`) become the
 * files of `namespace` (the flow's); `delete` removes the namespace's files the directory lacks.
 * Output `files`: an ION file, one row per file ({gitPath, syncState, kestraPath}).
 */
export const syncNamespaceFilesTask: TaskRunner = async (ctx) => {
  const conn = connectionOf(ctx);
  const namespace = (text(ctx.props, "namespace") || ctx.flow.namespace).trim();
  await checkNamespace(ctx, namespace);
  const branch = text(ctx.props, "branch") || "main";
  const gitDirectory = gitDirectoryOf(ctx, "_files");
  const dryRun = boolean(ctx.props, "dryRun", false);
  const doDelete = boolean(ctx.props, "delete", false);

  const ws = await openWorkspace(ctx, conn);
  try {
    await cloneRepo(ws, conn.repo, { branch });
    await applyGitConfig(ws, conn);
    const dir = insideClone(ws.repoDir, gitDirectory);
    const inGit = await filesUnder(dir);
    const existing = new Set(await namespacePaths(ctx, namespace));
    const rows: Record<string, unknown>[] = [];
    const counts: Record<SyncState, number> = { ADDED: 0, UPDATED: 0, OVERWRITTEN: 0, UNCHANGED: 0, DELETED: 0 };
    for (const file of inGit) {
      if (ctx.signal.aborted) throw new TaskFailure("killed");
      const bytes = new Uint8Array(await fs.readFile(path.join(dir, file)));
      let state: SyncState = "ADDED";
      if (existing.has(file)) {
        const current = await readFile(ctx.ctx, namespace, file).catch(() => null);
        state = current && sameBytes(current.body, bytes) ? "UNCHANGED" : "OVERWRITTEN";
      }
      if (!dryRun && state !== "UNCHANGED") {
        try {
          await writeFile(ctx.ctx, namespace, file, bytes, "upsert");
        } catch (e) {
          throw asFailure(e instanceof AppError ? Object.assign(e, { message: `${file}: ${e.message}` }) : e);
        }
      }
      counts[state]++;
      rows.push({ gitPath: `${gitDirectory ? `${gitDirectory}/` : ""}${file}`, syncState: state, kestraPath: `/${file}` });
    }
    if (doDelete) {
      const present = new Set(inGit);
      for (const file of [...existing].filter((f) => !present.has(f)).sort()) {
        if (!dryRun) {
          try {
            await deleteFile(ctx.ctx, namespace, file);
          } catch (e) {
            throw asFailure(e);
          }
        }
        counts.DELETED++;
        rows.unshift({ syncState: "DELETED", kestraPath: `/${file}` });
      }
    }
    const summary = Object.entries(counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(", ") || "nothing";
    ctx.log("INFO", `${dryRun ? "Dry run: would sync" : "Synced"} ${conn.repo.display} (${branch}, ${gitDirectory || "/"}) into the files of ${namespace}: ${summary}`);
    if (!dryRun) await recordSync(ctx, { namespace, kind: "files", url: conn.repo.display, branch, gitDirectory }, { counts, paths: inGit.slice(0, 1000) });
    return { outputs: { files: await storeIon(ctx, rows) } };
  } finally {
    await ws.close();
  }
};

const NAMESPACE_LINE = /^namespace:.*$/m;

/** The flow's source with its top-level namespace set to `namespace` (as the orchestrator rewrites it). */
export function withNamespace(source: string, namespace: string): string {
  const replaced = NAMESPACE_LINE.test(source) ? source.replace(NAMESPACE_LINE, `namespace: ${namespace}`) : source;
  return replaced.trimEnd();
}

/** The id a flow's YAML declares, read leniently (for a flow that does not validate). */
function declaredId(source: string): string | undefined {
  try {
    const doc = parseYaml(source) as { id?: unknown } | null;
    return doc && typeof doc.id === "string" ? doc.id : undefined;
  } catch {
    return undefined;
  }
}

const problemText = (e: unknown): string => {
  if (e instanceof AppError) {
    const details = e.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
    return details ? `${e.message}: ${details}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
};

type FlowRow = { namespace: string; flowId: string; revision: number; source: string };

/**
 * SyncFlows: the flow files (.yml, .yaml) under `gitDirectory` (`_flows`) of `branch` (`main`)
 * are saved in `targetNamespace`, each sub-folder in the child namespace of its path when
 * `includeChildNamespaces`; each source's namespace is rewritten to where it goes. An invalid flow
 * is reported (output `invalidFlows`, a WARN line, the task ends in WARNING) and the others still
 * sync. `delete` removes the flows of those namespaces that the directory lacks (never the flow
 * running the sync). Output `flows`: an ION file, one row per flow
 * ({gitPath, syncState, flowId, namespace, revision}).
 */
export const syncFlowsTask: TaskRunner = async (ctx) => {
  const conn = connectionOf(ctx);
  const target = text(ctx.props, "targetNamespace")?.trim();
  if (!target) throw new TaskFailure('missing required property "targetNamespace"');
  await checkNamespace(ctx, target);
  const branch = text(ctx.props, "branch") || "main";
  const gitDirectory = gitDirectoryOf(ctx, "_flows");
  const dryRun = boolean(ctx.props, "dryRun", false);
  const doDelete = boolean(ctx.props, "delete", false);
  const children = boolean(ctx.props, "includeChildNamespaces", false);

  const ws = await openWorkspace(ctx, conn);
  try {
    await cloneRepo(ws, conn.repo, { branch });
    await applyGitConfig(ws, conn);
    const dir = insideClone(ws.repoDir, gitDirectory);
    const files = (await filesUnder(dir, children)).filter((f) => /\.ya?ml$/i.test(f));

    const before = await ctx.db.flow.findMany({
      where: { deleted: false, OR: [{ namespace: target }, ...(children ? [{ namespace: { startsWith: `${target}.` } }] : [])] },
      select: { namespace: true, flowId: true, revision: true, source: true },
    });
    const byKey = new Map<string, FlowRow>(before.map((f) => [`${f.namespace}\u0000${f.flowId}`, f]));
    const seen = new Set<string>();
    const rows: Record<string, unknown>[] = [];
    const invalidFlows: { gitPath: string; namespace: string; flowId?: string; message: string }[] = [];
    const counts: Record<SyncState, number> = { ADDED: 0, UPDATED: 0, OVERWRITTEN: 0, UNCHANGED: 0, DELETED: 0 };

    for (const file of files) {
      if (ctx.signal.aborted) throw new TaskFailure("killed");
      const gitPath = `${gitDirectory ? `${gitDirectory}/` : ""}${file}`;
      const sub = path.posix.dirname(file);
      const namespace = sub === "." ? target : `${target}.${sub.split("/").join(".")}`;
      const source = withNamespace(await fs.readFile(path.join(dir, file), "utf8"), namespace);
      const idGuess = declaredId(source);
      if (idGuess) seen.add(`${namespace}\u0000${idGuess}`);
      const invalid = (message: string, flowId?: string) => {
        invalidFlows.push({ gitPath, namespace, ...(flowId ? { flowId } : {}), message });
        ctx.log("WARN", `${gitPath} was not synced: ${message}`);
      };
      const refused = namespace === target ? null : await mayUse(ctx, namespace);
      if (refused) {
        invalid(refused, idGuess);
        continue;
      }
      const checked = await checkFlowSource(ctx.db, source);
      if (!checked.ok) {
        invalid(
          `the flow is not valid: ${checked.problems.slice(0, 5).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ")}${checked.problems.length > 5 ? ` (and ${checked.problems.length - 5} more)` : ""}`,
          idGuess,
        );
        continue;
      }
      const flowId = checked.flow.id;
      const key = `${namespace}\u0000${flowId}`;
      if (rows.some((r) => r.namespace === namespace && r.flowId === flowId)) {
        invalid(`another file of the directory already defines flow ${namespace}.${flowId}`, flowId);
        continue;
      }
      seen.add(key);
      const current = byKey.get(key);
      let state: SyncState;
      let revision: number;
      try {
        if (!current) {
          state = "ADDED";
          revision = dryRun ? 1 : (await createFlow(ctx.ctx, source)).revision;
        } else if (current.source === source) {
          state = "UNCHANGED";
          revision = current.revision;
        } else {
          state = "UPDATED";
          revision = dryRun ? current.revision + 1 : (await updateFlow(ctx.ctx, namespace, flowId, source, current.revision)).revision;
        }
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        invalid(problemText(e), flowId);
        continue;
      }
      counts[state]++;
      rows.push({ gitPath, syncState: state, flowId, namespace, revision });
    }

    if (doDelete) {
      for (const flow of before) {
        const key = `${flow.namespace}\u0000${flow.flowId}`;
        if (seen.has(key)) continue;
        // the flow running the sync stays
        if (flow.namespace === ctx.flow.namespace && flow.flowId === ctx.flow.id) continue;
        if (flow.namespace !== target && (await mayUse(ctx, flow.namespace))) continue;
        if (!dryRun) {
          try {
            await deleteFlow(ctx.ctx, flow.namespace, flow.flowId);
          } catch (e) {
            throw asFailure(e);
          }
        }
        counts.DELETED++;
        rows.unshift({ syncState: "DELETED", flowId: flow.flowId, namespace: flow.namespace, revision: flow.revision });
      }
    }

    const summary = Object.entries(counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(", ") || "nothing";
    const invalidText = invalidFlows.length ? `; ${invalidFlows.length} not synced (invalid)` : "";
    if (!dryRun) {
      const synced = rows.filter((r) => r.syncState !== "DELETED").map((r) => `${r.namespace}.${r.flowId}`);
      await recordSync(ctx, { namespace: target, kind: "flows", url: conn.repo.display, branch, gitDirectory }, { counts, invalid: invalidFlows.length, flows: synced.slice(0, 1000) });
    }
    ctx.log("INFO", `${dryRun ? "Dry run: would sync" : "Synced"} flows of ${conn.repo.display} (${branch}, ${gitDirectory || "/"}) into ${target}: ${summary}${invalidText}`);
    return {
      ...(invalidFlows.length ? { state: "WARNING" as const } : {}),
      outputs: { flows: await storeIon(ctx, rows), invalidFlows },
    };
  } finally {
    await ws.close();
  }
};
