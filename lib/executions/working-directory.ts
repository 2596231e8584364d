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
import { InternalStorage, executionFolder } from "./internal-storage";
import { findTask } from "./processes/flows";
import { globRegExp } from "./tasks/local-files";
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

type Snapshot = { files: { path: string; mode: number; data: string }[] };

/** Too many files or bytes in a working directory to keep it between tasks. */
export class WorkingDirectoryTooLarge extends Error {}

const MAX_FILES = 10_000;

/** The directory's regular files as a snapshot (symbolic links and other special files are left out). */
export async function packDirectory(dir: string, maxBytes: number): Promise<Uint8Array> {
  const files: Snapshot["files"] = [];
  let bytes = 0;
  const walk = async (rel: string) => {
    for (const entry of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(name);
      else if (entry.isFile()) {
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
  return new TextEncoder().encode(JSON.stringify({ files } satisfies Snapshot));
}

/** Writes a snapshot's files into an empty directory; a path that would leave it is refused. */
export async function unpackDirectory(dir: string, bytes: Uint8Array): Promise<void> {
  const snapshot = JSON.parse(new TextDecoder().decode(bytes)) as Snapshot;
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
 * snapshot (or prepared, for the first one), then stored again whatever the task's outcome. A
 * directory too large to keep fails the task with the limit's name.
 */
export async function withWorkingDirectory(opts: WorkingDirectoryRun, run: (dir: string) => Promise<TaskResult>): Promise<TaskResult> {
  const storage = new InternalStorage(opts.db, opts.execution.namespace);
  const at = snapshotPath(opts.execution, opts.ref.taskRunId);
  const maxBytes = opts.maxBytes ?? config().maxFileSize;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "tenantflow-workdir-"));
  try {
    const snapshot = await storage.get(at);
    if (snapshot) await unpackDirectory(dir, snapshot);
    else {
      const refused = await opts.prepare(dir);
      if (refused && refused.state !== "SUCCESS") return refused;
    }
    let result = await run(dir);
    try {
      await storage.put(at, await packDirectory(dir, maxBytes), "application/json");
    } catch (e) {
      if (!(e instanceof WorkingDirectoryTooLarge)) throw e;
      if (result.state !== "KILLED") result = { state: "FAILED", error: e.message };
    }
    return result;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
