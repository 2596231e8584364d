import "server-only";
import type { TenantDb, Tx } from "../db";
import { inheritanceChain } from "../namespaces/chain";
import { envBackend, levelBackends, storedNamespace } from "./backends";
import { decryptSecret, encryptSecret } from "./crypto";
import { usableInstanceKey } from "./instance-key";

/**
 * The plain value of a secret as a namespace's flows see it (nearest level wins, restricted
 * ancestors skipped), or null. Server-side only, for the runtime: no route or page calls it.
 */
export async function resolveSecretValue(tdb: TenantDb, namespace: string | null, key: string): Promise<string | null> {
  const { tenantId } = tdb;
  const levels = await levelBackends(tdb, namespace);
  const allowed = namespace === null ? null : new Set(await inheritanceChain(tdb, namespace));
  for (const b of levels) {
    if (b.level !== null && allowed && !allowed.has(b.level)) continue;
    if (b.config.type === "env") {
      if (!b.ownSetting) continue;
      const v = envBackend.get(b.config.prefix, key);
      if (v !== null) return v;
      continue;
    }
    const ns = storedNamespace(b.level);
    const row = await tdb.secret.findFirst({ where: { namespace: ns, key } });
    if (row) return decryptSecret(await usableInstanceKey(), { tenantId, namespace: ns, key }, row.ciphertext);
  }
  return null;
}

/**
 * Re-seals a tenant's secrets under another tenant's key when its records move (the address,
 * tenant included, is bound into each ciphertext). Runs inside the move's transaction.
 */
export async function resealSecrets(tx: Tx, fromTenant: string, toTenant: string) {
  const key = await usableInstanceKey();
  const rows = await tx.secret.findMany({ where: { tenantId: fromTenant } });
  for (const r of rows) {
    const value = decryptSecret(key, { tenantId: fromTenant, namespace: r.namespace, key: r.key }, r.ciphertext);
    const ciphertext = encryptSecret(key, { tenantId: toTenant, namespace: r.namespace, key: r.key }, value);
    await tx.secret.update({ where: { id: r.id, tenantId: fromTenant }, data: { tenantId: toTenant, ciphertext } });
  }
  return rows.length;
}
