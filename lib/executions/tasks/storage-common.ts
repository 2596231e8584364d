import crypto from "node:crypto";
import { config } from "../../config";
import { executionFolder, internalPath } from "../internal-storage";
import { TaskFailure, type RunnerContext } from "./types";

// Files the storage tasks read and write: their own execution's files in the tenant's internal
// storage, bounded by TENANTFLOW_MAX_FILE_SIZE.

/** A file extension as written (".txt", "csv", "tar.gz"): "" when not set; refused when it could name a folder. */
export function extensionOf(value: string | undefined): string {
  if (value === undefined || value.trim() === "") return "";
  const ext = value.trim().startsWith(".") ? value.trim() : `.${value.trim()}`;
  if (!/^(\.[A-Za-z0-9_-]+)+$/.test(ext)) throw new TaskFailure(`"${value}" is not a file extension (letters, digits, "-", "_" after a dot)`);
  return ext;
}

/** Stores `bytes` in the task run's folder under a new name ending with `extension`; answers the URI. */
export async function storeTaskFile(ctx: RunnerContext, bytes: Uint8Array, extension: string, name?: string): Promise<string> {
  const limit = config().maxFileSize;
  if (bytes.byteLength > limit) throw new TaskFailure(`The file is ${bytes.byteLength} bytes, more than the limit of ${limit} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
  const file = name ?? `${crypto.randomBytes(8).toString("hex")}${extension}`;
  return ctx.storage.put(`${ctx.folder}/${file}`, bytes);
}

/** The bytes of a `kestra:///` URI of this execution (never another execution's, nor another tenant's). */
export async function readExecutionFile(ctx: RunnerContext, uri: string): Promise<Uint8Array> {
  const path = internalPath(uri.trim());
  if (path === null) throw new TaskFailure(`"${uri}" is not a kestra:/// URI of the internal storage`);
  const own = `${executionFolder(ctx.flow.namespace, ctx.flow.id, ctx.execution.id)}/`;
  if (!path.startsWith(own)) throw new TaskFailure(`${uri.trim()} is not a file of this execution`);
  const bytes = await ctx.storage.get(path);
  if (!bytes) throw new TaskFailure(`no file at ${uri.trim()}`);
  return bytes;
}

/** A rendered list property: a list, or text holding a JSON list (what an expression renders to). */
export function listOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string") {
    const t = value.trim();
    if (t.startsWith("[")) {
      try {
        const parsed: unknown = JSON.parse(t);
        if (Array.isArray(parsed)) return parsed;
      } catch {
        // reported below
      }
    }
    if (t !== "") return [t];
  }
  throw new TaskFailure(`property "${key}" must be a list, or a JSON list`);
}
