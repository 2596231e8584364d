import "server-only";
import { lineage } from "../authz/namespaces";
import type { TenantDb } from "../db";
import { forbidden } from "../errors";

/**
 * Whether `requester` may use `owner`'s resources (KV, files, secrets, flows as subflows).
 * `allowed` null means everyone; the owner itself is always allowed; an entry covers that
 * namespace and its descendants (segment boundaries, as bindings do).
 */
export function isAllowed(allowed: readonly string[] | null, owner: string, requester: string): boolean {
  if (allowed === null || requester === owner) return true;
  return allowed.some((a) => requester === a || requester.startsWith(`${a}.`));
}

export function parseAllowed(raw: string | null): string[] | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;
  } catch {
    return null;
  }
}

export type ChainLink = {
  name: string;
  explicit: boolean;
  allowedNamespaces: string[] | null;
  variables: string;
  pluginDefaults: string;
  storageConfig: string | null;
  secretConfig: string | null;
  /** the default worker group of its tasks (SPEC §7 "Worker groups"), when set */
  workerGroup: string | null;
  /** its executions' concurrency limit (SPEC §7), when set */
  concurrencyLimit: number | null;
};

/** A stored namespace's columns that a chain link carries. */
export type ChainRow = Pick<ChainLink, "name" | "variables" | "pluginDefaults" | "storageConfig" | "secretConfig" | "workerGroup" | "concurrencyLimit"> & {
  allowedNamespaces: string | null;
};

/** The chain of `name` from the stored records of its lineage (those that exist; implicit ones have defaults). */
export function chainFrom(name: string, rows: ChainRow[]): ChainLink[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  return lineage(name).map((n) => {
    const r = byName.get(n);
    return {
      name: n,
      explicit: !!r,
      allowedNamespaces: r ? parseAllowed(r.allowedNamespaces) : null,
      variables: r?.variables ?? "{}",
      pluginDefaults: r?.pluginDefaults ?? "[]",
      storageConfig: r?.storageConfig ?? null,
      secretConfig: r?.secretConfig ?? null,
      workerGroup: r?.workerGroup ?? null,
      concurrencyLimit: r?.concurrencyLimit ?? null,
    };
  });
}

/** The stored records of a namespace and its ancestors, nearest first (implicit ones have defaults). */
/** `tdb`: a tenant-bound client or a transaction of one. */
export async function loadChain(tdb: Pick<TenantDb, "namespace">, name: string): Promise<ChainLink[]> {
  return chainFrom(name, await tdb.namespace.findMany({ where: { name: { in: lineage(name) } } }));
}

/**
 * The namespaces whose resources `name` inherits, nearest first: itself, then each ancestor
 * that allows it (a restricting ancestor is skipped, its own ancestors still count).
 */
export async function inheritanceChain(tdb: TenantDb, name: string): Promise<string[]> {
  const chain = await loadChain(tdb, name);
  return chain.filter((l) => isAllowed(l.allowedNamespaces, l.name, name)).map((l) => l.name);
}

/** Refuses (403) when `owner` restricts its resources and `requester` is not on its list. */
export async function assertAllowed(tdb: TenantDb, owner: string, requester: string) {
  if (owner === requester) return;
  const row = await tdb.namespace.findFirst({ where: { name: owner }, select: { allowedNamespaces: true } });
  if (!isAllowed(parseAllowed(row?.allowedNamespaces ?? null), owner, requester)) {
    throw forbidden(`Namespace ${owner} does not allow ${requester} to use its resources`);
  }
}
