import "server-only";
import { notFound, redirect } from "next/navigation";
import type { Actor } from "../authz/actor";
import { type TenantContext, credentialContext } from "../authz/context";
import { isAppError } from "../errors";
import { enterTenantScope } from "../tenant-scope";
import { pageCredential, sessionActor } from "./actor";

/** The signed-in user of a page, or a redirect to the sign-in page. */
export async function pageActor(): Promise<Actor> {
  const actor = await sessionActor("browser");
  if (!actor) redirect("/login");
  return actor;
}

/**
 * A page's tenant through the authorization module: not found, deleted, not served or not theirs
 * is a 404. The rest of the page's rendering reads in that tenant's database scope.
 */
export async function pageTenant(tenant: string): Promise<TenantContext> {
  // before the first await, so that the calling page component runs in the scope
  const enterTenant = enterTenantScope();
  const credential = await pageCredential("browser");
  if (!credential) redirect("/login");
  try {
    // the session and the tenant in one statement: a session that no longer holds signs in again
    const ctx = await credentialContext(credential, tenant);
    enterTenant(ctx.tenantId);
    return ctx;
  } catch (e) {
    if (isAppError(e) && e.status === 404) notFound();
    if (isAppError(e) && e.status === 401) redirect("/login");
    throw e;
  }
}

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
