import "server-only";
import path from "node:path";
import type { StorageConfig } from "../backends/config";
import { resolveStorage } from "../backends/resolve";
import { config } from "../config";
import type { TenantDb } from "../db";
import { LocalStorage } from "./local";
import { S3Storage, s3Client } from "./s3";
import type { StorageBackend } from "./types";

// One backend object per distinct configuration, so S3 clients (and their connections) are reused.
const cache = new Map<string, StorageBackend>();

/**
 * Dedicated local directories live under a root of their own inside the storage root. Its name
 * starts with `_`, which no tenant id can, so a directory is never a tenant's default area (a
 * directory named like a tenant id held that tenant's files once).
 */
export const DEDICATED_DIR = "_dedicated";

/** The directory a local configuration stores under: the storage root, or its dedicated directory. */
export function localRoot(cfg: { directory?: string }): string {
  const root = path.resolve(config().storageRoot);
  return cfg.directory ? path.join(root, DEDICATED_DIR, cfg.directory) : root;
}

/** The backend a configuration describes; a local `directory` is a sub-directory of the dedicated root. */
export function backendFor(cfg: StorageConfig): StorageBackend {
  const root = path.resolve(config().storageRoot);
  const cacheKey = `${root}\0${JSON.stringify(cfg)}`;
  let backend = cache.get(cacheKey);
  if (!backend) {
    backend = cfg.type === "local" ? new LocalStorage(localRoot(cfg)) : new S3Storage(s3Client(cfg), cfg.bucket, cfg.prefix);
    cache.set(cacheKey, backend);
  }
  return backend;
}

/** The storage backend of a namespace's files: the nearest namespace's, the tenant's, or the instance's. */
export async function storageFor(tdb: TenantDb, namespace: string): Promise<StorageBackend> {
  return backendFor((await resolveStorage(tdb, namespace)).config);
}

/** Tests change the storage root between runs. */
export function resetStorageCache() {
  cache.clear();
}
