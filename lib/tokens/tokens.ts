import "server-only";
import crypto from "node:crypto";
import type { z } from "zod";
import type { Actor } from "../authz/actor";
import { auditInstance } from "../audit/write";
import { db } from "../db";
import { invalid, notFound, zodDetails } from "../errors";
import { parseDuration } from "../duration";
import { tokenInput } from "./schemas";

export const TOKEN_PREFIX = "tf_";

export { tokenInput };

export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

const publicToken = {
  id: true,
  name: true,
  prefix: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
} as const;

/** Creates an API token for a user; the token is returned once and only its hash is stored. */
export async function createToken(actor: Actor, userId: string, input: z.input<typeof tokenInput>) {
  const parsed = tokenInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid token", zodDetails(parsed.error.issues));
  let expiresAt: Date | null = null;
  if (parsed.data.expiresIn) {
    const ms = parseDuration(parsed.data.expiresIn);
    if (ms === null || ms <= 0) {
      const message = `Invalid expiry "${parsed.data.expiresIn}": use e.g. 30d, 12h or P30D`;
      throw invalid(message, [{ path: "expiresIn", message }]);
    }
    expiresAt = new Date(Date.now() + ms);
  }
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name: parsed.data.name, tokenHash: hashToken(token), prefix: token.slice(0, 10), expiresAt },
      select: { ...publicToken, user: { select: { username: true } } },
    });
    const { user, ...rest } = created;
    await auditInstance(tx, actor, { action: "CREATE", resourceType: "TOKEN", resourceId: rest.id, after: { ...rest, user: user.username } });
    return rest;
  });
  return { ...row, token };
}

export async function listTokens(userId: string) {
  return db.apiToken.findMany({ where: { userId }, select: publicToken, orderBy: { createdAt: "desc" } });
}

/** Revokes a token; an actor may revoke their own, the CLI and superadmins any. */
export async function revokeToken(actor: Actor, id: string) {
  const where = actor.superadmin ? { id } : { id, userId: actor.userId ?? "" };
  const token = await db.apiToken.findFirst({ where, select: { id: true, revokedAt: true } });
  if (!token) throw notFound("Token not found");
  if (!token.revokedAt) {
    await db.$transaction(async (tx) => {
      await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      await auditInstance(tx, actor, { action: "REVOKE", resourceType: "TOKEN", resourceId: token.id });
    });
  }
  return { id: token.id, revoked: true };
}

/** The user a bearer token belongs to, or null when it is unknown, expired or revoked. */
export async function userForToken(token: string) {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, username: true, displayName: true, superadmin: true, canCreateTenant: true, disabled: true } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  // a disabled user's tokens stop working with their sessions
  if (row.user.disabled) return null;
  await noteTokenUse(row.id, row.lastUsedAt);
  return { tokenId: row.id, user: row.user };
}

/**
 * Last-used bookkeeping: a write per request would be costly (on SQLite every write is a synchronous
 * commit that holds up the whole process), and a minute's precision is enough to show activity, so
 * a token's use is written at most once a minute. A failed write never fails the request.
 */
export async function noteTokenUse(tokenId: string, lastUsedAt: Date | null) {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() <= 60_000) return;
  await db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date() } }).catch(() => {});
}
