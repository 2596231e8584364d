import { AsyncLocalStorage } from "node:async_hooks";

// The tenant whose data the current request works on, for PostgreSQL's row-level security
// (lib/db.ts sets it in every transaction). Entered only by the authorization choke points
// (withTenant, tenantAction, pageTenant, the CLI) once tenantContext has opened the tenant.
// Outside a scope, queries run as the connection's own role: instance-level work (bootstrap,
// tenant administration, sign-in, tenantContext itself) reads across tenants on purpose.

type Scope = { tenantId: string | null };

const g = globalThis as unknown as { __tenantflowScope?: AsyncLocalStorage<Scope> };
const storage = (g.__tenantflowScope ??= new AsyncLocalStorage<Scope>());

// Prisma's queries are lazy: they run when awaited. Awaiting inside the scope makes a query that
// `fn` merely returns run in the scope too.
const within = <T>(scope: Scope, fn: () => T | PromiseLike<T>): Promise<T> => storage.run(scope, async () => await fn());

/** Runs `fn` (and everything it awaits) inside one tenant's scope. */
export function runInTenant<T>(tenantId: string, fn: () => T | PromiseLike<T>): Promise<T> {
  return within({ tenantId }, fn);
}

/**
 * For a page, whose rendering cannot be wrapped: enters an empty scope in the caller's own
 * execution context (before any await, so the caller sees it) and returns a setter that fills
 * it once the tenant is opened.
 */
export function enterTenantScope(): (tenantId: string) => void {
  const scope: Scope = { tenantId: null };
  storage.enterWith(scope);
  return (tenantId) => {
    scope.tenantId = tenantId;
  };
}

/** Explicit instance-level work inside a tenant's scope: the caller reads across tenants. */
export function outsideTenantScope<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  return within({ tenantId: null }, fn);
}

export function currentTenantScope(): string | null {
  return storage.getStore()?.tenantId ?? null;
}
