import fs from "node:fs/promises";
import path from "node:path";
import { LISTING_MAX } from "../../api/paging";
import { deleteFile, listAllFiles, readFile, writeFile } from "../../files/files";
import { assertAllowed } from "../../namespaces/chain";
import { asFailure } from "./kv-common";
import { globRegExp } from "./local-files";
import { boolean, text } from "./props";
import { listOf, readExecutionFile, storeTaskFile } from "./storage-common";
import { TaskFailure, type RunnerContext, type TaskRunner } from "./types";

// namespace.UploadFiles, DownloadFiles and DeleteFiles: the execution acts on namespace files of
// its own tenant through the files domain functions (audited as the execution), in its flow's
// namespace, a descendant of it, or a namespace whose allowed namespaces admit the flow's.

const MAX_FILES = 10_000;

/** The task's `namespace` (required), refused unless the flow's namespace may act on it. */
export async function actingNamespace(ctx: RunnerContext): Promise<string> {
  const namespace = text(ctx.props, "namespace")?.trim();
  if (!namespace) throw new TaskFailure('missing required property "namespace"');
  const own = ctx.flow.namespace;
  if (namespace === own || namespace.startsWith(`${own}.`)) return namespace;
  try {
    await assertAllowed(ctx.db, namespace, own);
  } catch (e) {
    throw asFailure(e);
  }
  return namespace;
}

/** Patterns as the orchestrator reads them: "glob:" or plain globs, or "regex:"; matched against "/path" and "path". */
function matcher(patterns: string[]): (file: string) => boolean {
  const tests = patterns.map((p) => {
    if (p.startsWith("regex:")) {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${p.slice(6)})$`);
      } catch {
        throw new TaskFailure(`"${p}" is not a valid regular expression`);
      }
      return re;
    }
    return globRegExp(p.replace(/^glob:/, ""));
  });
  return (file) => tests.some((re) => re.test(`/${file}`) || re.test(file));
}

function patternsOf(ctx: RunnerContext): string[] {
  if (ctx.props.files === undefined || ctx.props.files === null) throw new TaskFailure('missing required property "files"');
  return listOf(ctx.props.files, "files").map((f) => String(f));
}

/** Every file path of a namespace (no folder rows), read through the files domain. */
async function namespacePaths(ctx: RunnerContext, namespace: string): Promise<string[]> {
  const paths: string[] = [];
  for (let page = 1; ; page++) {
    const { results, total } = await listAllFiles(ctx.ctx, namespace, { page, size: LISTING_MAX });
    paths.push(...results.map((r) => r.path));
    if (paths.length >= total || results.length === 0) return paths;
  }
}

/** A destination folder ("/" by default) joined with a relative file path, as a namespace file path. */
function destinationPath(destination: string, file: string): string {
  const joined = `${destination.replace(/^\/+|\/+$/g, "")}/${file.replace(/^\/+/, "")}`.replace(/^\/+/, "");
  return joined;
}

async function localFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (out.length > MAX_FILES) throw new TaskFailure(`More than ${MAX_FILES} files in the working directory`);
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  await walk(root);
  return out.sort();
}

const CONFLICTS = ["OVERWRITE", "ERROR", "SKIP"] as const;

/**
 * namespace.UploadFiles: uploads `filesMap` (destination name: a kestra:/// URI of this execution,
 * or a file of the working directory) and the working directory's files matching `files` (globs),
 * under `destination` ("/"), into `namespace`. `conflict` on an existing file: OVERWRITE (default),
 * ERROR or SKIP. No outputs.
 */
export const uploadFilesTask: TaskRunner = async (ctx) => {
  const namespace = await actingNamespace(ctx);
  const conflict = (text(ctx.props, "conflict") ?? "OVERWRITE").toUpperCase();
  if (!(CONFLICTS as readonly string[]).includes(conflict)) throw new TaskFailure(`property "conflict" must be one of ${CONFLICTS.join(", ")}, not "${conflict}"`);
  const destination = text(ctx.props, "destination") ?? "/";
  const uploads: { to: string; bytes: () => Promise<Uint8Array> }[] = [];
  const wd = ctx.workingDir;
  const local = async (rel: string) => {
    if (!wd) throw new TaskFailure(`"${rel}" is not a kestra:/// URI, and there is no working directory to read it from`);
    const full = path.resolve(wd, rel);
    if (!full.startsWith(path.resolve(wd) + path.sep)) throw new TaskFailure(`"${rel}" is not a file inside the working directory`);
    return new Uint8Array(await fs.readFile(full));
  };
  let filesMap = ctx.props.filesMap;
  if (typeof filesMap === "string" && filesMap.trim() !== "") {
    try {
      filesMap = JSON.parse(filesMap);
    } catch {
      throw new TaskFailure('property "filesMap" must be a mapping of file names to URIs');
    }
  }
  if (filesMap !== undefined && filesMap !== null && filesMap !== "") {
    if (typeof filesMap !== "object" || Array.isArray(filesMap)) throw new TaskFailure('property "filesMap" must be a mapping of file names to URIs');
    for (const [name, source] of Object.entries(filesMap as Record<string, unknown>)) {
      const src = String(source).trim();
      uploads.push({ to: destinationPath(destination, name), bytes: () => (src.startsWith("kestra://") ? readExecutionFile(ctx, src) : local(src)) });
    }
  }
  if (ctx.props.files !== undefined && ctx.props.files !== null) {
    const matches = matcher(patternsOf(ctx));
    if (wd) for (const file of (await localFiles(wd)).filter(matches)) uploads.push({ to: destinationPath(destination, file), bytes: () => local(file) });
  }
  if (uploads.length === 0 && (filesMap === undefined || filesMap === null) && (ctx.props.files === undefined || ctx.props.files === null)) {
    throw new TaskFailure('one of "files" or "filesMap" is required');
  }
  let written = 0;
  for (const upload of uploads) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    const bytes = await upload.bytes();
    try {
      await writeFile(ctx.ctx, namespace, upload.to, bytes, conflict === "OVERWRITE" ? "upsert" : "create");
      written++;
    } catch (e) {
      if (conflict === "SKIP" && (e as { status?: number }).status === 409) {
        ctx.log("INFO", `Skipped ${upload.to}: it already exists in ${namespace}`);
        continue;
      }
      if ((e as { status?: number }).status === 409) throw new TaskFailure(`File ${upload.to} already exists in ${namespace} (conflict: ERROR)`);
      throw asFailure(e);
    }
  }
  ctx.log("INFO", `Uploaded ${written} file(s) to ${namespace}`);
  return { outputs: null };
};

