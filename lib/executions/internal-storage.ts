import "server-only";
import type { TenantDb } from "../db";
import { invalid } from "../errors";
import { isSafeRelativeKey, tenantPrefix } from "../storage/keys";
import { storageFor } from "../storage/resolve";

// Files an execution produces (FILE inputs, task outputs, fetched logs, state) live in the internal
// storage under `kestra:///` URIs shaped as the orchestrator's:
//   kestra:///<namespace as folders>/<flowId>/executions/<executionId>/tasks/<taskId>/<taskRunId>/<file>
// A URI names no tenant: it always resolves under the reading tenant's own prefix
// (`<tenantId>/_internal/...`; no namespace starts with `_`, so it never meets namespace files),
// so a URI copied from another tenant's execution reads nothing of theirs.

export const INTERNAL_SCHEME = "kestra://";
const INTERNAL_DIR = "_internal";

const nsPath = (namespace: string) => namespace.split(".").join("/");

function checkedPath(path: string): string {
  if (!isSafeRelativeKey(path)) throw invalid(`Invalid internal storage path: ${path}`);
  return path;
}

/** The URI of a path inside the internal storage (`company/team/flow/executions/...`). */
export const internalUri = (path: string) => `${INTERNAL_SCHEME}/${checkedPath(path)}`;

/** The path of an internal URI, or null when the text is not one. */
export function internalPath(uri: string): string | null {
  if (typeof uri !== "string" || !uri.startsWith(`${INTERNAL_SCHEME}/`)) return null;
  const path = uri.slice(INTERNAL_SCHEME.length + 1);
  return isSafeRelativeKey(path) ? path : null;
}

/** Where an execution keeps its files: `<ns>/<flow>/executions/<id>`. */
export const executionFolder = (namespace: string, flowId: string, executionId: string) =>
  `${nsPath(namespace)}/${flowId}/executions/${executionId}`;

/** Where a WorkingDirectory's `cache` is kept between executions of its flow. */
export const workingDirectoryCachePath = (namespace: string, flowId: string, taskId: string) =>
  `${nsPath(namespace)}/${flowId}/caches/${taskId}.json`;

/** A task run's folder: `<execution folder>/tasks/<taskId>/<taskRunId>`. */
export const taskRunFolder = (namespace: string, flowId: string, executionId: string, taskId: string, taskRunId: string) =>
  `${executionFolder(namespace, flowId, executionId)}/tasks/${taskId}/${taskRunId}`;

/** Reads and writes one tenant's internal storage, on the backend of the execution's namespace. */
export class InternalStorage {
  constructor(
    private readonly db: TenantDb,
    private readonly namespace: string,
  ) {}

  private key(path: string) {
    return `${tenantPrefix(this.db.tenantId)}${INTERNAL_DIR}/${checkedPath(path)}`;
  }

  /** Stores bytes at `path` and answers their URI. */
  async put(path: string, body: Uint8Array | string, contentType = "application/octet-stream"): Promise<string> {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const backend = await storageFor(this.db, this.namespace);
    await backend.put(this.key(path), bytes, contentType);
    return internalUri(path);
  }

  /** The bytes behind a URI (or a path), or null when there are none. */
  async get(uriOrPath: string): Promise<Uint8Array | null> {
    const path = uriOrPath.startsWith(INTERNAL_SCHEME) ? internalPath(uriOrPath) : uriOrPath;
    if (path === null) throw invalid(`Not an internal storage URI: ${uriOrPath}`);
    const backend = await storageFor(this.db, this.namespace);
    return backend.get(this.key(path));
  }

  async delete(path: string): Promise<void> {
    const backend = await storageFor(this.db, this.namespace);
    await backend.delete(this.key(path));
  }

  /** Deletes every file under the folder `path` (an execution's, for a purge); answers how many. */
  async deleteFolder(path: string): Promise<number> {
    const backend = await storageFor(this.db, this.namespace);
    const objects = await backend.list(`${this.key(path)}/`);
    for (const o of objects) await backend.delete(o.key);
    return objects.length;
  }
}
