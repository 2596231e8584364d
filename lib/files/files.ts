import "server-only";
import { LISTING_MAX, type Paging, pageOf, skipTake } from "../api/paging";
import type { TenantContext } from "../authz/context";
import { audit } from "../audit/write";
import { config } from "../config";
import { isUniqueViolation } from "../db";
import { AppError, conflict, notFound, payloadTooLarge } from "../errors";
import { checkNamespace } from "../namespaces/schemas";
import { objectKey } from "../storage/keys";
import { storageFor } from "../storage/resolve";
import type { StorageBackend } from "../storage/types";
import type { FileEntry } from "./types";
import { ancestorFolders, baseName, checkFilePath, checkFolderPath, contentTypeOf } from "./paths";

// Namespace files (SPEC §6), covered by the FLOW permission (SPEC §4): READ lists and downloads,
// CREATE uploads and creates, UPDATE edits and renames, DELETE deletes.
//
// Metadata lives in NamespaceFile rows, bytes in the namespace's storage backend under
// `<tenantId>/<namespace>/<path>`. Order of writes: bytes first, then the row and its audit entry in
// one transaction, then (for moves and deletes) the old bytes are removed. A crash can therefore
// leave bytes without a row (invisible, overwritten by the next write to that path), never a row
// without its bytes. Folders are implicit (any file below them) or explicit: a row whose path ends
// with "/" and that has no bytes, so empty folders can exist.

export const FOLDER_CONTENT_TYPE = "application/x-directory";
const MAX_FOLDER_MOVE = 1000;

type Row = { path: string; size: number; contentType: string; updatedAt: Date };

const fileEntry = (r: Row): FileEntry => ({
  path: r.path,
  name: baseName(r.path),
  type: "file",
  size: r.size,
  contentType: r.contentType,
  updated: r.updatedAt.toISOString(),
});


/** Rows at or under a folder (prefix ends with "/"), filtered exactly: LIKE treats `_` as a wildcard. */
async function rowsUnder(ctx: TenantContext, namespace: string, prefix: string) {
  const rows = await ctx.db.namespaceFile.findMany({
    where: { namespace, ...(prefix ? { path: { startsWith: prefix } } : {}) },
    orderBy: { path: "asc" },
  });
  return rows.filter((r) => r.path.startsWith(prefix));
}

function storageFailure(backend: StorageBackend, e: unknown): never {
  if (e instanceof AppError) throw e;
  console.error(`storage error (${backend.label}):`, e instanceof Error ? e.message : e);
  throw new AppError(503, "STORAGE_UNAVAILABLE", "The storage backend did not answer; try again shortly");
}

async function onStorage<T>(backend: StorageBackend, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    storageFailure(backend, e);
  }
}

function prepare(ctx: TenantContext, namespace: string) {
  checkNamespace(namespace);
  ctx.require("FLOW", "READ", namespace);
}

const ALL: Paging = { page: 1, size: LISTING_MAX };

/** The direct children of a folder ("" for the namespace's root): folders first, then files, a page at a time. */
export async function listFiles(ctx: TenantContext, namespace: string, folder?: string | null, paging: Paging = ALL) {
  prepare(ctx, namespace);
  const dir = checkFolderPath(folder);
  const prefix = dir ? `${dir}/` : "";
  const rows = await rowsUnder(ctx, namespace, prefix);
  if (dir && rows.length === 0) throw notFound("Folder not found");
  const folders = new Map<string, FileEntry>();
  const files: FileEntry[] = [];
  for (const r of rows) {
    const rest = r.path.slice(prefix.length);
    if (rest === "") continue; // the folder's own explicit row
    const slash = rest.indexOf("/");
    if (slash === -1) {
      files.push(fileEntry(r));
      continue;
    }
    const name = rest.slice(0, slash);
    const path = prefix + name;
    const seen = folders.get(path);
    const updated = r.updatedAt.toISOString();
    if (!seen) folders.set(path, { path, name, type: "folder", size: 0, contentType: FOLDER_CONTENT_TYPE, updated });
    else if (seen.updated! < updated) seen.updated = updated;
  }
  const all = [...[...folders.values()].sort((a, b) => a.name.localeCompare(b.name)), ...files.sort((a, b) => a.name.localeCompare(b.name))];
  return { ...pageOf(all, paging), path: dir };
}

/** Every file of a namespace, flat (no folder rows), a page at a time in path order. */
export async function listAllFiles(ctx: TenantContext, namespace: string, paging: Paging = ALL) {
  prepare(ctx, namespace);
  const w = { namespace, NOT: { path: { endsWith: "/" } } };
  const [rows, total] = await Promise.all([
    ctx.db.namespaceFile.findMany({ where: w, orderBy: { path: "asc" }, ...skipTake(paging) }),
    ctx.db.namespaceFile.count({ where: w }),
  ]);
  return { results: rows.map(fileEntry), total, page: paging.page, size: paging.size };
}

