import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { Actor } from "../authz/actor";
import { type TenantContext, tenantContext } from "../authz/context";
import { sessionActor } from "../auth/actor";
import { AppError, forbidden, invalid, isAppError, unauthorized, zodDetails } from "../errors";
import type { ActionResult } from "./result";

function failure(e: unknown): ActionResult<never> {
  if (isAppError(e)) return { ok: false, error: { status: e.status, code: e.code, message: e.message, details: e.details } };
  console.error("unexpected error in server action:", e instanceof Error ? e.stack : e);
  return { ok: false, error: { status: 500, code: "INTERNAL", message: "Something went wrong", details: [] } };
}

/** Server actions must come from our own pages: refuse a cross-origin call outright. */
async function checkOrigin() {
  const h = await headers();
  const origin = h.get("origin");
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (origin && host && new URL(origin).host !== host) throw forbidden("Cross-origin request refused");
}

/** The server-action choke point: origin check, session, zod-validated input, typed result. */
export function action<S extends z.ZodType, T>(schema: S, handler: (input: z.infer<S>, actor: Actor) => Promise<T>) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      await checkOrigin();
      const actor = await sessionActor("browser");
      if (!actor) throw unauthorized();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw invalid("Invalid input", zodDetails(parsed.error.issues));
      return { ok: true, data: await handler(parsed.data, actor) };
    } catch (e) {
      return failure(e);
    }
  };
}

/**
 * Like action, for an input naming its tenant: the tenant is opened through the authorization
 * module and the handler gets its context (`ctx.db` bound to the tenant).
 */
export function tenantAction<S extends z.ZodType<{ tenant: string }>, T>(
  schema: S,
  handler: (input: z.infer<S>, ctx: TenantContext) => Promise<T>,
) {
  return action(schema, async (input, actor) => {
    const ctx = await tenantContext(actor, input.tenant);
    return handler(input, ctx);
  });
}

export { AppError };
