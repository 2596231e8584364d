import "server-only";
import type { Actor } from "../authz/actor";
import { type TenantContext, credentialContext } from "../authz/context";
import { NAMESPACED_PERMISSIONS } from "../authz/permissions";
import { requestActor, requestCredential } from "../auth/actor";
import { runInTenant } from "../tenant-scope";
import { forbidden, notFound, unauthorized } from "../errors";
import { refuseCrossSite } from "./origin";
import { errorResponse } from "./respond";
import { type RouteKey, type RouteSpec, routeActions, routeSpec } from "./routes";

type RouteArgs<P> = { params: Promise<P> };
type Handler<P, C> = (req: Request, c: C & { params: P; route: RouteSpec }) => Promise<Response | unknown>;

function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  return Response.json(result, { status });
}

/**
 * The route-handler edge for instance-level routes: the route's declaration from the route list,
 * cross-site refusal for cookie-authenticated writes, authentication, parameters checked once,
 * errors mapped to the JSON error shape.
 */
export function withActor<P>(key: RouteKey, handler: Handler<P, { actor: Actor }>, opts: { status?: number } = {}) {
  const route = routeSpec(key);
  return async (req: Request, args: RouteArgs<P>) => {
    try {
      // Next.js hands a route its parameters decoded once: they are used as they are, never decoded again
      const params = await args.params;
      refuseCrossSite(req, route);
      const actor = await requestActor(req);
      if (!actor) throw unauthorized();
      return toResponse(await handler(req, { actor, params, route }), opts.status ?? 200);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/**
 * The route's declared permission, checked before any work: in the URL's namespace when the
 * route has one (404 when the caller may not even read there, 403 naming what is missing), else
 * tenant-wide for tenant-level permissions. Writes without a namespace in the URL (the namespace
 * comes from the body) need the permission somewhere; the domain function then checks the
 * namespace the data names. Lists filter by permission in their query.
 */
export function enforceRoute(ctx: TenantContext, route: RouteSpec, params: Record<string, unknown>) {
  const permission = route.permission;
  if (!permission) return;
  const actions = routeActions(route);
  const namespace = typeof params.namespace === "string" ? params.namespace : undefined;
  const missing = `Missing permission ${permission}:${actions.join(" or ")}`;
  const namespaced = NAMESPACED_PERMISSIONS.includes(permission) && !route.tenantWide;
  if (namespaced && namespace !== undefined) {
    if (actions.some((a) => ctx.can(permission, a, namespace))) return;
    if (!ctx.can(permission, "READ", namespace)) throw notFound();
    // which of an upsert's actions is needed depends on the data: the domain function names it
    if (actions.length > 1) return;
    throw forbidden(`${missing} in namespace ${namespace}`);
  }
  if (namespaced) {
    if (route.method === "GET" || actions.some((a) => ctx.canSomewhere(permission, a))) return;
    throw forbidden(`${missing} in any namespace`);
  }
  if (!actions.some((a) => ctx.can(permission, a))) throw forbidden(missing);
}

/**
 * Like withActor, then opens the URL's tenant through the authorization module (404 if not theirs),
 * enforces the route's declared permission, and runs the handler in that tenant's database scope
 * (row-level security on PostgreSQL). Authentication and the tenant are one statement (the gate).
 */
export function withTenant<P extends { tenant: string }>(
  key: RouteKey,
  handler: Handler<P, { actor: Actor; ctx: TenantContext }>,
  opts: { status?: number } = {},
) {
  const route = routeSpec(key);
  return async (req: Request, args: RouteArgs<P>) => {
    try {
      const params = await args.params;
      refuseCrossSite(req, route);
      const credential = await requestCredential(req);
      if (!credential) throw unauthorized();
      const ctx = await credentialContext(credential, params.tenant);
      enforceRoute(ctx, route, params);
      const result = await runInTenant(ctx.tenantId, () => handler(req, { actor: ctx.actor, ctx, params, route }));
      return toResponse(result, opts.status ?? 200);
    } catch (e) {
      return errorResponse(e);
    }
  };
}
