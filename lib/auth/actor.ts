import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { Actor, Via } from "../authz/actor";
import { authenticate } from "../authz/context";
import type { Credential } from "../authz/gate";
import { tokenVersion } from "./sessions";

type CookieSource = Map<string, string>;

/**
 * The session cookie's claim: its user and the session version it was issued at. Whether it still
 * holds (the session not ended, the user not disabled) is read fresh from the database by the gate,
 * so role changes and revocations hold at once.
 */
async function sessionCredential(jar: CookieSource, via: Via): Promise<Credential | null> {
  const token = await getToken({
    req: { cookies: jar, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: process.env.NEXTAUTH_SECRET,
  });
  if (!token?.sub) return null;
  return { kind: "session", userId: token.sub, version: tokenVersion(token), via };
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

/** The session of the current page or server action, not yet checked, or null. */
export async function pageCredential(via: Via = "browser"): Promise<Credential | null> {
  const jar = new Map((await cookies()).getAll().map((c) => [c.name, c.value] as const));
  return sessionCredential(jar, via);
}

/** The signed-in user of the current page or server action, or null. */
export async function sessionActor(via: Via = "browser"): Promise<Actor | null> {
  const credential = await pageCredential(via);
  return credential && authenticate(credential);
}

/**
 * What an API request presents: a bearer token if one is sent (and then only it: a bad token is
 * never rescued by a cookie), else the browser session; null when it presents nothing usable.
 */
export async function requestCredential(req: Request): Promise<Credential | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { kind: "token", token: match[1] } : null;
  }
  // a session cookie on an API request is the browser's own UI calling (uploads, downloads): the
  // audit log says "via browser"; "via api" is for API tokens
  return sessionCredential(parseCookieHeader(req.headers.get("cookie")), "browser");
}

/** The caller of an API request, or null. */
export async function requestActor(req: Request): Promise<Actor | null> {
  const credential = await requestCredential(req);
  return credential && authenticate(credential);
}
