import "server-only";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { config } from "../config";
import type { TenantDb } from "../db";
import { listAllFiles, readFile } from "../files/files";
import { isSafeRelativeKey } from "../storage/keys";
import { engineContext } from "./engine-context";
import { resolveType } from "./executor/flow";
import { parseDuration } from "../duration";
import { InternalStorage, executionFolder, taskRunFolder, workingDirectoryCachePath } from "./internal-storage";
import { findTask } from "./processes/flows";
import { globRegExp, listFiles } from "./tasks/local-files";
import type { Execution, TaskResult, TaskRun } from "./types";
import type { FlowDefinition } from "./variables";

// A WorkingDirectory's tasks share one directory of files, as in the seeds' orchestrator, without
// a file system shared between workers: its tasks run one after the other, each possibly on
// another worker, so the directory travels through the execution's internal storage. Before a
// task of a WorkingDirectory runs, its worker restores the directory from the last snapshot (the
// first task starts from the WorkingDirectory's `namespaceFiles` and `inputFiles`); after the task,
// whatever its outcome, the directory is stored again for the next task, a retry, or an `errors`
// branch. The snapshot is bounded (TENANTFLOW_MAX_FILE_SIZE) and lives in the execution's folder,
// under the tenant's prefix like every other file of the execution.

export type WorkingDirectoryRef = { taskRunId: string; taskId: string; task: Record<string, unknown> };

/** The nearest WorkingDirectory among a task run's ancestors (given in `taskRuns`), or null. */
export function workingDirectoryOf(flow: FlowDefinition, taskRuns: readonly TaskRun[], taskRun: TaskRun): WorkingDirectoryRef | null {
  const byId = new Map(taskRuns.map((t) => [t.id, t]));
  for (let id = taskRun.parentTaskRunId; id; ) {
    const parent = byId.get(id);
    if (!parent) return null;
    const task = findTask(flow, parent.taskId);
    if (task && resolveType(String(task.type)).name === "flow.WorkingDirectory") return { taskRunId: parent.id, taskId: parent.taskId, task };
    id = parent.parentTaskRunId;
  }
  return null;
}

/** Where a WorkingDirectory's files are kept between its tasks. */
export const snapshotPath = (execution: Pick<Execution, "namespace" | "flowId" | "id">, workingDirectoryTaskRunId: string) =>
  `${executionFolder(execution.namespace, execution.flowId, execution.id)}/working-directories/${workingDirectoryTaskRunId}.json`;

type Snapshot = {
  files: { path: string; mode: number; data: string }[];
  /** a cache's snapshot: when it was stored */
  createdAt?: string;
  /** a WorkingDirectory's snapshot: whether it started from its `cache` (then the cache is not stored again) */
  fromCache?: boolean;
};

/** Too many files or bytes in a working directory to keep it between tasks. */
export class WorkingDirectoryTooLarge extends Error {}

const MAX_FILES = 10_000;

/**
 * The directory's regular files as a snapshot (symbolic links and other special files are left
 * out); with `keep`, only the files it accepts.
 */
