import "server-only";
import { db } from "../db";

// Sign-in throttling, kept in the database so that it holds across app instances (SPEC §8).
// Failures are counted per username and per client address in a sliding window; past the limit
// the key is locked for a while, never for good, and a successful sign-in clears the username.

export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;
const LIMITS = { user: 10, ip: 50 } as const;

/** `ip` is null when no address is known: one shared key would let anyone lock everyone out. */
export type ThrottleKeys = { user: string; ip: string | null };

export function throttleKeys(username: string, ip: string | null): ThrottleKeys {
  return { user: `user:${username.trim().toLowerCase()}`, ip: ip ? `ip:${ip}` : null };
}

const keyList = (keys: ThrottleKeys) => [keys.user, ...(keys.ip ? [keys.ip] : [])];

/** Seconds until the caller may try again, or 0 when not locked. */
export async function lockedFor(keys: ThrottleKeys, now = new Date()): Promise<number> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keyList(keys) }, lockedUntil: { gt: now } } });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  return until ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

async function fail(key: string, limit: number, now: Date) {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  const fresh = !row || now.getTime() - row.windowStart.getTime() > WINDOW_MS;
  const failures = fresh ? 1 : row.failures + 1;
  const data = {
    failures,
    windowStart: fresh ? now : row.windowStart,
    lockedUntil: failures >= limit ? new Date(now.getTime() + LOCK_MS) : fresh ? null : row.lockedUntil,
  };
  await db.loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data });
}

export async function recordFailure(keys: ThrottleKeys, now = new Date()) {
  await fail(keys.user, LIMITS.user, now);
  if (keys.ip) await fail(keys.ip, LIMITS.ip, now);
}

export async function recordSuccess(keys: ThrottleKeys) {
  await db.loginThrottle.deleteMany({ where: { key: keys.user } });
}

/** The client's address as the proxy in front reports it (the first X-Forwarded-For hop). */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const get = (name: string) => {
    const v = headers instanceof Headers ? headers.get(name) : headers[name];
    return Array.isArray(v) ? v[0] : (v ?? null);
  };
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || null;
}
