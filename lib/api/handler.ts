import "server-only";
import type { Actor } from "../authz/actor";
import { type TenantContext, tenantContext } from "../authz/context";
import { requestActor } from "../auth/actor";
import { runInTenant } from "../tenant-scope";
import { unauthorized } from "../errors";
import { errorResponse } from "./respond";

type RouteArgs<P> = { params: Promise<P> };
type Handler<P, C> = (req: Request, c: C & { params: P }) => Promise<Response | unknown>;

function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  return Response.json(result, { status });
}

/** The route-handler choke point: authenticates the caller (session or bearer token), maps errors. */
export function withActor<P>(handler: Handler<P, { actor: Actor }>, opts: { status?: number } = {}) {
  return async (req: Request, args: RouteArgs<P>) => {
    try {
      const actor = await requestActor(req);
      if (!actor) throw unauthorized();
      const params = await args.params;
      return toResponse(await handler(req, { actor, params }), opts.status ?? 200);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/**
 * Like withActor, then opens the URL's tenant through the authorization module (404 if not theirs)
 * and runs the handler in that tenant's database scope (row-level security on PostgreSQL).
 */
export function withTenant<P extends { tenant: string }>(
  handler: Handler<P, { actor: Actor; ctx: TenantContext }>,
  opts: { status?: number } = {},
) {
  return withActor<P>(async (req, { actor, params }) => {
    const ctx = await tenantContext(actor, params.tenant);
    return runInTenant(ctx.tenantId, () => handler(req, { actor, ctx, params }));
  }, opts);
}
