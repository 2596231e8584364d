import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { LOCK_MS, lockedFor, recordFailure, throttleKeys } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { PASSWORD, makeUser, uniq } from "./helpers";

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const signIn = (username: string, password: string, ip: string) =>
  authorize({ username, password }, { headers: { "x-forwarded-for": ip } });

describe("sign-in throttling", () => {
  it("locks a username after 10 failures, even for the right password, and not forever", async () => {
    const u = await makeUser();
    const ip = `10.9.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < 9; i++) expect(await signIn(u.username, "wrong-password", ip)).toBeNull();
    expect(await lockedFor(throttleKeys(u.username, ip))).toBe(0);
    expect(await signIn(u.username, "wrong-password", ip)).toBeNull();
    const wait = await lockedFor(throttleKeys(u.username, ip));
    expect(wait).toBeGreaterThan(LOCK_MS / 1000 - 5);
    expect(wait).toBeLessThanOrEqual(LOCK_MS / 1000);
    // locked: the right password does not get in, from another address either
    expect(await signIn(u.username, PASSWORD, "10.200.0.1")).toBeNull();
    // the lock ends by itself
    const later = new Date(Date.now() + LOCK_MS + 1000);
    expect(await lockedFor(throttleKeys(u.username, ip), later)).toBe(0);
    await db.loginThrottle.update({ where: { key: throttleKeys(u.username, ip).user }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await signIn(u.username, PASSWORD, ip)).toMatchObject({ email: u.username });
    // and a success clears the username's count
    expect(await db.loginThrottle.findUnique({ where: { key: throttleKeys(u.username, ip).user } })).toBeNull();
  });

  it("counts per address too, across usernames", async () => {
    const ip = `10.77.${Math.floor(Math.random() * 250)}.9`;
    const keys = () => throttleKeys(uniq("nobody"), ip);
    for (let i = 0; i < 49; i++) await recordFailure(keys());
    expect(await lockedFor(keys())).toBe(0);
    await recordFailure(keys());
    expect(await lockedFor(keys())).toBeGreaterThan(0);
  });

  it("starts a new window after the old one ends", async () => {
    const k = throttleKeys(uniq("window"), "10.1.1.1");
    const old = new Date(Date.now() - 16 * 60_000);
    for (let i = 0; i < 9; i++) await recordFailure(k, old);
    await recordFailure(k);
    expect(await lockedFor(k)).toBe(0);
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: k.user } })).failures).toBe(1);
  });
});
