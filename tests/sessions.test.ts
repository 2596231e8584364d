import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { POST as disable } from "@/app/api/v1/admin/users/[username]/disable/route";
import { POST as enable } from "@/app/api/v1/admin/users/[username]/enable/route";
import { GET as me } from "@/app/api/v1/me/route";
import { PEER_HEADER } from "@/lib/auth/client-address";
import { authOptions } from "@/lib/auth/options";
import { cliActor } from "@/lib/authz/actor";
import { db } from "@/lib/db";
import { changeOwnPassword, resetPassword, setDisabled } from "@/lib/users/users";
import { PASSWORD, actorOf, call, makeUser, request, sessionCookie, tokenOf } from "./helpers";

// Sessions end on the server: a saved cookie stops working after sign-out, a password change, or
// the user being disabled, on the very next request.

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const peer = () => ({ headers: { [PEER_HEADER]: `10.66.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}` } });

/** Signs in as the browser does: the credentials, then next-auth's jwt callback, then the cookie. */
async function signInCookie(username: string, password = PASSWORD) {
  const user = await authorize({ username, password }, peer());
  if (!user) return null;
  const token = await authOptions.callbacks!.jwt!({ token: {}, user, trigger: "signIn" } as never);
  return `next-auth.session-token=${await encode({ token, secret: process.env.NEXTAUTH_SECRET! })}`;
}
const meWith = async (cookie: string) => (await call(me, request("GET", "/api/v1/me", { cookie }))).status;
const signOut = (cookie: string) => {
  // next-auth decodes the cookie and hands its token to the signOut event
  const token = cookie.slice(cookie.indexOf("=") + 1);
  return import("next-auth/jwt").then(async ({ decode }) =>
    authOptions.events!.signOut!({ token: (await decode({ token, secret: process.env.NEXTAUTH_SECRET! }))!, session: undefined as never }),
  );
};

describe("server-side session revocation", () => {
  it("ends a saved session cookie at sign-out, and every other session of the user", async () => {
    const u = await makeUser();
    const cookie = (await signInCookie(u.username))!;
    const laptop = (await signInCookie(u.username))!;
    expect(await meWith(cookie)).toBe(200);
    await signOut(cookie);
    expect(await meWith(cookie)).toBe(401);
    expect(await meWith(laptop)).toBe(401);
    // signing in again gives a working session
    expect(await meWith((await signInCookie(u.username))!)).toBe(200);
  });

  it("does not let an ended cookie sign the user out again", async () => {
    const u = await makeUser();
    const old = (await signInCookie(u.username))!;
    await signOut(old);
    const fresh = (await signInCookie(u.username))!;
    await signOut(old);
    expect(await meWith(fresh)).toBe(200);
  });

  it("ends the sessions at a password change, by the user or by a superadmin", async () => {
    const u = await makeUser();
    const cookie = (await signInCookie(u.username))!;
    const wrong = await changeOwnPassword(actorOf(u), "not-the-password", "a-new-password-1").catch((e) => e);
    expect(wrong).toMatchObject({ status: 422, details: [{ path: "current" }] });
    expect(await meWith(cookie)).toBe(200);
    await changeOwnPassword(actorOf(u), PASSWORD, "a-new-password-1");
    expect(await meWith(cookie)).toBe(401);
    expect(await signInCookie(u.username)).toBeNull();
    const next = (await signInCookie(u.username, "a-new-password-1"))!;
    expect(await meWith(next)).toBe(200);
    await resetPassword(cliActor(), u.username, "reset-by-admin-1");
    expect(await meWith(next)).toBe(401);
    const entries = await db.instanceAuditLog.findMany({ where: { resourceType: "USER", resourceId: u.username, action: "UPDATE" } });
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(`${e.before} ${e.after}`).not.toMatch(/a-new-password-1|reset-by-admin-1|\$2[aby]\$/);
  });

  it("ends the sessions and API tokens of a user a superadmin disables, through the API", async () => {
    const admin = await makeUser({ superadmin: true });
    const u = await makeUser();
    const cookie = (await signInCookie(u.username))!;
    const token = await tokenOf(u);
    const adminToken = await tokenOf(admin);
    expect(await meWith(cookie)).toBe(200);

    // only a superadmin may
    const refused = await call(disable, request("POST", "/", { token }), { username: admin.username });
    expect(refused.status).toBe(403);

    const res = await call(disable, request("POST", "/", { token: adminToken }), { username: u.username });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ username: u.username, disabled: true });
    expect(await meWith(cookie)).toBe(401);
    expect((await call(me, request("GET", "/api/v1/me", { token }))).status).toBe(401);
    expect(await signInCookie(u.username)).toBeNull();
    const audit = await db.instanceAuditLog.findFirst({ where: { resourceId: u.username, action: "UPDATE", after: { contains: "\"disabled\":true" } } });
    expect(audit?.actorName).toBe(admin.username);

    // enabled again: signing in works, the old cookie stays ended
    expect((await call(enable, request("POST", "/", { token: adminToken }), { username: u.username })).status).toBe(200);
    expect(await meWith(cookie)).toBe(401);
    expect(await meWith((await signInCookie(u.username))!)).toBe(200);
  });

  it("keeps a superadmin from disabling themselves or the last enabled superadmin", async () => {
    const admin = await makeUser({ superadmin: true });
    expect(await setDisabled(actorOf(admin), admin.username, true).catch((e) => e.status)).toBe(409);
    const others = await db.user.findMany({ where: { superadmin: true, disabled: false, id: { not: admin.id } }, select: { id: true } });
    await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabled: true } });
    try {
      expect(await setDisabled(cliActor(), admin.username, true).catch((e) => e.status)).toBe(409);
    } finally {
      await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabled: false } });
    }
  });
});
