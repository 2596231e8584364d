import "server-only";
import type { TenantContext } from "../authz/context";
import { audit } from "../audit/write";
import { type Tx, isUniqueViolation } from "../db";
import { conflict, invalid, notFound, zodDetails } from "../errors";
import { parseGrants } from "../authz/permissions";
import { keepingAnAdmin } from "./last-admin";
import { tenantUsersNamed } from "../users/users";
import { requireGrantable } from "./no-escalation";
import { type GroupInput, groupInput, groupUpdate } from "./schemas";

const groupSelect = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
  members: { select: { user: { select: { username: true } } } },
} as const;
type GroupRow = { id: string; name: string; description: string; createdAt: Date; members: { user: { username: string } }[] };
const toGroup = (g: GroupRow) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  createdAt: g.createdAt,
  members: g.members.map((m) => m.user.username).sort(),
});

export async function listGroups(ctx: TenantContext) {
  ctx.require("GROUP", "READ");
  const rows = await ctx.db.group.findMany({ select: groupSelect, orderBy: { name: "asc" } });
  return { results: rows.map(toGroup), total: rows.length };
}

async function findGroup(ctx: TenantContext, id: string) {
  const row = await ctx.db.group.findFirst({ where: { id }, select: groupSelect });
  if (!row) throw notFound("Group not found");
  return row;
}

export async function getGroup(ctx: TenantContext, id: string) {
  ctx.require("GROUP", "READ");
  return toGroup(await findGroup(ctx, id));
}

/** Members must be users of this tenant (with multi-tenancy on: users with access to it). */
async function memberIds(ctx: TenantContext, usernames: string[]) {
  const unique = [...new Set(usernames)];
  const users = await tenantUsersNamed(ctx.tenantId, unique);
  const missing = unique.filter((u) => !users.some((x) => x.username === u));
  if (missing.length) {
    throw invalid(
      "Unknown members",
      missing.map((m) => ({ path: "members", message: `${m} is not a user of this tenant` })),
    );
  }
  return users.map((u) => u.id);
}

/** Every binding of the group must be grantable by the actor in its scope. */
async function requireGroupGrantable(tx: Tx, ctx: TenantContext, groupId: string) {
  const bindings = await tx.binding.findMany({
    where: { groupId },
    select: { namespace: true, role: { select: { permissions: true } } },
  });
  for (const b of bindings) requireGrantable(ctx, parseGrants(b.role.permissions), b.namespace);
}

export async function createGroup(ctx: TenantContext, input: GroupInput) {
  ctx.require("GROUP", "CREATE");
  const parsed = groupInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid group", zodDetails(parsed.error.issues));
  const { name, description, members = [] } = parsed.data;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const ids = await memberIds(ctx, members);
      const group = await tx.group.create({ data: { tenantId: ctx.tenantId, name, description: description ?? "" } });
      for (const userId of ids) await tx.groupMember.create({ data: { tenantId: ctx.tenantId, groupId: group.id, userId } });
      const after = toGroup(await tx.group.findFirstOrThrow({ where: { id: group.id }, select: groupSelect }));
      await audit(tx, ctx.actor, ctx.tenantId, { action: "CREATE", resourceType: "GROUP", resourceId: group.id, after });
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A group named "${name}" already exists`);
    throw e;
  }
}

/** Renames a group or replaces its description or its whole member list. */
export async function updateGroup(ctx: TenantContext, id: string, input: Partial<GroupInput>) {
  ctx.require("GROUP", "UPDATE");
  const parsed = groupUpdate.safeParse(input);
  if (!parsed.success) throw invalid("Invalid group", zodDetails(parsed.error.issues));
  const before = toGroup(await findGroup(ctx, id));
  const { name, description, members } = parsed.data;
  try {
    return await ctx.db.$transaction(async (tx) => {
      if (name !== undefined || description !== undefined) {
        await tx.group.updateMany({ where: { id }, data: { name, description } });
      }
      if (members !== undefined) {
        const ids = await memberIds(ctx, members);
        const current = await tx.groupMember.findMany({ where: { groupId: id }, select: { userId: true } });
        // a new member receives every binding of the group: the actor must hold what they give
        if (ids.some((u) => !current.some((c) => c.userId === u))) await requireGroupGrantable(tx, ctx, id);
        await keepingAnAdmin(tx, ctx.tenantId, async () => {
          await tx.groupMember.deleteMany({ where: { groupId: id } });
          for (const userId of ids) await tx.groupMember.create({ data: { tenantId: ctx.tenantId, groupId: id, userId } });
        });
      }
      const after = toGroup(await tx.group.findFirstOrThrow({ where: { id }, select: groupSelect }));
      await audit(tx, ctx.actor, ctx.tenantId, { action: "UPDATE", resourceType: "GROUP", resourceId: id, before, after });
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A group named "${name}" already exists`);
    throw e;
  }
}

export async function deleteGroup(ctx: TenantContext, id: string) {
  ctx.require("GROUP", "DELETE");
  const before = toGroup(await findGroup(ctx, id));
  return ctx.db.$transaction(async (tx) => {
    await keepingAnAdmin(tx, ctx.tenantId, async () => {
      await tx.binding.deleteMany({ where: { groupId: id } });
      await tx.groupMember.deleteMany({ where: { groupId: id } });
      await tx.group.deleteMany({ where: { id } });
    });
    await audit(tx, ctx.actor, ctx.tenantId, { action: "DELETE", resourceType: "GROUP", resourceId: id, before });
    return { id, deleted: true };
  });
}
