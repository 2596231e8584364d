import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "../authz/actor";
import { type TenantContext, credentialContext } from "../authz/context";
import { enforcePermission } from "../authz/enforce";
import type { Action, Permission } from "../authz/permissions";
import { isAppError } from "../errors";
import { pageCredential, sessionActor } from "./actor";

/** The signed-in user of a page, or a redirect to the sign-in page. */
export async function pageActor(): Promise<Actor> {
  const actor = await sessionActor("browser");
  if (!actor) redirect("/login");
  return actor;
}

/**
 * What a page needs, declared where it enters: a permission and action (READ by default) in the
 * page's namespace when it shows one thing of a namespace, else tenant-wide for tenant-level
 * permissions (and for a namespaced one with `tenantWide`), else somewhere in the tenant. A list
 * page whose content is filtered by permission in its query declares none.
 */
export type PageNeed = { permission: Permission; action?: Action; namespace?: string; tenantWide?: boolean };

/** A page's tenant context; `refused` names the declared permission the caller lacks (the page says so). */
export type PageContext = TenantContext & { refused: `${Permission}:${Action}` | null };

/**
 * A page's tenant through the authorization module: not found, deleted, not served or not theirs
 * is a 404. With a declaration, its permission is enforced as the API routes' and the server
 * actions' are (lib/authz/enforce.ts): in a namespace the caller may not even read, the page is
 * not found; otherwise the page gets `refused` and shows what is missing, as the tenant is theirs.
 * The page reads through lib/<domain> functions given the context (`ctx.db` bound to the tenant).
 */
export async function pageTenant(tenant: string): Promise<TenantContext>;
export async function pageTenant(tenant: string, need: PageNeed): Promise<PageContext>;
export async function pageTenant(tenant: string, need?: PageNeed): Promise<TenantContext | PageContext> {
  let ctx: TenantContext | null;
  try {
    ctx = await requestTenant(tenant);
  } catch (e) {
    if (isAppError(e) && e.status === 404) notFound();
    if (isAppError(e) && e.status === 401) redirect("/login");
    throw e;
  }
  if (!ctx) redirect("/login");
  if (!need) return ctx;
  const action = need.action ?? "READ";
  try {
    enforcePermission(ctx, { permission: need.permission, actions: [action], namespace: need.namespace, tenantWide: need.tenantWide });
    return { ...ctx, refused: null };
  } catch (e) {
    if (isAppError(e) && e.status === 404) notFound();
    if (isAppError(e) && e.status === 403) return { ...ctx, refused: `${need.permission}:${action}` as const };
    throw e;
  }
}

/**
 * The session and the tenant in one statement (a session that no longer holds signs in again),
 * read once per server render: the tenant's layout and its page share it (React's request-scoped
 * cache; a server action or a route handler reads it afresh). Null when nobody is signed in.
 */
const requestTenant = cache(async (tenant: string): Promise<TenantContext | null> => {
  const credential = await pageCredential("browser");
  return credential && credentialContext(credential, tenant);
});

/** Runs a page's data read; a domain 404 becomes the not-found page. */
export async function orNotFound<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  }
}

/**
 * An instance-administration page's data: refused (403) and absent (404, e.g. multi-tenancy off)
 * both give the not-found page, so the page does not reveal itself to those who may not use it.
 */
export async function instancePage<T>(read: (actor: Actor) => Promise<T>): Promise<{ actor: Actor; data: T }> {
  const actor = await pageActor();
  try {
    return { actor, data: await read(actor) };
  } catch (e) {
    if (isAppError(e) && (e.status === 403 || e.status === 404)) notFound();
    throw e;
  }
}
