import "server-only";
import type { z } from "zod";
import type { TenantContext } from "../authz/context";
import { inScope, namespaceTreeWhere, scopeWithin } from "../authz/scope";
import { audit } from "../audit/write";
import { Prisma, isUniqueViolation } from "../db";
import { parseStored, secretConfig, storageConfig } from "../backends/config";
import { conflict, forbidden, invalid, notFound, preconditionFailed, zodDetails } from "../errors";
import { limitsChanged } from "../executions/concurrency";
import { parseAllowed } from "./chain";
import { listNamespaces } from "./list";
import { checkNamespace, namespaceInput, namespaceUpdate } from "./schemas";
import { buildNamespaceTree } from "./tree";
import { requireWorkerGroup } from "../workers/groups";

export async function namespaceTree(ctx: TenantContext) {
  return buildNamespaceTree(await listNamespaces(ctx), (ns) => ctx.can("NAMESPACE", "READ", ns));
}

/**
 * The flows of a namespace's subtree that the reader may see, whatever the number of their
 * bindings: a sum of the per-namespace counts the database keeps (NamespaceFlowCount).
 */
async function countFlowsInTree(ctx: TenantContext, name: string): Promise<number> {
  const scope = scopeWithin(ctx.scope("FLOW", "READ"), name);
  if (scope.all) {
    const { _sum } = await ctx.db.namespaceFlowCount.aggregate({ where: namespaceTreeWhere(name), _sum: { flows: true } });
    return _sum.flows ?? 0;
  }
  if (scope.prefixes.length === 0) return 0;
  const [row] = await ctx.db.$queryRaw<{ n: number | bigint | null }[]>(Prisma.sql`SELECT SUM("flows") AS "n" FROM (${inScope({
    table: "NamespaceFlowCount",
    column: "namespace",
    prefixes: scope.prefixes,
    where: Prisma.sql`"tenantId" = ${ctx.tenantId}`,
    select: Prisma.sql`"flows"`,
  })}) AS "c"`);
  return Number(row?.n ?? 0);
}

