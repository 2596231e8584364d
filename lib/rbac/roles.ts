import "server-only";
import type { TenantContext } from "../authz/context";
import { parseGrants } from "../authz/permissions";
import { audit } from "../audit/write";
import { isUniqueViolation } from "../db";
import { conflict, invalid, notFound, preconditionFailed, zodDetails } from "../errors";
import { keepingAnAdmin } from "./last-admin";
import { addedGrants, requireGrantable } from "./no-escalation";
import { type RoleInput, roleInput, roleUpdate } from "./schemas";

const roleSelect = { id: true, name: true, description: true, permissions: true, managed: true, version: true, createdAt: true, updatedAt: true } as const;
type RoleRow = { id: string; name: string; description: string; permissions: string; managed: boolean; version: number; createdAt: Date; updatedAt: Date };
const toRole = (r: RoleRow) => ({ ...r, permissions: parseGrants(r.permissions) });

export async function listRoles(ctx: TenantContext) {
  ctx.require("ROLE", "READ");
  const rows = await ctx.db.role.findMany({ select: roleSelect, orderBy: [{ managed: "desc" }, { name: "asc" }] });
  return { results: rows.map(toRole), total: rows.length };
}

async function findRole(ctx: TenantContext, id: string) {
  const row = await ctx.db.role.findFirst({ where: { id }, select: roleSelect });
  if (!row) throw notFound("Role not found");
  return row;
}

export async function getRole(ctx: TenantContext, id: string) {
  ctx.require("ROLE", "READ");
  return toRole(await findRole(ctx, id));
}

export async function createRole(ctx: TenantContext, input: RoleInput) {
  ctx.require("ROLE", "CREATE");
  const parsed = roleInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid role", zodDetails(parsed.error.issues));
  const { name, description, permissions } = parsed.data;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.role.create({
        data: { tenantId: ctx.tenantId, name, description: description ?? "", permissions: JSON.stringify(permissions) },
        select: roleSelect,
      });
      const role = toRole(row);
      await audit(tx, ctx.actor, ctx.tenantId, { action: "CREATE", resourceType: "ROLE", resourceId: row.id, after: role });
      return role;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A role named "${name}" already exists`);
    throw e;
  }
}

/** Updates a custom role; `expectedVersion` (from If-Match) refuses a stale edit with 412. */
export async function updateRole(ctx: TenantContext, id: string, input: Partial<RoleInput>, expectedVersion?: number) {
  ctx.require("ROLE", "UPDATE");
  const parsed = roleUpdate.safeParse(input);
  if (!parsed.success) throw invalid("Invalid role", zodDetails(parsed.error.issues));
  const before = await findRole(ctx, id);
  if (before.managed) throw invalid(`The managed role ${before.name} cannot be changed; create a custom role instead`);
  const version = expectedVersion ?? before.version;
  const { name, description, permissions } = parsed.data;
  try {
    return await ctx.db.$transaction(async (tx) => {
      if (permissions !== undefined) {
        // widening a bound role grants the new permissions wherever it is bound
        const added = addedGrants(parseGrants(before.permissions), permissions);
        const bindings = await tx.binding.findMany({ where: { roleId: id }, select: { namespace: true } });
        for (const b of bindings) requireGrantable(ctx, added, b.namespace);
      }
      const updated = await keepingAnAdmin(tx, ctx.tenantId, () =>
        tx.role.updateMany({
          where: { id, version },
          data: {
            ...(name !== undefined && { name }),
            ...(description !== undefined && { description }),
            ...(permissions !== undefined && { permissions: JSON.stringify(permissions) }),
            version: { increment: 1 },
          },
        }),
      );
      if (updated.count === 0) throw preconditionFailed("The role was changed by someone else; reload it and try again");
      const after = toRole(await tx.role.findFirstOrThrow({ where: { id }, select: roleSelect }));
      await audit(tx, ctx.actor, ctx.tenantId, { action: "UPDATE", resourceType: "ROLE", resourceId: id, before: toRole(before), after });
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A role named "${name}" already exists`);
    throw e;
  }
}

/** Deletes a custom role and, with it, the bindings that give it. */
export async function deleteRole(ctx: TenantContext, id: string) {
  ctx.require("ROLE", "DELETE");
  const before = await findRole(ctx, id);
  if (before.managed) throw invalid(`The managed role ${before.name} cannot be deleted`);
  return ctx.db.$transaction(async (tx) => {
    const bindings = await keepingAnAdmin(tx, ctx.tenantId, async () => {
      const removed = await tx.binding.deleteMany({ where: { roleId: id } });
      await tx.role.deleteMany({ where: { id } });
      return removed;
    });
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "ROLE",
      resourceId: id,
      before: { ...toRole(before), bindingsRemoved: bindings.count },
    });
    return { id, deleted: true, bindingsRemoved: bindings.count };
  });
}
