import "server-only";
import type { Paging } from "../api/paging";
import type { TenantContext } from "../authz/context";
import { audit } from "../audit/write";
import { type TenantDb, type Tx, isUniqueViolation } from "../db";
import { parseIsoDuration } from "../duration";
import { conflict, invalid, notFound, payloadTooLarge, preconditionFailed, zodDetails } from "../errors";
import { inheritanceChain } from "../namespaces/chain";
import { readableOnly } from "../namespaces/reader-view";
import { checkNamespace } from "../namespaces/schemas";
import { type KvInput, kvInput } from "./schemas";
import type { KvEntryView, KvSummary } from "./types";
import { KV_MAX_VALUE_BYTES, byteLength, kvKey, previewOf, toKvType, valueProblem } from "./values";

type Row = { id: string; namespace: string; key: string; type: string; value: string; expiresAt: Date | null; version: number; createdAt: Date; updatedAt: Date };

const live = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

function view(row: Row, reader: string): KvEntryView {
  return {
    key: row.key,
    namespace: row.namespace,
    type: toKvType(row.type),
    value: JSON.parse(row.value),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    version: row.version,
    created: row.createdAt.toISOString(),
    updated: row.updatedAt.toISOString(),
    ...(row.namespace !== reader && { inheritedFrom: row.namespace }),
  };
}

function summary(row: Row, reader: string): KvSummary {
  const { value, ...rest } = view(row, reader);
  return { ...rest, preview: previewOf(rest.type, value), size: byteLength(row.value) };
}

function checkKey(key: string) {
  const r = kvKey.safeParse(key);
  if (!r.success) throw invalid("Invalid key", zodDetails(r.error.issues).map((d) => ({ ...d, path: "key" })));
}

/** Expired entries are gone: deleted when a request comes across them (and never returned before). */
async function purgeExpired(tdb: TenantDb, namespaces: string[]) {
  const where = { namespace: { in: namespaces }, expiresAt: { lte: new Date() } };
  if (await tdb.kvEntry.findFirst({ where, select: { id: true } })) await tdb.kvEntry.deleteMany({ where });
}

/** The namespaces a read of `namespace` looks in, nearest first. */
const readChain = (ctx: TenantContext, namespace: string, inherited: boolean) =>
  inherited ? inheritanceChain(ctx.db, namespace) : Promise.resolve([namespace]);

/**
 * The entries of a namespace, by key; with `inherited`, also those of the ancestors that allow it
 * (the nearest namespace wins for a key defined at several levels).
 */
export async function listKv(ctx: TenantContext, namespace: string, opts: { inherited?: boolean } & Paging) {
  checkNamespace(namespace);
  ctx.require("KVSTORE", "READ", namespace);
  const chain = await readChain(ctx, namespace, !!opts.inherited);
  await purgeExpired(ctx.db, chain);
  const now = new Date();
  const where = { namespace: { in: chain }, ...live(now) };
  // nearest wins: decide on keys and namespaces only, then load the values of one page
  const heads = await ctx.db.kvEntry.findMany({ where, select: { id: true, key: true, namespace: true } });
  const rank = new Map(chain.map((n, i) => [n, i]));
  const nearest = new Map<string, { id: string; rank: number }>();
  for (const h of heads) {
    const r = rank.get(h.namespace)!;
    const seen = nearest.get(h.key);
    if (!seen || r < seen.rank) nearest.set(h.key, { id: h.id, rank: r });
  }
  // the entries in force are decided over the whole chain, then those the reader may not read are left out
  const { results: keys, hidden } = readableOnly(
    [...nearest.keys()].sort(),
    (k) => chain[nearest.get(k)!.rank],
    (ns) => ctx.can("KVSTORE", "READ", ns ?? undefined),
  );
  const pageKeys = keys.slice((opts.page - 1) * opts.size, opts.page * opts.size);
  const rows = pageKeys.length
    ? await ctx.db.kvEntry.findMany({ where: { id: { in: pageKeys.map((k) => nearest.get(k)!.id) } } })
    : [];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return { results: pageKeys.flatMap((k) => (byKey.has(k) ? [summary(byKey.get(k)!, namespace)] : [])), total: keys.length, hidden };
}

/** One entry; read through the ancestors that allow `namespace` unless `inherited` is false. */
export async function getKv(ctx: TenantContext, namespace: string, key: string, opts: { inherited?: boolean } = {}) {
  checkNamespace(namespace);
  ctx.require("KVSTORE", "READ", namespace);
  checkKey(key);
  const chain = await readChain(ctx, namespace, opts.inherited ?? true);
  await purgeExpired(ctx.db, chain);
  const rows = await ctx.db.kvEntry.findMany({ where: { namespace: { in: chain }, key, ...live(new Date()) } });
  const found = chain.map((n) => rows.find((r) => r.namespace === n)).find((r) => r);
  if (!found) throw notFound(`No key ${key} in namespace ${namespace}`);
  // the value in force comes from a namespace the reader may not read: they do not see it (nor a
  // farther one it overrides, which is not what flows get)
  if (!ctx.can("KVSTORE", "READ", found.namespace)) {
    throw notFound(`No key ${key} readable in namespace ${namespace}`, [
      { path: "key", message: "1 entry defined in a namespace you cannot read was left out" },
    ]);
  }
  return view(found, namespace);
}

const RETRY = new Error("retry");

/** How a write treats an existing entry. */
export type PutMode =
  | { mode: "upsert"; ifMatch?: number; ifNoneMatch?: boolean }
  | { mode: "create" }
  | { mode: "update"; version: number; keepExpiry?: boolean };

