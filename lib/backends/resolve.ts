import "server-only";
import { type TenantDb, db } from "../db";
import { lineage } from "../authz/namespaces";
import { INSTANCE_SECRETS, INSTANCE_STORAGE, parseStored, secretConfig, storageConfig, type SecretConfig, type StorageConfig } from "./config";

/** Where a backend setting came from: a namespace name, the tenant, or the instance default. */
export type BackendSource = { level: "namespace"; namespace: string } | { level: "tenant" } | { level: "instance" };
export type Resolved<T> = { config: T; source: BackendSource };
export type ResolutionStep<T> = { source: BackendSource; config: T | null };

/**
 * The backends in force for a namespace (or the tenant itself when `namespace` is null):
 * the nearest namespace that sets one wins, then the tenant, then the instance default.
 * `order` lists every level consulted, nearest first, for the UI.
 */
export async function resolveBackends(tdb: TenantDb, namespace: string | null) {
  const names = namespace ? lineage(namespace) : [];
  const [tenant, rows] = await Promise.all([
    // the tenant's own row is instance-level: read with the raw client, by the bound tenant's id
    db.tenant.findFirst({ where: { id: tdb.tenantId }, select: { storageConfig: true, secretConfig: true } }),
    names.length
      ? tdb.namespace.findMany({ where: { name: { in: names } }, select: { name: true, storageConfig: true, secretConfig: true } })
      : Promise.resolve([]),
  ]);
  const byName = new Map(rows.map((r) => [r.name, r]));
  const levels: { source: BackendSource; storage: string | null; secrets: string | null }[] = [
    ...names.map((n) => ({
      source: { level: "namespace", namespace: n } as BackendSource,
      storage: byName.get(n)?.storageConfig ?? null,
      secrets: byName.get(n)?.secretConfig ?? null,
    })),
    { source: { level: "tenant" }, storage: tenant?.storageConfig ?? null, secrets: tenant?.secretConfig ?? null },
  ];
  const storageOrder: ResolutionStep<StorageConfig>[] = levels.map((l) => ({ source: l.source, config: parseStored(storageConfig, l.storage) }));
  const secretOrder: ResolutionStep<SecretConfig>[] = levels.map((l) => ({ source: l.source, config: parseStored(secretConfig, l.secrets) }));
  const pick = <T,>(order: ResolutionStep<T>[], fallback: T): Resolved<T> => {
    const hit = order.find((s) => s.config !== null);
    return hit ? { config: hit.config!, source: hit.source } : { config: fallback, source: { level: "instance" } };
  };
  return {
    storage: pick(storageOrder, INSTANCE_STORAGE),
    secrets: pick(secretOrder, INSTANCE_SECRETS),
    storageOrder,
    secretOrder,
  };
}

export const resolveStorage = async (tdb: TenantDb, namespace: string) => (await resolveBackends(tdb, namespace)).storage;
export const resolveSecretBackend = async (tdb: TenantDb, namespace: string | null) =>
  (await resolveBackends(tdb, namespace)).secrets;
