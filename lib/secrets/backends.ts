import "server-only";
import { INSTANCE_SECRETS, type SecretConfig } from "../backends/config";
import { resolveBackends } from "../backends/resolve";
import type { TenantDb } from "../db";

/** One level's own secrets as a backend lists them (never with values). */
export type StoredSecret = { key: string; description: string; createdAt: Date | null; updatedAt: Date | null };

/** A level of a namespace's lineage (a namespace name, or null for the tenant) and its secret backend. */
export type LevelBackend = {
  level: string | null;
  config: SecretConfig;
  /** the backend is set on this very level (not inherited from an ancestor or the tenant) */
  ownSetting: boolean;
};

/** "" stands for the tenant level in the Secret table (never NULL: NULLs would not collide). */
export const storedNamespace = (level: string | null) => level ?? "";

/**
 * The secret backend of each level from `namespace` up to the tenant, nearest first (just the
 * tenant when `namespace` is null): for each level, the nearest setting at or above it wins.
 */
export async function levelBackends(tdb: TenantDb, namespace: string | null): Promise<LevelBackend[]> {
  const { secretOrder } = await resolveBackends(tdb, namespace);
  return secretOrder.map((step, i) => {
    const hit = secretOrder.findIndex((s, j) => j >= i && s.config !== null);
    return {
      level: step.source.level === "namespace" ? step.source.namespace : null,
      config: hit >= 0 ? secretOrder[hit].config! : INSTANCE_SECRETS,
      ownSetting: hit === i,
    };
  });
}

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The read-only environment backend: KEY is the variable PREFIX + KEY, its value base64. */
export const envBackend = {
  list(prefix: string, env: NodeJS.ProcessEnv = process.env): StoredSecret[] {
    return Object.keys(env)
      .filter((name) => name.startsWith(prefix) && KEY_PATTERN.test(name.slice(prefix.length)))
      .map((name) => ({ key: name.slice(prefix.length), description: "", createdAt: null, updatedAt: null }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  },
  get(prefix: string, key: string, env: NodeJS.ProcessEnv = process.env): string | null {
    const raw = env[prefix + key];
    return raw === undefined ? null : Buffer.from(raw.trim(), "base64").toString("utf8");
  },
};

/**
 * A level's own secrets. Environment variables carry no namespace, so an env backend's secrets
 * belong to the level whose setting chose it; levels that only inherit that setting have none.
 */
export async function ownSecrets(tdb: TenantDb, b: LevelBackend): Promise<StoredSecret[]> {
  if (b.config.type === "env") return b.ownSetting ? envBackend.list(b.config.prefix) : [];
  return tdb.secret.findMany({
    where: { namespace: storedNamespace(b.level) },
    select: { key: true, description: true, createdAt: true, updatedAt: true },
    orderBy: { key: "asc" },
  });
}