export async function packDirectory(dir: string, maxBytes: number, extra: Omit<Snapshot, "files"> = {}, keep?: (file: string) => boolean): Promise<Uint8Array> {
  const files: Snapshot["files"] = [];
  let bytes = 0;
  const walk = async (rel: string) => {
    for (const entry of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(name);
      else if (entry.isFile()) {
        if (keep && !keep(name)) continue;
        if (files.length >= MAX_FILES) throw new WorkingDirectoryTooLarge(`The working directory has more than ${MAX_FILES} files`);
        const full = path.join(dir, name);
        const [data, stat] = await Promise.all([fs.readFile(full), fs.stat(full)]);
        bytes += data.byteLength;
        if (bytes > maxBytes) throw new WorkingDirectoryTooLarge(`The working directory's files exceed ${maxBytes} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
        files.push({ path: name, mode: stat.mode & 0o777, data: data.toString("base64") });
      }
    }
  };
  await walk("");
  return new TextEncoder().encode(JSON.stringify({ ...extra, files } satisfies Snapshot));
}

const readSnapshot = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Snapshot;

/** Writes a snapshot's files into a directory; a path that would leave it is refused. */
export async function unpackDirectory(dir: string, bytes: Uint8Array | Snapshot): Promise<void> {
  const snapshot = bytes instanceof Uint8Array ? readSnapshot(bytes) : bytes;
  for (const file of snapshot.files ?? []) {
    if (!isSafeRelativeKey(file.path)) throw new Error(`A working directory snapshot names an unsafe path: ${file.path}`);
    const target = path.join(dir, ...file.path.split("/"));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, Buffer.from(file.data, "base64"), { mode: (file.mode & 0o777) | 0o600 });
  }
}

type NamespaceFilesOption = { enabled?: unknown; include?: unknown; exclude?: unknown };

const globs = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

/** Copies the execution's namespace files into the directory, as `namespaceFiles` asks (`enabled`, `include`, `exclude` globs). */
export async function copyNamespaceFiles(db: TenantDb, execution: Execution, option: unknown, dir: string): Promise<number> {
  const o = (option && typeof option === "object" ? option : {}) as NamespaceFilesOption;
  if (o.enabled !== true && o.enabled !== "true") return 0;
  const include = globs(o.include).map(globRegExp);
  const exclude = globs(o.exclude).map(globRegExp);
  const ctx = engineContext(db.tenantId, execution.id);
  let copied = 0;
  const size = 500;
  for (let page = 1; ; page++) {
    const { results, total } = await listAllFiles(ctx, execution.namespace, { page, size });
    for (const f of results) {
      const rel = f.path.replace(/^\/+/, "");
      if (include.length && !include.some((r) => r.test(rel))) continue;
      if (exclude.some((r) => r.test(rel))) continue;
      const { body } = await readFile(ctx, execution.namespace, f.path);
      const target = path.join(dir, ...rel.split("/"));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, body);
      copied++;
    }
    if (page * size >= total) break;
  }
  return copied;
}

export type WorkingDirectoryRun = {
  db: TenantDb;
  execution: Execution;
  ref: WorkingDirectoryRef;
  /** the first task of the WorkingDirectory: prepares its directory (namespace files, input files); a result ends the attempt */
  prepare: (dir: string) => Promise<TaskResult | null>;
  maxBytes?: number;
};

/**
 * Runs one task of a WorkingDirectory in the directory its tasks share: restored from the last
 * snapshot (or prepared, for the first one: the `cache` of an earlier execution, then namespace and
 * input files), then stored again whatever the task's outcome. A directory too large to keep fails
 * the task with the limit's name. After each task, the files matching the WorkingDirectory's
 * `outputFiles` are stored in its own task run's folder and sent with the result (the executor
 * makes them the WorkingDirectory's `outputFiles` output: the last task's view wins), and, unless
 * the directory started from a cache, the files matching `cache.patterns` become the flow's cache
 * for this WorkingDirectory (kept until `cache.ttl` has passed).
 */
export async function withWorkingDirectory(opts: WorkingDirectoryRun, run: (dir: string) => Promise<TaskResult>): Promise<TaskResult> {
  const { execution, ref } = opts;
  const storage = new InternalStorage(opts.db, execution.namespace);
  const at = snapshotPath(execution, ref.taskRunId);
  const maxBytes = opts.maxBytes ?? config().maxFileSize;
  const cache = cacheOf(ref.task);
  const cacheAt = workingDirectoryCachePath(execution.namespace, execution.flowId, ref.taskId);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "tenantflow-workdir-"));
  try {
    const stored = await storage.get(at);
    let fromCache = false;
    if (stored) {
      const snapshot = readSnapshot(stored);
      fromCache = snapshot.fromCache === true;
      await unpackDirectory(dir, snapshot);
    } else {
      // the first task: the cache of an earlier execution (unless expired), then namespace and input files
      if (cache) fromCache = await restoreCache(storage, cacheAt, cache.ttlMs, dir);
      const refused = await opts.prepare(dir);
      if (refused && refused.state !== "SUCCESS") return refused;
    }
    let result = await run(dir);
    try {
      await storage.put(at, await packDirectory(dir, maxBytes, { fromCache }), "application/json");
      if (cache && !fromCache && result.state !== "KILLED") {
        const patterns = cache.patterns.map(globRegExp);
        const keep = (file: string) => patterns.some((p) => p.test(file));
        // no file matches (yet): nothing is cached, and a later execution tries again
        if ((await listFiles(dir)).some(keep))
          await storage.put(cacheAt, await packDirectory(dir, maxBytes, { createdAt: new Date().toISOString() }, keep), "application/json");
      }
    } catch (e) {
      if (!(e instanceof WorkingDirectoryTooLarge)) throw e;
      if (result.state !== "KILLED") result = { state: "FAILED", error: e.message };
    }
    const outputFiles = await sendOutputFiles(storage, execution, ref, dir);
    return outputFiles ? { ...result, workingDirectory: { taskRunId: ref.taskRunId, outputFiles } } : result;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A WorkingDirectory's `cache` (`patterns` globs, `ttl` an ISO-8601 duration), if it has one. */
function cacheOf(task: Record<string, unknown>): { patterns: string[]; ttlMs: number | null } | null {
  const c = task.cache;
  if (!c || typeof c !== "object") return null;
  const patterns = globs((c as Record<string, unknown>).patterns);
  if (patterns.length === 0) return null;
  const ttl = (c as Record<string, unknown>).ttl;
  return { patterns, ttlMs: typeof ttl === "string" ? parseDuration(ttl) : null };
}

/** Restores the cached files into the directory when a cache is stored and not older than its ttl. */
async function restoreCache(storage: InternalStorage, at: string, ttlMs: number | null, dir: string): Promise<boolean> {
  const bytes = await storage.get(at);
  if (!bytes) return false;
  const snapshot = readSnapshot(bytes);
  const age = Date.now() - Date.parse(snapshot.createdAt ?? "");
  if (ttlMs !== null && !(age <= ttlMs)) return false;
  await unpackDirectory(dir, snapshot);
  return true;
}

/** The files matching the WorkingDirectory's `outputFiles`, stored in its own task run's folder: its `outputFiles` output. */
async function sendOutputFiles(storage: InternalStorage, execution: Execution, ref: WorkingDirectoryRef, dir: string): Promise<Record<string, string> | null> {
  const patterns = globs(ref.task.outputFiles).map(globRegExp);
  if (patterns.length === 0) return null;
  const folder = taskRunFolder(execution.namespace, execution.flowId, execution.id, ref.taskId, ref.taskRunId);
  const out: Record<string, string> = {};
  for (const file of await listFiles(dir)) {
    if (!patterns.some((p) => p.test(file)) || !isSafeRelativeKey(file)) continue;
    out[file] = await storage.put(`${folder}/${file}`, await fs.readFile(path.join(dir, ...file.split("/"))));
  }
  return out;
}
