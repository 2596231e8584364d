import "server-only";
import { db, isUniqueViolation } from "../db";

// Sign-in throttling, kept in the database so that it holds across app instances (SPEC §8).
//
// Every attempt takes a slot on each of its keys before the password is checked, in one
// conditional UPDATE per key ("count it if the key is under its limit and not locked"), so that
// simultaneous attempts cannot all pass a check made before any of them is counted. A success
// gives its slots back; a failure keeps them, and the key that reaches its limit is locked for a
// while (never for good).
//
// Lockout is a denial of service in the wrong hands, so the tight limit is per account and client
// address: a stranger guessing from elsewhere does not lock the owner out. A slower limit per
// account bounds guessing spread over many addresses, and one per address bounds guessing across
// accounts. Client addresses come from lib/auth/client-address.ts (forwarding headers only from
// TENANTFLOW_TRUSTED_PROXIES); when the address is unknown the tight limit applies per account.

export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;
export const LIMITS = { accountAddress: 10, account: 100, address: 50 } as const;

type KeyKind = keyof typeof LIMITS;
export type ThrottleKey = { key: string; kind: KeyKind };
export type ThrottleKeys = ThrottleKey[];

export function throttleKeys(username: string, ip: string | null): ThrottleKeys {
  const name = username.trim().toLowerCase();
  return [
    { key: `user:${name}|${ip ?? "unknown"}`, kind: "accountAddress" },
    { key: `user:${name}`, kind: "account" },
    ...(ip ? [{ key: `ip:${ip}`, kind: "address" as const }] : []),
  ];
}

const unlocked = (now: Date) => ({ OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] });

/** Seconds until the caller may try again, or 0 when not locked. */
export async function lockedFor(keys: ThrottleKeys, now = new Date()): Promise<number> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) }, lockedUntil: { gt: now } } });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  return until ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Takes one slot on a key: true when it was under its limit, in one atomic step. */
async function take({ key, kind }: ThrottleKey, now: Date): Promise<boolean> {
  try {
    await db.loginThrottle.create({ data: { key, failures: 0, windowStart: now } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  // a window that has ended unlocked, or a lock that has ended, starts again; the condition is
  // re-checked under the row's lock, so two attempts cannot both reset it
  await db.loginThrottle.updateMany({
    where: {
      key,
      OR: [{ windowStart: { lt: new Date(now.getTime() - WINDOW_MS) }, lockedUntil: null }, { lockedUntil: { lte: now } }],
    },
    data: { failures: 0, windowStart: now, lockedUntil: null },
  });
  const taken = await db.loginThrottle.updateMany({
    where: { key, failures: { lt: LIMITS[kind] }, ...unlocked(now) },
    data: { failures: { increment: 1 } },
  });
  return taken.count === 1;
}

async function giveBack(keys: ThrottleKeys) {
  for (const { key } of keys) {
    await db.loginThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
  }
}

/**
 * Counts an attempt on every key before its password is checked. False (nothing counted) when
 * any key is locked or at its limit: the attempt must then be refused unchecked.
 */
export async function beginAttempt(keys: ThrottleKeys, now = new Date()): Promise<boolean> {
  const taken: ThrottleKeys = [];
  for (const k of keys) {
    if (!(await take(k, now))) {
      await giveBack(taken);
      return false;
    }
    taken.push(k);
  }
  return true;
}

/** The attempt failed: it stays counted, and keys at their limit are locked. */
export async function recordFailure(keys: ThrottleKeys, now = new Date()) {
  for (const { key, kind } of keys) {
    await db.loginThrottle.updateMany({
      where: { key, failures: { gte: LIMITS[kind] }, ...unlocked(now) },
      data: { lockedUntil: new Date(now.getTime() + LOCK_MS) },
    });
  }
}

/** The attempt succeeded: it does not count, and the account's failures from this address are forgotten. */
export async function recordSuccess(keys: ThrottleKeys) {
  await giveBack(keys.filter((k) => k.kind !== "accountAddress"));
  await db.loginThrottle.deleteMany({ where: { key: keys.find((k) => k.kind === "accountAddress")!.key } });
}

/**
 * A rate in the same table, for callers other than sign-in (webhook calls per tenant): at most
 * `limit` calls per window of `windowMs` on a key, counted in the database so that every app
 * instance shares it (SPEC §8). Answers 0 when the call is counted, else the whole seconds until
 * the key's window ends. Keys are namespaced by their caller (`webhook:<tenant>`), apart from the
 * sign-in keys (`user:`, `ip:`).
 */
export async function takeRate(key: string, limit: number, windowMs: number, now = new Date()): Promise<number> {
  for (let tries = 0; ; tries++) {
    // an ended window starts again; each condition is re-checked under the row's lock
    await db.loginThrottle.updateMany({ where: { key, windowStart: { lte: new Date(now.getTime() - windowMs) } }, data: { failures: 0, windowStart: now } });
    const taken = await db.loginThrottle.updateMany({ where: { key, failures: { lt: limit } }, data: { failures: { increment: 1 } } });
    if (taken.count === 1) return 0;
    const row = await db.loginThrottle.findUnique({ where: { key }, select: { windowStart: true } });
    if (row || tries > 0) {
      const ends = (row?.windowStart.getTime() ?? now.getTime()) + windowMs;
      return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
    }
    // the key's first call: its row, then the count as any other call's (a concurrent first call made it already)
    try {
      await db.loginThrottle.create({ data: { key, failures: 0, windowStart: now } });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
}

export { clientAddress } from "./client-address";
