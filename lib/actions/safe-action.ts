import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { Actor } from "../authz/actor";
import { type TenantContext, authenticate, credentialContext } from "../authz/context";
import { pageCredential, sessionActor } from "../auth/actor";
import { AppError, forbidden, invalid, isAppError, unauthorized, zodDetails } from "../errors";
import { runInTenant } from "../tenant-scope";
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
 * Like action, for an input naming its tenant: the session and the tenant are checked by one
 * statement (the gate) and the handler runs in the tenant's database scope.
 */
export function tenantAction<S extends z.ZodType<{ tenant: string }>, T>(
  schema: S,
  handler: (input: z.infer<S>, ctx: TenantContext) => Promise<T>,
) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      await checkOrigin();
      const credential = await pageCredential("browser");
      if (!credential) throw unauthorized();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        // an ended session is refused as such before its input is judged, as in action()
        if (!(await authenticate(credential))) throw unauthorized();
        throw invalid("Invalid input", zodDetails(parsed.error.issues));
      }
      const ctx = await credentialContext(credential, parsed.data.tenant);
      return { ok: true, data: await runInTenant(ctx.tenantId, () => handler(parsed.data, ctx)) };
    } catch (e) {
      return failure(e);
    }
  };
}

export { AppError };
