import type { Tx } from "../db";
import { lineage } from "../authz/namespaces";
import type { ChainLink } from "../namespaces/chain";

// SPEC §7 "Worker groups": the group a task's attempt is queued for. The task's `workerGroup.key`,
// else the nearest namespace's default group (the namespace, then its ancestors), else the
// tenant's default, else the default group "". Resolved when the attempt is enqueued
// (lib/executions/store.ts), inside the step's transaction of the tenant.

/** The default group of a namespace's tasks: the nearest namespace's, the tenant's, or "". */
export async function inheritedWorkerGroup(
  tx: Pick<Tx, "namespace" | "$queryRaw">,
  tenantId: string,
  namespace: string,
  /** the namespace's chain when the caller has loaded it already (loadChain): not read again */
  chain?: readonly ChainLink[],
  /** the tenant's default group when the caller has read it already ("" for none): not read again */
  tenantGroup?: string,
): Promise<string> {
  const names = lineage(namespace);
  const rows = chain
    ? chain.filter((l) => l.workerGroup !== null)
    : await tx.namespace.findMany({
        where: { tenantId, name: { in: names }, workerGroup: { not: null } },
        select: { name: true, workerGroup: true },
      });
  const byName = new Map(rows.map((r) => [r.name, r.workerGroup]));
  for (const name of names) {
    const key = byName.get(name);
    if (key) return key;
  }
  if (tenantGroup !== undefined) return tenantGroup;
  // the tenant's own row is instance-level (no row-level security): read by the bound tenant's id
  const tenant = await tx.$queryRaw<{ workerGroup: string | null }[]>`SELECT "workerGroup" FROM "Tenant" WHERE "id" = ${tenantId}`;
  return tenant[0]?.workerGroup ?? "";
}

/** Resolves the groups of one step's attempts; the inherited default is read at most once. */
export function workerGroupResolver(tx: Pick<Tx, "namespace" | "$queryRaw">, tenantId: string, namespace: string, chain?: readonly ChainLink[], tenantGroup?: string) {
  let inherited: Promise<string> | null = null;
  return async (key: string | null | undefined): Promise<string> => key || (await (inherited ??= inheritedWorkerGroup(tx, tenantId, namespace, chain, tenantGroup)));
}
