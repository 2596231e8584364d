import { beforeEach, describe, expect, it, vi } from "vitest";
import { PEER_HEADER } from "@/lib/auth/client-address";
import { authOptions } from "@/lib/auth/options";
import { LIMITS, LOCK_MS, beginAttempt, lockedFor, recordFailure, throttleKeys } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { PASSWORD, makeUser, uniq } from "./helpers";

// Counts the passwords actually checked, still checking them for real.
const checked = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/passwords", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/passwords")>();
  return {
    ...real,
    verifyPassword: (plain: string, hash: string) => {
      checked.count++;
      return real.verifyPassword(plain, hash);
    },
  };
});
beforeEach(() => {
  checked.count = 0;
});

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
/** A sign-in from a socket peer, with whatever forwarding header the client adds. */
const signIn = (username: string, password: string, peer: string, forwardedFor?: string) =>
  authorize(
    { username, password },
    { headers: { [PEER_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) } },
  );
const randomIp = (a: number) => `10.${a}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
const accountAt = (username: string, ip: string) => throttleKeys(username, ip)[0].key;

describe("sign-in throttling", () => {
  it("locks an account at an address after 10 failures, even for the right password, and not forever", async () => {
    const u = await makeUser();
    const ip = randomIp(9);
    for (let i = 0; i < 9; i++) expect(await signIn(u.username, "wrong-password", ip)).toBeNull();
    expect(await lockedFor(throttleKeys(u.username, ip))).toBe(0);
    expect(await signIn(u.username, "wrong-password", ip)).toBeNull();
    const wait = await lockedFor(throttleKeys(u.username, ip));
    expect(wait).toBeGreaterThan(LOCK_MS / 1000 - 5);
    expect(wait).toBeLessThanOrEqual(LOCK_MS / 1000);
    // locked at that address: the right password does not get in, and is not even checked
    checked.count = 0;
    expect(await signIn(u.username, PASSWORD, ip)).toBeNull();
    expect(checked.count).toBe(0);
    // the lock ends by itself
    expect(await lockedFor(throttleKeys(u.username, ip), new Date(Date.now() + LOCK_MS + 1000))).toBe(0);
    await db.loginThrottle.update({ where: { key: accountAt(u.username, ip) }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await signIn(u.username, PASSWORD, ip)).toMatchObject({ email: u.username });
    // and a success clears the account's count at that address
    expect(await db.loginThrottle.findUnique({ where: { key: accountAt(u.username, ip) } })).toBeNull();
  });

  it("does not let a stranger lock the owner out from another address", async () => {
    const u = await makeUser();
    const attacker = randomIp(21);
    for (let i = 0; i < 12; i++) expect(await signIn(u.username, "wrong-password", attacker)).toBeNull();
    expect(await lockedFor(throttleKeys(u.username, attacker))).toBeGreaterThan(0);
    expect(await signIn(u.username, PASSWORD, randomIp(22))).toMatchObject({ email: u.username });
  });

  it("checks at most the limit of 40 simultaneous wrong passwords for one account", async () => {
    const u = await makeUser();
    const ip = randomIp(30);
    const results = await Promise.all(Array.from({ length: 40 }, () => signIn(u.username, "wrong-password", ip)));
    expect(results.every((r) => r === null)).toBe(true);
    expect(checked.count).toBeLessThanOrEqual(LIMITS.accountAddress);
    expect(checked.count).toBeGreaterThan(0);
    expect(await lockedFor(throttleKeys(u.username, ip))).toBeGreaterThan(0);
  });

  it("bounds guessing spread over many addresses with a slower limit per account", async () => {
    const u = await makeUser();
    // LIMITS.account failures, a few from each of many addresses (counted as the sign-in would)
    for (let i = 0; i < LIMITS.account; i++) {
      const keys = throttleKeys(u.username, `10.40.${Math.floor(i / 5)}.${i % 5}`);
      expect(await beginAttempt(keys)).toBe(true);
      await recordFailure(keys);
    }
    checked.count = 0;
    expect(await signIn(u.username, PASSWORD, randomIp(41))).toBeNull();
    expect(checked.count).toBe(0);
    expect(await lockedFor(throttleKeys(u.username, randomIp(42)))).toBeGreaterThan(0);
  });

  it("counts against the socket's address: a forged X-Forwarded-For neither dodges nor frames", async () => {
    const u = await makeUser();
    const ip = randomIp(50);
    const victim = randomIp(51);
    for (let i = 0; i < 10; i++) expect(await signIn(u.username, "wrong-password", ip, `${victim}, 198.51.100.${i}`)).toBeNull();
    // each forged value changed nothing: the account is locked at the real address only
    expect(await signIn(u.username, PASSWORD, ip, randomIp(52))).toBeNull();
    expect(await lockedFor(throttleKeys(u.username, victim))).toBe(0);
    expect(await signIn(u.username, PASSWORD, victim)).toMatchObject({ email: u.username });
  });

  it("counts per address too, across usernames", async () => {
    const ip = randomIp(77);
    const keys = () => throttleKeys(uniq("nobody"), ip);
    for (let i = 0; i < LIMITS.address - 1; i++) {
      const k = keys();
      await beginAttempt(k);
      await recordFailure(k);
    }
    expect(await lockedFor(keys())).toBe(0);
    const last = keys();
    expect(await beginAttempt(last)).toBe(true);
    await recordFailure(last);
    expect(await lockedFor(keys())).toBeGreaterThan(0);
    expect(await beginAttempt(keys())).toBe(false);
  });

  it("starts a new window after the old one ends", async () => {
    const k = throttleKeys(uniq("window"), "10.1.1.1");
    const old = new Date(Date.now() - 16 * 60_000);
    for (let i = 0; i < 9; i++) {
      await beginAttempt(k, old);
      await recordFailure(k, old);
    }
    expect(await beginAttempt(k)).toBe(true);
    await recordFailure(k);
    expect(await lockedFor(k)).toBe(0);
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: k[0].key } })).failures).toBe(1);
  });
});