async function findFile(ctx: TenantContext, namespace: string, path: string) {
  return ctx.db.namespaceFile.findFirst({ where: { namespace, path } });
}

/** A file's metadata and bytes. */
export async function readFile(ctx: TenantContext, namespace: string, rawPath: string) {
  prepare(ctx, namespace);
  const path = checkFilePath(rawPath);
  const row = await findFile(ctx, namespace, path);
  if (!row) throw notFound("File not found");
  const backend = await storageFor(ctx.db, namespace);
  const body = await onStorage(backend, () => backend.get(objectKey(ctx.tenantId, namespace, path)));
  // the row outlived its bytes: the namespace's storage backend was changed after the upload
  if (!body) throw notFound("The file's content is not in the namespace's current storage backend");
  return { file: fileEntry(row), body };
}

/** Refuses a path that is, or lies under, something of the other kind (a file where a folder is). */
async function assertFree(ctx: TenantContext, namespace: string, path: string, kind: "file" | "folder") {
  const ancestors = ancestorFolders(path);
  const blocking = ancestors.length
    ? await ctx.db.namespaceFile.findFirst({ where: { namespace, path: { in: ancestors } }, select: { path: true } })
    : null;
  if (blocking) throw conflict(`${blocking.path} is a file, not a folder`);
  const below = (await rowsUnder(ctx, namespace, `${path}/`)).length > 0;
  if (below) throw conflict(kind === "folder" ? `Folder ${path} already exists` : `${path} is a folder`);
}

export type WriteMode = "create" | "update" | "upsert";

/**
 * Writes a file's bytes: `create` refuses an existing path (409), `update` a missing one (404),
 * `upsert` does either (CREATE or UPDATE is required accordingly).
 */
export async function writeFile(ctx: TenantContext, namespace: string, rawPath: string, body: Uint8Array, mode: WriteMode = "upsert") {
  prepare(ctx, namespace);
  const path = checkFilePath(rawPath);
  const limit = config().maxFileSize;
  if (body.byteLength > limit) throw payloadTooLarge(`The file is larger than the limit of ${limit} bytes`);
  const existing = await findFile(ctx, namespace, path);
  ctx.require("FLOW", mode === "create" || (mode === "upsert" && !existing) ? "CREATE" : "UPDATE", namespace);
  if (existing && mode === "create") throw conflict(`File ${path} already exists`);
  if (!existing && mode === "update") throw notFound("File not found");
  if (!existing) await assertFree(ctx, namespace, path, "file");

  const contentType = contentTypeOf(path);
  const backend = await storageFor(ctx.db, namespace);
  const key = objectKey(ctx.tenantId, namespace, path);
  await onStorage(backend, () => backend.put(key, body, contentType));
  try {
    const row = await ctx.db.$transaction(async (tx) => {
      const data = { size: body.byteLength, contentType };
      const saved = existing
        ? await tx.namespaceFile.update({ where: { id: existing.id }, data })
        : await tx.namespaceFile.create({ data: { tenantId: ctx.tenantId, namespace, path, ...data } });
      await audit(tx, ctx.actor, ctx.tenantId, {
        action: existing ? "UPDATE" : "CREATE",
        resourceType: "FILE",
        resourceId: path,
        namespace,
        before: existing ? { path, size: existing.size } : undefined,
        after: { path, size: saved.size, contentType },
      });
      return saved;
    });
    return { file: fileEntry(row), created: !existing };
  } catch (e) {
    // someone else created the same path meanwhile: their row names this key, so the bytes stay
    if (isUniqueViolation(e)) throw conflict(`File ${path} was created by someone else at the same time`);
    // a new file whose row could not be written leaves no bytes behind
    if (!existing) await backend.delete(key).catch(() => undefined);
    throw e;
  }
}

