import crypto from "node:crypto";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { userActor } from "@/lib/authz/actor";
import { db } from "@/lib/db";
import { createTenant } from "@/lib/tenants/tenants";
import { createToken } from "@/lib/tokens/tokens";
import { createUser } from "@/lib/users/users";

export const uniq = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString("hex")}`;

export const PASSWORD = "correct-horse-battery";

export async function makeUser(opts: { superadmin?: boolean; canCreateTenant?: boolean; name?: string } = {}) {
  const user = await createUser(cliActor(), {
    username: `${opts.name ?? uniq("user")}@example.com`,
    password: PASSWORD,
    superadmin: opts.superadmin,
  });
  if (opts.canCreateTenant) await db.user.update({ where: { id: user.id }, data: { canCreateTenant: true } });
  return { ...user, canCreateTenant: !!opts.canCreateTenant || user.canCreateTenant };
}

export type TestUser = Awaited<ReturnType<typeof makeUser>>;

export const actorOf = (u: TestUser) => userActor(u, "api");

/** A fresh tenant whose Admin is `admin` (or nobody). */
export async function makeTenant(admin?: TestUser, id = uniq("t")) {
  return createTenant(cliActor(), { id, name: `Tenant ${id}` }, { adminUserId: admin?.id });
}

export async function ctxOf(u: TestUser, tenantId: string): Promise<TenantContext> {
  return tenantContext(actorOf(u), tenantId);
}

export async function tokenOf(u: TestUser) {
  return (await createToken(cliActor(), u.id, { name: "test" })).token;
}

/** A next-auth session cookie for a user, as the browser would send it (of the user's current session version). */
export async function sessionCookie(u: TestUser) {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: u.id }, select: { sessionVersion: true } });
  const value = await encode({ token: { sub: u.id, sv: sessionVersion }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${value}`;
}

type Auth = { token?: string; cookie?: string };

/** Builds a request for calling a route handler in-process. */
export function request(method: string, path: string, opts: Auth & { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.cookie) headers.set("cookie", opts.cookie);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new NextRequest(new URL(path, "http://localhost"), { method, headers, body });
}

/** Calls a route handler with its params, returning status and parsed JSON. */
export async function call<P>(
  handler: (req: Request, args: { params: Promise<P> }) => Promise<Response>,
  req: Request,
  params: P = {} as P,
) {
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json: json as any, headers: res.headers, text };
}
