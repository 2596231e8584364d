import "server-only";
import { db } from "../db";
import { dummyPasswordHash, verifyPassword } from "../passwords";

/**
 * Checks a username and password; the same answer and cost for an unknown user, a wrong password
 * and a disabled user.
 */
export async function checkCredentials(username: string, password: string) {
  const user = await db.user.findUnique({
    where: { username: username.trim() },
    select: {
      id: true,
      username: true,
      displayName: true,
      passwordHash: true,
      serviceAccount: true,
      disabled: true,
      sessionVersion: true,
    },
  });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.serviceAccount || user.disabled) return null;
  return { id: user.id, username: user.username, displayName: user.displayName, sessionVersion: user.sessionVersion };
}