const auditValue = (row: { type: string; value: string; expiresAt: Date | null }) => ({
  type: row.type,
  value: row.value.length > 4096 ? `${row.value.slice(0, 4096)}… (truncated)` : JSON.parse(row.value),
  expiresAt: row.expiresAt?.toISOString() ?? null,
});

function parseInput(input: KvInput) {
  const parsed = kvInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid KV entry", zodDetails(parsed.error.issues));
  const type = toKvType(parsed.data.type);
  const problem = valueProblem(type, parsed.data.value);
  if (problem) throw invalid("The value does not match its type", [{ path: "value", message: problem }]);
  const text = JSON.stringify(parsed.data.value);
  const size = byteLength(text);
  if (size > KV_MAX_VALUE_BYTES) {
    throw payloadTooLarge(`The value is ${size} bytes; a KV value may be at most ${KV_MAX_VALUE_BYTES} bytes`);
  }
  const ttl = parsed.data.ttl ? parseIsoDuration(parsed.data.ttl) : null;
  return { type, text, ttl };
}

/**
 * Writes one entry. `upsert` (the API's PUT) creates or replaces, refusing with 412 when
 * `If-Match` names another version or `If-None-Match: *` meets an existing entry; `create` refuses
 * an existing key (409); `update` refuses an edit based on a stale read (412).
 */
export async function putKv(ctx: TenantContext, namespace: string, key: string, input: KvInput, how: PutMode = { mode: "upsert" }) {
  checkNamespace(namespace);
  // refuse a caller who may write nothing here before looking at what they sent
  if (!ctx.can("KVSTORE", "CREATE", namespace) && !ctx.can("KVSTORE", "UPDATE", namespace)) ctx.require("KVSTORE", "UPDATE", namespace);
  checkKey(key);
  const { type, text, ttl } = parseInput(input);
  await purgeExpired(ctx.db, [namespace]);

  for (let attempt = 0; ; attempt++) {
    const current = await ctx.db.kvEntry.findFirst({ where: { namespace, key } });
    const expected = how.mode === "update" ? how.version : how.mode === "upsert" ? how.ifMatch : undefined;
    ctx.require("KVSTORE", current ? "UPDATE" : "CREATE", namespace);
    if (!current && expected !== undefined) {
      throw preconditionFailed(`The key ${key} was deleted meanwhile; create it again if you still need it`);
    }
    if (current && how.mode === "create") throw conflict(`The key ${key} already exists in namespace ${namespace}; edit it instead`);
    if (current && how.mode === "upsert" && how.ifNoneMatch) throw preconditionFailed(`The key ${key} already exists`);
    if (current && expected !== undefined && current.version !== expected) {
      throw preconditionFailed(
        `The key ${key} was changed since version ${expected} (it is now at version ${current.version}); reload it and apply your change again`,
      );
    }
    const keep = how.mode === "update" && how.keepExpiry && ttl === null;
    const expiresAt = keep ? (current?.expiresAt ?? null) : ttl === null ? null : new Date(Date.now() + ttl);
    try {
      return await ctx.db.$transaction(async (tx: Tx) => {
        let row: Row;
        if (current) {
          const updated = await tx.kvEntry.updateMany({
            // a blind write replaces whatever is there; a guarded one only the version it read
            where: { id: current.id, ...(expected !== undefined && { version: expected }) },
            data: { type, value: text, expiresAt, version: { increment: 1 } },
          });
          if (updated.count === 0) throw expected === undefined ? RETRY : preconditionFailed(`The key ${key} was changed by someone else meanwhile; reload it and try again`);
          row = await tx.kvEntry.findFirstOrThrow({ where: { id: current.id } });
        } else {
          row = await tx.kvEntry.create({ data: { tenantId: ctx.tenantId, namespace, key, type, value: text, expiresAt } });
        }
        await audit(tx, ctx.actor, ctx.tenantId, {
          action: current ? "UPDATE" : "CREATE",
          resourceType: "KV",
          resourceId: `${namespace}/${key}`,
          namespace,
          before: current ? auditValue(current) : undefined,
          after: auditValue(row),
        });
        return { entry: view(row, namespace), created: !current };
      });
    } catch (e) {
      // a blind write that lost a race (two creations of one key, or an update in between) looks again
      if ((isUniqueViolation(e) || e === RETRY) && attempt < 5) continue;
      if (isUniqueViolation(e) || e === RETRY) throw conflict(`The key ${key} is being changed by others; try again`);
      throw e;
    }
  }
}

/** Deletes one entry of the namespace itself (never an ancestor's); `ifMatch` guards a stale read. */
export async function deleteKv(ctx: TenantContext, namespace: string, key: string, ifMatch?: number) {
  checkNamespace(namespace);
  ctx.require("KVSTORE", "DELETE", namespace);
  checkKey(key);
  await purgeExpired(ctx.db, [namespace]);
  const current = await ctx.db.kvEntry.findFirst({ where: { namespace, key } });
  if (!current) throw notFound(`No key ${key} in namespace ${namespace}`);
  if (ifMatch !== undefined && current.version !== ifMatch) {
    throw preconditionFailed(`The key ${key} was changed since version ${ifMatch} (it is now at version ${current.version}); reload it first`);
  }
  return ctx.db.$transaction(async (tx) => {
    const deleted = await tx.kvEntry.deleteMany({ where: { id: current.id, version: current.version } });
    if (deleted.count === 0) throw preconditionFailed(`The key ${key} was changed by someone else meanwhile; reload it and try again`);
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "KV",
      resourceId: `${namespace}/${key}`,
      namespace,
      before: auditValue(current),
    });
    return { key, namespace, deleted: true };
  });
}
