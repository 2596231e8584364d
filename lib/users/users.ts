import "server-only";
import type { Actor } from "../authz/actor";
import { auditInstance } from "../audit/write";
import { db, isUniqueViolation } from "../db";
import { conflict, forbidden, invalid, notFound, zodDetails } from "../errors";
import { hashPassword } from "../passwords";
import { type UserInput, userInput, usernameSchema } from "./schemas";

export const publicUser = {
  id: true,
  username: true,
  displayName: true,
  superadmin: true,
  canCreateTenant: true,
  serviceAccount: true,
  createdAt: true,
} as const;

function requireSuperadmin(actor: Actor) {
  if (!actor.superadmin) throw forbidden("Only a superadmin can manage instance users");
}

export async function createUser(actor: Actor, input: UserInput) {
  requireSuperadmin(actor);
  const parsed = userInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid user", zodDetails(parsed.error.issues));
  const { username, password, displayName, superadmin, serviceAccount } = parsed.data;
  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          username,
          passwordHash,
          displayName: displayName || username,
          superadmin: superadmin ?? false,
          serviceAccount: serviceAccount ?? false,
        },
        select: publicUser,
      });
      await auditInstance(tx, actor, { action: "CREATE", resourceType: "USER", resourceId: username, after: user });
      return user;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`User ${username} already exists`);
    throw e;
  }
}

export async function findUserByUsername(username: string) {
  return db.user.findUnique({ where: { username }, select: publicUser });
}

async function updateFlag(actor: Actor, username: string, data: { superadmin?: boolean; canCreateTenant?: boolean }) {
  requireSuperadmin(actor);
  const name = usernameSchema.safeParse(username);
  if (!name.success) throw notFound(`User ${username} not found`);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { username: name.data }, select: publicUser });
    if (!before) throw notFound(`User ${username} not found`);
    if (data.superadmin === false && before.superadmin) {
      const others = await tx.user.count({ where: { superadmin: true, id: { not: before.id } } });
      if (others === 0) throw conflict("The last superadmin cannot lose the flag");
    }
    const after = await tx.user.update({ where: { id: before.id }, data, select: publicUser });
    await auditInstance(tx, actor, {
      action: "UPDATE",
      resourceType: "USER",
      resourceId: before.username,
      before: { superadmin: before.superadmin, canCreateTenant: before.canCreateTenant },
      after: { superadmin: after.superadmin, canCreateTenant: after.canCreateTenant },
    });
    return after;
  });
}

export const setSuperadmin = (actor: Actor, username: string, value: boolean) =>
  updateFlag(actor, username, { superadmin: value });

/** Grants or withdraws the instance-level TENANT:CREATE permission. */
export const setCanCreateTenant = (actor: Actor, username: string, value: boolean) =>
  updateFlag(actor, username, { canCreateTenant: value });

export async function listInstanceUsers(actor: Actor) {
  requireSuperadmin(actor);
  return db.user.findMany({ select: publicUser, orderBy: { username: "asc" } });
}
