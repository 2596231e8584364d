import "server-only";
import type { Actor } from "../authz/actor";
import { auditInstance } from "../audit/write";
import { db, isUniqueViolation } from "../db";
import { conflict, forbidden, invalid, notFound, zodDetails } from "../errors";
import { hashPassword, verifyPassword } from "../passwords";
import { multiTenancy } from "../tenants/served";
import { type UserInput, passwordSchema, userInput, usernameSchema } from "./schemas";

export const publicUser = {
  id: true,
  username: true,
  displayName: true,
  superadmin: true,
  canCreateTenant: true,
  serviceAccount: true,
  disabled: true,
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

/**
 * Disables or re-enables a user (superadmins only, never themselves). A disabled user cannot sign
 * in, and their sessions and API tokens stop working at once; the last enabled superadmin stays.
 */
export async function setDisabled(actor: Actor, username: string, value: boolean) {
  requireSuperadmin(actor);
  const name = usernameSchema.safeParse(username);
  if (!name.success) throw notFound(`User ${username} not found`);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { username: name.data }, select: publicUser });
    if (!before) throw notFound(`User ${username} not found`);
    if (value && before.id === actor.userId) throw conflict("You cannot disable yourself; another superadmin can");
    if (value && before.superadmin) {
      const others = await tx.user.count({ where: { superadmin: true, disabled: false, id: { not: before.id } } });
      if (others === 0) throw conflict("The last enabled superadmin cannot be disabled");
    }
    const after = await tx.user.update({
      where: { id: before.id },
      data: { disabled: value, ...(value ? { sessionVersion: { increment: 1 }, sessionsEndedAt: new Date() } : {}) },
      select: publicUser,
    });
    await auditInstance(tx, actor, {
      action: "UPDATE",
      resourceType: "USER",
      resourceId: before.username,
      before: { disabled: before.disabled },
      after: { disabled: after.disabled },
    });
    return after;
  });
}

/** Stores a new password and ends every session of the user, audited without the password. */
async function storePassword(actor: Actor, userId: string, username: string, password: string) {
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 }, sessionsEndedAt: new Date() } });
    await auditInstance(tx, actor, { action: "UPDATE", resourceType: "USER", resourceId: username, after: { passwordChanged: true, sessionsEnded: true } });
  });
}

/** A user changes their own password, proving the current one; their sessions end (sign in again). */
export async function changeOwnPassword(actor: Actor, current: string, next: string) {
  if (!actor.userId || actor.tokenId) throw forbidden("Change your password from a signed-in session");
  const parsed = passwordSchema.safeParse(next);
  if (!parsed.success) throw invalid("Invalid password", parsed.error.issues.map((i) => ({ path: "next", message: i.message })));
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { id: true, username: true, passwordHash: true } });
  if (!user) throw notFound();
  if (!(await verifyPassword(current, user.passwordHash))) {
    throw invalid("The current password is wrong", [{ path: "current", message: "the current password is wrong" }]);
  }
  await storePassword(actor, user.id, user.username, parsed.data);
}

/** A superadmin (or the CLI) sets a user's password; the user's sessions end. */
export async function resetPassword(actor: Actor, username: string, password: string) {
  requireSuperadmin(actor);
  const name = usernameSchema.safeParse(username);
  if (!name.success) throw notFound(`User ${username} not found`);
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw invalid("Invalid password", parsed.error.issues.map((i) => ({ path: "password", message: i.message })));
  const user = await db.user.findUnique({ where: { username: name.data }, select: { id: true, username: true } });
  if (!user) throw notFound(`User ${username} not found`);
  await storePassword(actor, user.id, user.username, parsed.data);
}

/** Usernames by user id (authors of revisions and the like); unknown ids are left out. */
export async function usernamesOf(ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const users = wanted.length ? await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, username: true } }) : [];
  return new Map(users.map((u) => [u.id, u.username]));
}

/** The users of a tenant among these usernames (with multi-tenancy on: those with access to it). */
export function tenantUsersNamed(tenantId: string, usernames: string[]) {
  return db.user.findMany({
    where: { username: { in: [...new Set(usernames)] }, ...(multiTenancy().enabled ? { access: { some: { tenantId } } } : {}) },
    select: { id: true, username: true },
  });
}
