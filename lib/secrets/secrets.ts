import "server-only";
import type { TenantContext } from "../authz/context";
import { MASK, audit } from "../audit/write";
import { isUniqueViolation } from "../db";
import { conflict, invalid, notFound, payloadTooLarge, zodDetails } from "../errors";
import type { Paging } from "../api/paging";
import { inheritanceChain } from "../namespaces/chain";
import { readableOnly } from "../namespaces/reader-view";
import { checkNamespace } from "../namespaces/schemas";
import { type LevelBackend, levelBackends, ownSecrets, storedNamespace } from "./backends";
import { encryptSecret } from "./crypto";
import { usableInstanceKey } from "./instance-key";
import type { InheritedFrom, SecretBackendInfo as BackendInfo, SecretItem } from "./types";
import { SECRET_VALUE_MAX_BYTES, type SecretInput, secretInput, secretKeySchema } from "./schemas";

// Secrets of a tenant (namespace null) or of a namespace. Values go in and never come out: every
// function here answers keys, descriptions and dates only.

const where = (namespace: string | null) => (namespace === null ? "the tenant" : `namespace ${namespace}`);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function checkKey(key: string) {
  const r = secretKeySchema.safeParse(key);
  if (!r.success) throw invalid("Invalid secret key", zodDetails(r.error.issues).map((d) => ({ ...d, path: "key" })));
}

function checkLevel(namespace: string | null) {
  if (namespace !== null) checkNamespace(namespace);
}

/** Reading needs SECRET:READ in the namespace, or tenant-wide for the tenant's own secrets. */
function requireSecret(ctx: TenantContext, action: "READ" | "CREATE" | "UPDATE" | "DELETE", namespace: string | null) {
  ctx.require("SECRET", action, namespace ?? undefined);
}

const backendInfo = (b: LevelBackend): BackendInfo =>
  b.config.type === "env" ? { type: "env", prefix: b.config.prefix, readOnly: true } : { type: "internal", readOnly: false };

function refuseReadOnly(b: LevelBackend, namespace: string | null, key: string) {
  if (b.config.type !== "env") return;
  throw conflict(
    `The secrets of ${where(namespace)} come from environment variables (a read-only backend): set ${b.config.prefix}${key} (base64) in the server's environment instead`,
  );
}

function parseInput(input: unknown): SecretInput {
  // the size first: a huge value is 413 whatever else is wrong with the body
  const value = (input as { value?: unknown } | null)?.value;
  if (typeof value === "string" && Buffer.byteLength(value, "utf8") > SECRET_VALUE_MAX_BYTES) {
    throw payloadTooLarge(`A secret value may hold at most ${SECRET_VALUE_MAX_BYTES} bytes`);
  }
  const parsed = secretInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid secret", zodDetails(parsed.error.issues));
  return parsed.data;
}

/** The backend in force for a level, for the UI (read-only notice). */
export async function secretBackend(ctx: TenantContext, namespace: string | null): Promise<BackendInfo> {
  checkLevel(namespace);
  requireSecret(ctx, "READ", namespace);
  return backendInfo((await levelBackends(ctx.db, namespace))[0]);
}

/** The tenant's own secrets (not the namespaces'). */
export async function listTenantSecrets(ctx: TenantContext, paging?: Paging) {
  requireSecret(ctx, "READ", null);
  const [b] = await levelBackends(ctx.db, null);
  const all = (await ownSecrets(ctx.db, b)).map((s) => toItem(s, b));
  return page(all, paging);
}

/**
 * The secrets a namespace's flows can use: its own, then those of each ancestor that allows it,
 * then the tenant's; the nearest definition of a key wins. Inherited ones say where they come from.
 */
