import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { resolveStorage } from "../backends/resolve";
import type { StorageConfig } from "../backends/config";
import { config } from "../config";
import { db, tenantDb } from "../db";
import { objectKey } from "./keys";
import { DEDICATED_DIR, backendFor, localRoot } from "./resolve";
import { S3Storage } from "./s3";

// Files stored before dedicated backends kept every tenant apart: a dedicated local directory was
// a folder beside the tenants' own (`<root>/<directory>/<tenantId>/...`), an S3 object had no tenant
// mark (`<prefix>/<tenantId>/...`). This moves each file a namespace row names to its current place
// once; a marker file in the storage root records that it ran to the end.

const MARKER = ".layout-v2";

export type LayoutMigration = { moved: number; skipped: boolean };

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

async function adoptLocal(cfg: { directory?: string }, key: string): Promise<boolean> {
  if (!cfg.directory) return false; // the storage root itself did not change
  const legacy = path.join(path.resolve(config().storageRoot), cfg.directory, ...key.split("/"));
  const current = path.join(localRoot(cfg), ...key.split("/"));
  if ((await exists(current)) || !(await exists(legacy))) return false;
  await fs.mkdir(path.dirname(current), { recursive: true });
  await fs.rename(legacy, current);
  return true;
}

async function adopt(cfg: StorageConfig, key: string): Promise<boolean> {
  if (cfg.type === "local") return adoptLocal(cfg, key);
  const backend = backendFor(cfg) as S3Storage;
  if (await backend.stat(key)) return false;
  return backend.adoptLegacy(key);
}

/** Moves files stored under the old layout; safe to run on every start (it stops at the marker). */
export async function migrateStorageLayout(): Promise<LayoutMigration> {
  const root = path.resolve(config().storageRoot);
  const marker = path.join(root, MARKER);
  if (await exists(marker)) return { moved: 0, skipped: true };
  const [tenants, namespaces] = await Promise.all([
    db.tenant.findMany({ where: { storageConfig: { not: null } }, select: { id: true } }),
    db.namespace.findMany({ where: { storageConfig: { not: null } }, select: { tenantId: true } }),
  ]);
  const dedicated = [...new Set([...tenants.map((t) => t.id), ...namespaces.map((n) => n.tenantId)])];
  let moved = 0;
  for (const tenantId of dedicated) {
    const files = await db.namespaceFile.findMany({ where: { tenantId, NOT: { path: { endsWith: "/" } } }, select: { namespace: true, path: true } });
    const configs = new Map<string, StorageConfig>();
    for (const f of files) {
      if (!configs.has(f.namespace)) configs.set(f.namespace, (await resolveStorage(tenantDb(tenantId), f.namespace)).config);
      if (await adopt(configs.get(f.namespace)!, objectKey(tenantId, f.namespace, f.path))) moved++;
    }
  }
  await fs.mkdir(root, { recursive: true });
  await fs.writeFile(marker, `storage layout 2: dedicated directories under ${DEDICATED_DIR}/, S3 objects under tenant=<id>/\n`);
  return { moved, skipped: false };
}
