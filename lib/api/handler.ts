import "server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { type TenantContext, authenticate, credentialContext } from "../authz/context";
import type { Credential } from "../authz/gate";
import { enforcePermission } from "../authz/enforce";
import { requestCredential } from "../auth/actor";
import { config } from "../config";
import { badRequest, forbidden, invalid, notFound, preconditionRequired, unauthorized, zodDetails } from "../errors";
import { MAX_BODY_BYTES, readBody, readText, readUpload } from "./body";
import { ifMatchVersion } from "./etag";
import { readFlowSource } from "./flow-io";
import { readInputsBody } from "./inputs-body";
import { refuseCrossSite } from "./origin";
import { errorResponse } from "./respond";
import { type BodyOf, type ParamsOf, type RouteKey, type RouteOf, type RouteSpec, routeActions, routeSpec } from "./routes";

type RouteArgs = { params: Promise<Record<string, string | string[]>> };

/** What a handler receives besides the request: everything the route declared, checked and parsed. */
export type Edge<K extends RouteKey> = {
  actor: Actor;
  route: RouteSpec;
  params: ParamsOf<RouteOf<K>>;
  body: BodyOf<RouteOf<K>>;
  /** the version named in If-Match (routes that declare `ifMatch`; required ones never see undefined) */
  ifMatch: number | undefined;
};
type Handler<K extends RouteKey, C> = (req: Request, c: Edge<K> & C) => Promise<Response | unknown>;

function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  return Response.json(result, { status });
}

/**
 * Path parameters as Next.js hands them, decoded exactly once (a path whose percent-encoding is
 * broken never reaches a handler: proxy.ts and next.config.js answer it 400). Each must be a
 * string, the catch-all a list of strings; nothing decodes them again.
 */
function decodedParams(route: RouteSpec, raw: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
    const value = raw[route.folders?.[name] ?? name];
    const ok = name === "path" ? Array.isArray(value) && value.every((s) => typeof s === "string") : typeof value === "string";
    if (!ok) throw badRequest(`The path parameter ${name} is missing or malformed`, [{ path: name, message: "malformed" }]);
    out[name] = value as string | string[];
  }
  return out;
}

/** The route's declared parameter rules: a well-formed URL that breaks one is 422, like any rule. */
function parsedParams(route: RouteSpec, params: Record<string, string | string[]>) {
  if (!route.params) return params;
  const parsed = z.object(route.params).safeParse(params);
  if (!parsed.success) {
    const details = zodDetails(parsed.error.issues);
    throw invalid(details[0]?.message ?? "Invalid path parameter", details);
  }
  return { ...params, ...parsed.data };
}

/** The declared body, streamed with its size limit, parsed and validated. */
async function declaredBody(req: Request, route: RouteSpec): Promise<unknown> {
  if (route.body === undefined) return undefined;
  if (route.body === "yaml") return readFlowSource(req);
  if (route.body === "binary") return readUpload(req, route.bodyLimit ?? config().maxFileSize);
  if (route.body === "inputs") return readInputsBody(req);
  if (route.body === "text") return readText(req, route.bodyLimit ?? MAX_BODY_BYTES);
  return readBody(req, route.body, route.bodyLimit ?? MAX_BODY_BYTES);
}

/** If-Match as the route declares it: 428 when required and absent, before the body is read. */
function declaredIfMatch(req: Request, route: RouteSpec): number | undefined {
  if (!route.ifMatch) return undefined;
  const version = ifMatchVersion(req);
  if (version === undefined && route.ifMatch === "required") {
    throw preconditionRequired('Send If-Match: "<revision>" naming the revision your change is based on');
  }
  return version;
}

/** Who calls, and for a tenant route its context: one statement (lib/authz/gate.ts). */
type Gate = (req: Request, credential: Credential, params: Record<string, string | string[]>) => Promise<{ actor: Actor; ctx?: TenantContext }>;

/** The one edge: declaration, parameters, cross-site refusal, authentication, the gate, If-Match, body. */
function edge<K extends RouteKey, C>(key: K, gate: Gate, run: (req: Request, e: Edge<K>, ctx: TenantContext | undefined) => Promise<unknown>, status?: number) {
  const route: RouteSpec = routeSpec(key);
  const success = status ?? (route.creates ? 201 : route.accepted ? 202 : 200);
  return async (req: Request, args: RouteArgs): Promise<Response> => {
    try {
      const raw = decodedParams(route, await args.params);
      refuseCrossSite(req, route);
      const credential = await requestCredential(req);
      if (!credential) throw unauthorized();
      const { actor, ctx } = await gate(req, credential, raw);
      const params = parsedParams(route, raw) as Edge<K>["params"];
      const ifMatch = declaredIfMatch(req, route);
      const body = (await declaredBody(req, route)) as Edge<K>["body"];
      return toResponse(await run(req, { actor, route, params, body, ifMatch }, ctx), success);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/**
 * The route-handler edge for instance-level routes: the route's declaration from the route list,
 * cross-site refusal for cookie-authenticated writes, authentication, parameters and body checked
 * once, errors mapped to the JSON error shape.
 */
export function withActor<K extends RouteKey>(key: K, handler: Handler<K, object>, opts: { status?: number } = {}) {
  return edge<K, object>(
    key,
    async (_req, credential) => {
      const actor = await authenticate(credential);
      if (!actor) throw unauthorized();
      return { actor };
    },
    (req, e) => handler(req, e),
    opts.status,
  );
}

/**
 * The route's declared permission, checked before any work: in the URL's namespace when the
 * route has one (404 when the caller may not even read there, 403 naming what is missing), else
 * tenant-wide for tenant-level permissions. Writes without a namespace in the URL (the namespace
 * comes from the body) need the permission somewhere; the domain function then checks the
 * namespace the data names. Lists filter by permission in their query.
 */
export function enforceRoute(ctx: TenantContext, route: RouteSpec, params: Record<string, unknown>) {
  if (!route.permission) return;
  enforcePermission(ctx, {
    permission: route.permission,
    actions: routeActions(route),
    tenantWide: route.tenantWide,
    namespace: typeof params.namespace === "string" ? params.namespace : undefined,
    read: route.method === "GET",
  });
}

/**
 * Like withActor, then opens the URL's tenant through the authorization module (404 if not theirs)
 * and enforces the route's declared permission before the parameters' rules and the body are
 * looked at; authentication and the tenant are one statement (the gate). The handler gets the
 * context, whose `ctx.db` is bound to the tenant (and to its row-level-security scope on PostgreSQL).
 */
export function withTenant<K extends RouteKey>(key: K, handler: Handler<K, { ctx: TenantContext }>, opts: { status?: number } = {}) {
  return edge<K, { ctx: TenantContext }>(
    key,
    async (_req, credential, params) => {
      const ctx = await credentialContext(credential, params.tenant as string);
      enforceRoute(ctx, routeSpec(key), params);
      return { actor: ctx.actor, ctx };
    },
    (req, e, ctx) => handler(req, { ...e, ctx: ctx! }),
    opts.status,
  );
}
