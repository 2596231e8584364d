import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { type Actor, type Via, userActor } from "../authz/actor";
import { db } from "../db";
import { userForToken } from "../tokens/tokens";
import { sessionValid, tokenVersion } from "./sessions";

const actorUser = {
  id: true,
  username: true,
  displayName: true,
  superadmin: true,
  canCreateTenant: true,
  disabled: true,
  sessionVersion: true,
} as const;

type CookieSource = Map<string, string>;

/**
 * The user of a session cookie, read fresh from the database (so role changes hold at once); a
 * session that was ended (sign-out, password change) or whose user is disabled is no session.
 */
async function actorFromCookies(jar: CookieSource, via: Via): Promise<Actor | null> {
  const token = await getToken({
    req: { cookies: jar, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: process.env.NEXTAUTH_SECRET,
  });
  if (!token?.sub) return null;
  const user = await db.user.findUnique({ where: { id: token.sub }, select: actorUser });
  return user && sessionValid(user, tokenVersion(token)) ? userActor(user, via) : null;
}

/** A cookie value as sent; an unrelated cookie with a bare `%` is kept verbatim, never a 500. */
function decodeCookieValue(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function parseCookieHeader(header: string | null): CookieSource {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) jar.set(part.slice(0, i).trim(), decodeCookieValue(part.slice(i + 1).trim()));
  }
  return jar;
}

/** The signed-in user of the current page or server action, or null. */
export async function sessionActor(via: Via = "browser"): Promise<Actor | null> {
  const jar = new Map((await cookies()).getAll().map((c) => [c.name, c.value] as const));
  return actorFromCookies(jar, via);
}

/**
 * The caller of an API request: a bearer token if one is sent (and then only it: a bad token is
 * never rescued by a cookie), else the browser session.
 */
export async function requestActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return null;
    const found = await userForToken(match[1]);
    return found ? userActor(found.user, "api", found.tokenId) : null;
  }
  // a session cookie on an API request is the browser's own UI calling (uploads, downloads): the
  // audit log says "via browser"; "via api" is for API tokens
  return actorFromCookies(parseCookieHeader(req.headers.get("cookie")), "browser");
}
