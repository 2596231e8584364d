import "server-only";
import type { z } from "zod";
import type { TenantContext } from "../authz/context";
import { namespaceTreeWhere, namespaceWhere } from "../authz/scope";
import { audit } from "../audit/write";
import { db, isUniqueViolation } from "../db";
import { conflict, invalid, notFound, preconditionFailed, zodDetails } from "../errors";
import { listNamespaces } from "./list";
import { checkNamespace, namespaceInput, namespaceUpdate } from "./schemas";
import { buildNamespaceTree } from "./tree";

export async function namespaceTree(ctx: TenantContext) {
  return buildNamespaceTree(await listNamespaces(ctx), (ns) => ctx.can("NAMESPACE", "READ", ns));
}

/** A namespace, explicit or implicit (used by a flow), with the flows of its whole subtree counted. */
export async function getNamespace(ctx: TenantContext, name: string) {
  checkNamespace(name);
  ctx.require("NAMESPACE", "READ", name);
  const [row, flows] = await Promise.all([
    db.namespace.findFirst({ where: { tenantId: ctx.tenantId, name } }),
    // only the flows the reader may see are counted
    db.flow.count({
      where: { tenantId: ctx.tenantId, deleted: false, AND: [namespaceTreeWhere(name), namespaceWhere(ctx.scope("FLOW", "READ"))] },
    }),
  ]);
  if (!row && flows === 0) throw notFound("Namespace not found");
  return {
    name,
    explicit: !!row,
    description: row?.description ?? "",
    version: row?.version ?? 0,
    flows,
    createdAt: row?.createdAt ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function createNamespace(ctx: TenantContext, input: z.input<typeof namespaceInput>) {
  const parsed = namespaceInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid namespace", zodDetails(parsed.error.issues));
  const { name, description } = parsed.data;
  ctx.require("NAMESPACE", "CREATE", name);
  try {
    return await db.$transaction(async (tx) => {
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

/** Updates an explicit namespace; `expectedVersion` refuses an edit based on a stale read (412). */
export async function updateNamespace(ctx: TenantContext, name: string, input: z.input<typeof namespaceUpdate>, expectedVersion?: number) {
  ctx.require("NAMESPACE", "UPDATE", name);
  const parsed = namespaceUpdate.safeParse(input);
  if (!parsed.success) throw invalid("Invalid namespace", zodDetails(parsed.error.issues));
  const before = await db.namespace.findFirst({ where: { tenantId: ctx.tenantId, name } });
  if (!before) throw notFound("Namespace not found (create it first)");
  return db.$transaction(async (tx) => {
    const updated = await tx.namespace.updateMany({
      where: { id: before.id, tenantId: ctx.tenantId, version: expectedVersion ?? before.version },
      data: { description: parsed.data.description, version: { increment: 1 } },
    });
    if (updated.count === 0) throw preconditionFailed("The namespace was changed by someone else; reload it and try again");
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "UPDATE",
      resourceType: "NAMESPACE",
      resourceId: name,
      namespace: name,
      before: { description: before.description },
      after: { description: parsed.data.description },
    });
    return { name, explicit: true, description: parsed.data.description, version: before.version + 1 };
  });
}

/** Removes an explicit namespace's own record; its flows stay (it becomes implicit again). */
export async function deleteNamespace(ctx: TenantContext, name: string) {
  ctx.require("NAMESPACE", "DELETE", name);
  const before = await db.namespace.findFirst({ where: { tenantId: ctx.tenantId, name } });
  if (!before) throw notFound("Namespace not found");
  return db.$transaction(async (tx) => {
    await tx.namespace.deleteMany({ where: { id: before.id, tenantId: ctx.tenantId } });
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
