import "server-only";
import crypto from "node:crypto";
import type { Actor } from "../authz/actor";
import { auditInstance } from "../audit/write";
import { type Paging, skipTake } from "../api/paging";
import { isPostgres } from "../config";
import { db } from "../db";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { hashPassword } from "../passwords";
import { passwordSchema, usernameSchema } from "./schemas";
import type { InstanceUserDetail } from "./types";
import { publicUser } from "./users";

// Instance administration of one user (superadmins): search, the user's page, a password reset
// and ending their sessions. Disabling and the flags live in users.ts.

function requireSuperadmin(actor: Actor) {
  if (!actor.superadmin) throw forbidden("Only a superadmin can manage instance users");
}

/** The user named, or 404 (a malformed name is a missing user). */
async function userNamed(username: string) {
  const name = usernameSchema.safeParse(username);
  const user = name.success ? await db.user.findUnique({ where: { username: name.data }, select: publicUser }) : null;
  if (!user) throw notFound(`User ${username} not found`);
  return user;
}

/** Users whose username (an e-mail address, often) or display name contains `q`, ignoring case; paged in the query. */
export async function searchInstanceUsers(actor: Actor, q: string | undefined, paging: Paging) {
  requireSuperadmin(actor);
  const text = q?.trim().slice(0, 200);
  // ILIKE on PostgreSQL; SQLite's LIKE already ignores ASCII case
  const mode = isPostgres() ? { mode: "insensitive" as const } : {};
  const where = text ? { OR: [{ username: { contains: text, ...mode } }, { displayName: { contains: text, ...mode } }] } : {};
  const [results, total] = await Promise.all([
    db.user.findMany({ where, select: publicUser, orderBy: { username: "asc" }, ...skipTake(paging) }),
    db.user.count({ where }),
  ]);
  return { results, total, page: paging.page, size: paging.size };
}

/**
 * One user for the instance user page: the tenants they can access with the roles bound to them
 * there (directly or through a group), their API tokens, and their sign-in activity.
 */
export async function getInstanceUser(actor: Actor, username: string): Promise<InstanceUserDetail> {
  requireSuperadmin(actor);
  const user = await userNamed(username);
  const now = new Date();
  const [extra, access, bindings, activeTokens, allTokens] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lastSignInAt: true, sessionsEndedAt: true } }),
    db.tenantAccess.findMany({ where: { userId: user.id }, select: { tenantId: true, createdAt: true } }),
    db.binding.findMany({
      where: { OR: [{ userId: user.id }, { group: { members: { some: { userId: user.id } } } }] },
      select: { tenantId: true, namespace: true, role: { select: { name: true } }, group: { select: { name: true } } },
      orderBy: [{ tenantId: "asc" }, { namespace: "asc" }],
    }),
    db.apiToken.count({ where: { userId: user.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.apiToken.count({ where: { userId: user.id } }),
  ]);
  const tenantIds = [...new Set([...access.map((a) => a.tenantId), ...bindings.map((b) => b.tenantId)])];
  const tenants = await db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true, deleted: true } });
  const accessOf = new Map(access.map((a) => [a.tenantId, a.createdAt]));
  return {
    ...user,
    lastSignInAt: extra.lastSignInAt,
    sessionsEndedAt: extra.sessionsEndedAt,
    tokens: { active: activeTokens, total: allTokens },
    tenants: tenants
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((t) => ({
        id: t.id,
        name: t.name,
        deleted: t.deleted,
        accessSince: accessOf.get(t.id) ?? null,
        roles: bindings
          .filter((b) => b.tenantId === t.id)
          .map((b) => ({ role: b.role.name, namespace: b.namespace, via: b.group?.name ?? null })),
      })),
  };
}

/** A readable random password: 20 characters of base64url, about 120 bits. */
const generatePassword = () => crypto.randomBytes(15).toString("base64url");

/**
 * A superadmin sets a user's password: the one given, or a generated one answered once (and never
 * stored in clear or audited). Every session of the user ends. Not for oneself: the account page
 * asks for the current password.
 */
export async function adminResetPassword(actor: Actor, username: string, password?: string) {
  requireSuperadmin(actor);
  const user = await userNamed(username);
  if (user.id === actor.userId) throw conflict("Change your own password from your account page");
  if (user.serviceAccount) throw conflict("A service account signs in with API tokens only: it has no password to reset");
  const chosen = password ?? generatePassword();
  const parsed = passwordSchema.safeParse(chosen);
  if (!parsed.success) throw invalid("Invalid password", parsed.error.issues.map((i) => ({ path: "password", message: i.message })));
  const passwordHash = await hashPassword(parsed.data);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 }, sessionsEndedAt: new Date() } });
    await auditInstance(tx, actor, {
      action: "UPDATE",
      resourceType: "USER",
      resourceId: user.username,
      after: { passwordReset: true, sessionsEnded: true },
    });
  });
  return { username: user.username, sessionsEnded: true as const, ...(password === undefined ? { password: chosen } : {}) };
}

/** Ends every session of a user (their API tokens stay valid); audited. */
export async function endUserSessions(actor: Actor, username: string) {
  requireSuperadmin(actor);
  const user = await userNamed(username);
  const endedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 }, sessionsEndedAt: endedAt } });
    await auditInstance(tx, actor, { action: "UPDATE", resourceType: "USER", resourceId: user.username, after: { sessionsEnded: true } });
  });
  return { username: user.username, sessionsEndedAt: endedAt };
}
