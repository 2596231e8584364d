import "server-only";
import { db } from "../db";

// Server-side session revocation. A session cookie carries the user's session version from the
// moment it was issued (`sv`); every request compares it with the user's current version (see
// lib/auth/actor.ts), so bumping the version ends every session issued before, on every app
// instance at once. Sign-out, a password change and disabling the user bump it.

/** The version claim of a session token; tokens issued before versions existed count as 0. */
export const tokenVersion = (token: Record<string, unknown>) => (typeof token.sv === "number" ? token.sv : 0);

/** Is a session issued at `version` still valid for this user? */
export function sessionValid(user: { disabled: boolean; sessionVersion: number }, version: number) {
  return !user.disabled && user.sessionVersion === version;
}

/**
 * Sign-out: ends the user's sessions, if the signing-out session is still a valid one (a cookie
 * already revoked cannot be replayed to sign the user out again and again).
 */
export async function endSessionsOnSignOut(userId: string, version: number) {
  await db.user.updateMany({ where: { id: userId, sessionVersion: version }, data: { sessionVersion: { increment: 1 }, sessionsEndedAt: new Date() } });
}

/** A successful sign-in, shown on the instance user page. */
export async function recordSignIn(userId: string) {
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
}

/**
 * Is the session a token describes still valid (user present, not disabled, same version)? For
 * next-auth's own session endpoint, which would otherwise decode a revoked cookie as signed in.
 */
export async function sessionStillValid(userId: string, version: number): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { disabled: true, sessionVersion: true } });
  return user !== null && sessionValid(user, version);
}