/** A namespace, explicit or implicit (used by a flow), with the flows of its whole subtree counted. */
export async function getNamespace(ctx: TenantContext, name: string) {
  checkNamespace(name);
  ctx.require("NAMESPACE", "READ", name);
  const [row, flows] = await Promise.all([
    ctx.db.namespace.findFirst({ where: { name } }),
    // only the flows the reader may see are counted
    countFlowsInTree(ctx, name),
  ]);
  if (!row && flows === 0) throw notFound("Namespace not found");
  return {
    name,
    explicit: !!row,
    description: row?.description ?? "",
    version: row?.version ?? 0,
    flows,
    ...settingsOf(row),
    createdAt: row?.createdAt ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

type NamespaceRow = {
  description: string;
  variables: string;
  pluginDefaults: string;
  allowedNamespaces: string | null;
  concurrencyLimit?: number | null;
  storageConfig: string | null;
  secretConfig: string | null;
  workerGroup: string | null;
};

/** A namespace's own settings as the API shows them (an implicit namespace has the defaults). */
export function settingsOf(row: NamespaceRow | null) {
  return {
    variables: (row ? JSON.parse(row.variables) : {}) as Record<string, unknown>,
    pluginDefaults: (row ? JSON.parse(row.pluginDefaults) : []) as { type: string; forced?: boolean; values: Record<string, unknown> }[],
    allowedNamespaces: row ? parseAllowed(row.allowedNamespaces) : null,
    concurrencyLimit: row?.concurrencyLimit ?? null,
    storage: parseStored(storageConfig, row?.storageConfig),
    secrets: parseStored(secretConfig, row?.secretConfig),
    workerGroup: row?.workerGroup ?? null,
  };
}

export async function createNamespace(ctx: TenantContext, input: z.input<typeof namespaceInput>) {
  const parsed = namespaceInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid namespace", zodDetails(parsed.error.issues));
  const { name, description } = parsed.data;
  ctx.require("NAMESPACE", "CREATE", name);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.namespace.create({ data: { tenantId: ctx.tenantId, name, description: description ?? "" } });
      await audit(tx, ctx.actor, ctx.tenantId, {
        action: "CREATE",
        resourceType: "NAMESPACE",
        resourceId: name,
        namespace: name,
        after: { name, description: row.description },
      });
      return { name, explicit: true, description: row.description, version: row.version };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Namespace ${name} already exists`);
    throw e;
  }
}

/**
 * Updates an explicit namespace's description and settings (only the fields sent);
 * `expectedVersion` refuses an edit based on a stale read (412). Dedicated backends name the
 * instance's infrastructure (buckets, endpoints, environment variables), so only a superadmin
 * may choose them.
 */
export async function updateNamespace(ctx: TenantContext, name: string, input: z.input<typeof namespaceUpdate>, expectedVersion?: number) {
  checkNamespace(name);
  ctx.require("NAMESPACE", "UPDATE", name);
  const parsed = namespaceUpdate.safeParse(input);
  if (!parsed.success) throw invalid("Invalid namespace", zodDetails(parsed.error.issues));
  const change = parsed.data;
  if ((change.storage !== undefined || change.secrets !== undefined) && !ctx.actor.superadmin) {
    throw forbidden("Only a superadmin may choose a namespace's storage or secret backend");
  }
  if (change.workerGroup !== undefined && !ctx.actor.superadmin) throw forbidden("Only a superadmin may choose a namespace's default worker group");
  if (change.workerGroup) await requireWorkerGroup(change.workerGroup);
  const before = await ctx.db.namespace.findFirst({ where: { name } });
  if (!before) throw notFound("Namespace not found (create it first)");
  const data: Partial<NamespaceRow> = {};
  if (change.description !== undefined) data.description = change.description;
  if (change.variables !== undefined) data.variables = JSON.stringify(change.variables);
  if (change.pluginDefaults !== undefined) data.pluginDefaults = JSON.stringify(change.pluginDefaults);
  if (change.allowedNamespaces !== undefined) data.allowedNamespaces = change.allowedNamespaces === null ? null : JSON.stringify(change.allowedNamespaces);
  if (change.concurrencyLimit !== undefined) data.concurrencyLimit = change.concurrencyLimit;
  if (change.storage !== undefined) data.storageConfig = change.storage === null ? null : JSON.stringify(change.storage);
  if (change.secrets !== undefined) data.secretConfig = change.secrets === null ? null : JSON.stringify(change.secrets);
  if (change.workerGroup !== undefined) data.workerGroup = change.workerGroup;
  const updated = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.namespace.updateMany({
      where: { id: before.id, version: expectedVersion ?? before.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (updated.count === 0) throw preconditionFailed("The namespace was changed by someone else; reload it and try again");
    const after = { ...before, ...data };
    const shown = (r: NamespaceRow) => {
      const all = { description: r.description, ...settingsOf(r) };
      return Object.fromEntries(Object.entries(all).filter(([k]) => k in change));
    };
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "UPDATE",
      resourceType: "NAMESPACE",
      resourceId: name,
      namespace: name,
      before: shown(before),
      after: shown(after),
    });
    return { name, explicit: true, description: after.description, version: before.version + 1, ...settingsOf(after) };
  });
  // a limit raised or lifted: the queued executions that now fit start
  if (change.concurrencyLimit !== undefined) await limitsChanged(ctx.tenantId);
  return updated;
}

/**
 * Removes an explicit namespace's own record; its flows stay (it becomes implicit again). A record
 * carrying a backend only a superadmin may choose is removed only by a superadmin: otherwise
 * deleting and re-creating the namespace would undo that choice.
 */
export async function deleteNamespace(ctx: TenantContext, name: string) {
  ctx.require("NAMESPACE", "DELETE", name);
  const before = await ctx.db.namespace.findFirst({ where: { name } });
  if (!before) throw notFound("Namespace not found");
  if ((before.storageConfig || before.secretConfig || before.workerGroup) && !ctx.actor.superadmin) {
    throw forbidden("This namespace has a storage or secret backend or a worker group chosen by a superadmin: only a superadmin may delete it");
  }
  return ctx.db.$transaction(async (tx) => {
    await tx.namespace.deleteMany({ where: { id: before.id } });
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "NAMESPACE",
      resourceId: name,
      namespace: name,
      before: { name, description: before.description },
    });
    return { name, deleted: true };
  });
}