/** Creates an empty folder (a row ending with "/", no bytes). */
export async function createFolder(ctx: TenantContext, namespace: string, rawPath: string) {
  prepare(ctx, namespace);
  const path = checkFolderPath(rawPath);
  if (!path) throw conflict("The namespace's root folder always exists");
  ctx.require("FLOW", "CREATE", namespace);
  if (await findFile(ctx, namespace, path)) throw conflict(`${path} is a file`);
  await assertFree(ctx, namespace, path, "folder");
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.namespaceFile.create({ data: { tenantId: ctx.tenantId, namespace, path: `${path}/`, size: 0, contentType: FOLDER_CONTENT_TYPE } });
      await audit(tx, ctx.actor, ctx.tenantId, { action: "CREATE", resourceType: "FILE", resourceId: `${path}/`, namespace, after: { path: `${path}/`, folder: true } });
      return { path, name: baseName(path), type: "folder" as const, size: 0, contentType: FOLDER_CONTENT_TYPE, updated: row.updatedAt.toISOString() };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Folder ${path} already exists`);
    throw e;
  }
}

/** What a path names: one file, or a folder (implicit or explicit) with the rows under it. */
async function target(ctx: TenantContext, namespace: string, path: string) {
  const file = await findFile(ctx, namespace, path);
  if (file) return { kind: "file" as const, rows: [file] };
  const rows = await rowsUnder(ctx, namespace, `${path}/`);
  if (rows.length) return { kind: "folder" as const, rows };
  throw notFound("File not found");
}

/** Renames or moves a file or a whole folder inside its namespace. */
export async function moveFile(ctx: TenantContext, namespace: string, rawFrom: string, rawTo: string) {
  prepare(ctx, namespace);
  const from = checkFolderPath(rawFrom, "path");
  const to = checkFolderPath(rawTo, "to");
  if (!from || !to) throw conflict("The namespace's root folder cannot be moved");
  ctx.require("FLOW", "UPDATE", namespace);
  const source = await target(ctx, namespace, from);
  if (to === from) return { path: to, type: source.kind, moved: 0 };
  if (to.startsWith(`${from}/`)) throw conflict("A folder cannot be moved into itself");
  if (source.rows.length > MAX_FOLDER_MOVE) throw conflict(`A folder of more than ${MAX_FOLDER_MOVE} files cannot be moved at once`);
  if (await findFile(ctx, namespace, to)) throw conflict(`${to} already exists`);
  await assertFree(ctx, namespace, to, source.kind === "folder" ? "folder" : "file");

  const renamed = (p: string) => (source.kind === "file" ? to : to + p.slice(from.length));
  const backend = await storageFor(ctx.db, namespace);
  const withBytes = source.rows.filter((r) => !r.path.endsWith("/"));
  const key = (p: string) => objectKey(ctx.tenantId, namespace, p);
  // copy first: until the rows are committed, the old bytes still serve the old paths
  const copied: string[] = [];
  try {
    for (const r of withBytes) {
      await onStorage(backend, () => backend.copy(key(r.path), key(renamed(r.path))));
      copied.push(renamed(r.path));
    }
    await ctx.db.$transaction(async (tx) => {
      for (const r of source.rows) await tx.namespaceFile.update({ where: { id: r.id }, data: { path: renamed(r.path) } });
      await audit(tx, ctx.actor, ctx.tenantId, {
        action: "MOVE",
        resourceType: "FILE",
        resourceId: source.kind === "folder" ? `${to}/` : to,
        namespace,
        before: { path: source.kind === "folder" ? `${from}/` : from },
        after: { path: source.kind === "folder" ? `${to}/` : to, files: withBytes.length },
      });
    });
  } catch (e) {
    for (const p of copied) await backend.delete(key(p)).catch(() => undefined);
    if (isUniqueViolation(e)) throw conflict(`${to} was created by someone else at the same time`);
    throw e;
  }
  for (const r of withBytes) await backend.delete(key(r.path)).catch((e) => console.error("storage: old copy left behind:", e?.message));
  return { path: to, type: source.kind, moved: withBytes.length };
}

/** Deletes a file, or a folder with everything in it. */
export async function deleteFile(ctx: TenantContext, namespace: string, rawPath: string) {
  prepare(ctx, namespace);
  const path = checkFolderPath(rawPath);
  if (!path) throw conflict("The namespace's root folder cannot be deleted");
  ctx.require("FLOW", "DELETE", namespace);
  const source = await target(ctx, namespace, path);
  const backend = await storageFor(ctx.db, namespace);
  await ctx.db.$transaction(async (tx) => {
    await tx.namespaceFile.deleteMany({ where: { namespace, id: { in: source.rows.map((r) => r.id) } } });
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "FILE",
      resourceId: source.kind === "folder" ? `${path}/` : path,
      namespace,
      before: source.kind === "folder" ? { path: `${path}/`, files: source.rows.length } : { path, size: source.rows[0].size },
    });
  });
  // rows first: a crash here leaves unreachable bytes, never a listed file without content
  for (const r of source.rows.filter((x) => !x.path.endsWith("/"))) {
    await backend.delete(objectKey(ctx.tenantId, namespace, r.path)).catch((e) => console.error("storage: bytes left behind:", e?.message));
  }
  return { path, type: source.kind, deleted: source.rows.filter((r) => !r.path.endsWith("/")).length };
}