export async function listNamespaceSecrets(ctx: TenantContext, namespace: string, paging?: Paging) {
  checkNamespace(namespace);
  requireSecret(ctx, "READ", namespace);
  const [levels, chain] = await Promise.all([levelBackends(ctx.db, namespace), inheritanceChain(ctx.db, namespace)]);
  const allowed = new Set(chain);
  const seen = new Map<string, SecretItem>();
  for (const b of levels) {
    if (b.level !== null && !allowed.has(b.level)) continue; // an ancestor that restricts its resources
    const from: InheritedFrom | undefined =
      b.level === namespace ? undefined : b.level === null ? { level: "tenant" } : { level: "namespace", namespace: b.level };
    for (const s of await ownSecrets(ctx.db, b)) {
      if (!seen.has(s.key)) seen.set(s.key, toItem(s, b, from));
    }
  }
  const inForce = [...seen.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // keys defined where the reader may not read secrets are left out (flows still use them)
  const { results, hidden } = readableOnly(
    inForce,
    (s) => (s.inheritedFrom ? (s.inheritedFrom.level === "tenant" ? null : s.inheritedFrom.namespace) : namespace),
    (ns) => ctx.can("SECRET", "READ", ns ?? undefined),
  );
  return { ...page(results, paging), hidden };
}

function toItem(s: { key: string; description: string; createdAt: Date | null; updatedAt: Date | null }, b: LevelBackend, from?: InheritedFrom): SecretItem {
  return {
    key: s.key,
    description: s.description,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    backend: b.config.type,
    ...(from ? { inheritedFrom: from } : {}),
  };
}

function page(all: SecretItem[], paging?: Paging) {
  const results = paging ? all.slice((paging.page - 1) * paging.size, paging.page * paging.size) : all;
  return { results, total: all.length };
}

export type PutMode = "upsert" | "create" | "replace";

/**
 * Creates or replaces a secret of a level. "create" refuses an existing key (409), "replace" a
 * missing one (404). An omitted description keeps the current one.
 */
export async function putSecret(ctx: TenantContext, namespace: string | null, key: string, input: unknown, mode: PutMode = "upsert") {
  checkLevel(namespace);
  checkKey(key);
  requireSecret(ctx, "READ", namespace);
  const { value, description } = parseInput(input);
  const ns = storedNamespace(namespace);
  const existing = await ctx.db.secret.findFirst({ where: { namespace: ns, key } });
  requireSecret(ctx, existing ? "UPDATE" : "CREATE", namespace);
  if (mode === "create" && existing) throw conflict(`A secret ${key} already exists in ${where(namespace)}`);
  if (mode === "replace" && !existing) throw notFound(`No secret ${key} in ${where(namespace)}`);
  refuseReadOnly((await levelBackends(ctx.db, namespace))[0], namespace, key);
  const ciphertext = encryptSecret(await usableInstanceKey(), { tenantId: ctx.tenantId, namespace: ns, key }, value);
  const nextDescription = description ?? existing?.description ?? "";
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = existing
        ? await tx.secret.update({ where: { id: existing.id }, data: { ciphertext, description: nextDescription } })
        : await tx.secret.create({ data: { tenantId: ctx.tenantId, namespace: ns, key, ciphertext, description: nextDescription } });
      await audit(tx, ctx.actor, ctx.tenantId, {
        action: existing ? "UPDATE" : "CREATE",
        resourceType: "SECRET",
        resourceId: key,
        namespace,
        // the value itself is never handed to the audit log, not even to be masked
        before: existing ? { key, description: existing.description, value: MASK } : undefined,
        after: { key, description: nextDescription, value: MASK },
      });
      return {
        created: !existing,
        secret: { key, namespace, description: row.description, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() },
      };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A secret ${key} was just created in ${where(namespace)}; try again`);
    throw e;
  }
}

export async function deleteSecret(ctx: TenantContext, namespace: string | null, key: string) {
  checkLevel(namespace);
  checkKey(key);
  requireSecret(ctx, "READ", namespace);
  requireSecret(ctx, "DELETE", namespace);
  refuseReadOnly((await levelBackends(ctx.db, namespace))[0], namespace, key);
  const ns = storedNamespace(namespace);
  const existing = await ctx.db.secret.findFirst({ where: { namespace: ns, key } });
  if (!existing) throw notFound(`No secret ${key} in ${where(namespace)}`);
  return ctx.db.$transaction(async (tx) => {
    const gone = await tx.secret.deleteMany({ where: { id: existing.id } });
    if (gone.count === 0) throw notFound(`No secret ${key} in ${where(namespace)}`);
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "SECRET",
      resourceId: key,
      namespace,
      before: { key, description: existing.description, value: MASK },
    });
    return { key, namespace, deleted: true };
  });
}
