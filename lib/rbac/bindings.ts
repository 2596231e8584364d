import "server-only";
import type { TenantContext } from "../authz/context";
import { audit } from "../audit/write";
import { lineage } from "../authz/namespaces";
import { isUniqueViolation } from "../db";
import { bindingKey } from "./binding-key";
import { conflict, invalid, notFound, zodDetails } from "../errors";
import { parseGrants } from "../authz/permissions";
import { keepingAnAdmin } from "./last-admin";
import { tenantUsersNamed } from "../users/users";
import { requireGrantable } from "./no-escalation";
import { type BindingInput, bindingInput } from "./schemas";

const bindingSelect = {
  id: true,
  namespace: true,
  createdAt: true,
  role: { select: { id: true, name: true } },
  user: { select: { username: true } },
  group: { select: { id: true, name: true } },
} as const;
type BindingRow = {
  id: string;
  namespace: string | null;
  createdAt: Date;
  role: { id: string; name: string };
  user: { username: string } | null;
  group: { id: string; name: string } | null;
};
const toBinding = (b: BindingRow) => ({
  id: b.id,
  role: b.role.name,
  user: b.user?.username ?? null,
  group: b.group?.name ?? null,
  namespace: b.namespace,
  createdAt: b.createdAt,
});

/** `reaching`: only the bindings that apply in that namespace (tenant-wide, on it, or on an ancestor). */
export async function listBindings(ctx: TenantContext, filter: { user?: string; group?: string; reaching?: string } = {}) {
  ctx.require("BINDING", "READ");
  const rows = await ctx.db.binding.findMany({
    where: {
      ...(filter.user && { user: { username: filter.user } }),
      ...(filter.group && { group: { tenantId: ctx.tenantId, name: filter.group } }),
      ...(filter.reaching && { OR: [{ namespace: null }, { namespace: { in: lineage(filter.reaching) } }] }),
    },
    select: bindingSelect,
    orderBy: [{ createdAt: "asc" }],
  });
  return { results: rows.map(toBinding), total: rows.length };
}

/** Gives a role to a user or a group, tenant-wide or on a namespace and its descendants. */
export async function createBinding(ctx: TenantContext, input: BindingInput) {
  ctx.require("BINDING", "CREATE");
  const parsed = bindingInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid binding", zodDetails(parsed.error.issues));
  const b = parsed.data;
  const namespace = b.namespace ?? null;
  return ctx.db.$transaction(async (tx) => {
    const role = await tx.role.findFirst({ where: { name: b.role }, select: { id: true, permissions: true } });
    if (!role) throw invalid("Unknown role", [{ path: "role", message: `no role named "${b.role}" in this tenant` }]);
    requireGrantable(ctx, parseGrants(role.permissions), namespace);
    let userId: string | null = null;
    let groupId: string | null = null;
    if (b.user) {
      const [user] = await tenantUsersNamed(ctx.tenantId, [b.user]);
      if (!user) {
        throw invalid("Unknown user", [{ path: "user", message: `${b.user} is not a user of this tenant; grant access first` }]);
      }
      userId = user.id;
    } else {
      const group = await tx.group.findFirst({ where: { name: b.group! }, select: { id: true } });
      if (!group) throw invalid("Unknown group", [{ path: "group", message: `no group named "${b.group}" in this tenant` }]);
      groupId = group.id;
    }
    const key = bindingKey({ roleId: role.id, userId, groupId, namespace });
    const row = await tx.binding
      .create({ data: { tenantId: ctx.tenantId, roleId: role.id, userId, groupId, namespace, key }, select: bindingSelect })
      .catch((e) => {
        throw isUniqueViolation(e) ? conflict("This binding already exists") : e;
      });
    const after = toBinding(row);
    await audit(tx, ctx.actor, ctx.tenantId, { action: "CREATE", resourceType: "BINDING", resourceId: row.id, namespace, after });
    return after;
  });
}

export async function deleteBinding(ctx: TenantContext, id: string) {
  ctx.require("BINDING", "DELETE");
  const row = await ctx.db.binding.findFirst({ where: { id }, select: bindingSelect });
  if (!row) throw notFound("Binding not found");
  return ctx.db.$transaction(async (tx) => {
    await keepingAnAdmin(tx, ctx.tenantId, () => tx.binding.deleteMany({ where: { id } }));
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "BINDING",
      resourceId: id,
      namespace: row.namespace,
      before: toBinding(row),
    });
    return { id, deleted: true };
  });
}