/**
 * namespace.DownloadFiles: copies the files of `namespace` matching `files` (globs or paths) into
 * this task run's folder of the internal storage, under `destination`. Outputs `files`
 * ("/path": kestra:/// URI).
 */
export const downloadFilesTask: TaskRunner = async (ctx) => {
  const namespace = await actingNamespace(ctx);
  const matches = matcher(patternsOf(ctx));
  const destination = text(ctx.props, "destination") ?? "";
  const files: Record<string, string> = {};
  for (const file of (await namespacePaths(ctx, namespace)).filter(matches)) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    let body: Uint8Array;
    try {
      body = (await readFile(ctx.ctx, namespace, file)).body;
    } catch (e) {
      throw asFailure(e);
    }
    files[`/${file}`] = await storeTaskFile(ctx, body, "", destinationPath(destination, file));
  }
  ctx.log("INFO", `Downloaded ${Object.keys(files).length} file(s) from ${namespace}`);
  return { outputs: { files } };
};

/**
 * namespace.DeleteFiles: deletes the files of `namespace` matching `files` (globs or paths);
 * `deleteParentFolder` (false) also deletes the folders left empty. Outputs `files` (the deleted
 * paths).
 */
export const deleteFilesTask: TaskRunner = async (ctx) => {
  const namespace = await actingNamespace(ctx);
  const matches = matcher(patternsOf(ctx));
  const deleteParents = boolean(ctx.props, "deleteParentFolder", false);
  const deleted: string[] = [];
  for (const file of (await namespacePaths(ctx, namespace)).filter(matches)) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    try {
      await deleteFile(ctx.ctx, namespace, file);
    } catch (e) {
      throw asFailure(e);
    }
    deleted.push(`/${file}`);
  }
  if (deleteParents && deleted.length > 0) {
    const remaining = await namespacePaths(ctx, namespace);
    const folders = new Set(deleted.flatMap((f) => f.split("/").slice(1, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
    // deepest first; a folder still holding a file stays
    for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
      if (remaining.some((p) => p.startsWith(`${folder}/`))) continue;
      try {
        await deleteFile(ctx.ctx, namespace, folder);
      } catch (e) {
        if ((e as { status?: number }).status !== 404) throw asFailure(e);
      }
    }
  }
  ctx.log("INFO", `Deleted ${deleted.length} file(s) from ${namespace}`);
  return { outputs: { files: deleted } };
};
