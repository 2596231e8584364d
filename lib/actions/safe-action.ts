import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { Actor } from "../authz/actor";
import { type TenantContext, authenticate, credentialContext } from "../authz/context";
import type { Credential } from "../authz/gate";
import { pageCredential } from "../auth/actor";
import { AppError, forbidden, invalid, isAppError, unauthorized, zodDetails } from "../errors";
import { enforcePermission } from "../authz/enforce";
import type { Action } from "../authz/permissions";
import { namespaceSchema } from "../namespaces/schemas";
import { ACTION_SPECS, type ActionKey, type ActionSpec, type InstanceActionKey, type TenantActionKey, type TenantActionSpec } from "./specs";
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

const declared = new WeakMap<object, ActionKey>();

/** The declaration an exported server action was built with (for the tests that enumerate them). */
export function declarationOf(fn: unknown): { key: ActionKey; spec: ActionSpec } | undefined {
  const key = typeof fn === "function" ? declared.get(fn) : undefined;
  return key && { key, spec: ACTION_SPECS[key] };
}

/**
 * The one edge of server actions: origin check, the session's credential (read from the cookie,
 * no statement), zod-validated input, then the handler, which checks the credential (with the
 * tenant, in one statement: the gate). An ended session is refused as such (401) before its input
 * is judged.
 */
function edge<S extends z.ZodType, T>(key: ActionKey, schema: S, handler: (input: z.infer<S>, credential: Credential) => Promise<T>) {
  if (!ACTION_SPECS[key]) throw new Error(`${key} is not in the server action list (lib/actions/specs.ts)`);
  const run = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      await checkOrigin();
      const credential = await pageCredential("browser");
      if (!credential) throw unauthorized();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        if (!(await authenticate(credential))) throw unauthorized();
        throw invalid("Invalid input", zodDetails(parsed.error.issues));
      }
      return { ok: true, data: await handler(parsed.data, credential) };
    } catch (e) {
      return failure(e);
    }
  };
  declared.set(run, key);
  return run;
}

/**
 * The server-action choke point for an action outside any tenant's permissions (instance
 * administration, the caller's own things; see its declaration in lib/actions/specs.ts): origin
 * check, session, zod-validated input, typed result. The domain function decides who may.
 */
export function action<S extends z.ZodType, T>(
  key: InstanceActionKey,
  schema: S,
  handler: (input: z.infer<S>, actor: Actor) => Promise<T>,
) {
  return edge(key, schema, async (input, credential) => {
    const actor = await authenticate(credential);
    if (!actor) throw unauthorized();
    return handler(input, actor);
  });
}

/** The namespace an input names for its declaration: a valid name, null for the tenant level, else undefined (the data names it). */
function namespaceOf(spec: TenantActionSpec, input: Record<string, unknown>): string | null | undefined {
  if (!spec.namespaceField) return undefined;
  const value = input[spec.namespaceField];
  if (value === null) return null;
  return namespaceSchema.safeParse(value).success ? (value as string) : undefined;
}

/**
 * Like action, for an input naming its tenant: the tenant is opened through the authorization
 * module (404 if not theirs; the session and the tenant in one statement, the gate), the permission declared for the action in lib/actions/specs.ts is
 * enforced before any work, with the rules of the API routes, and the handler gets its context
 * (`ctx.db` bound to the tenant). Domain functions still check the namespace the data names.
 */
export function tenantAction<S extends z.ZodType<{ tenant: string }>, T>(
  key: TenantActionKey,
  schema: S,
  handler: (input: z.infer<S>, ctx: TenantContext) => Promise<T>,
) {
  const spec = ACTION_SPECS[key] as TenantActionSpec;
  return edge(key, schema, async (input, credential) => {
    const ctx = await credentialContext(credential, input.tenant);
    enforcePermission(ctx, {
      permission: spec.permission,
      actions: ([] as Action[]).concat(spec.action),
      tenantWide: spec.tenantWide,
      namespace: namespaceOf(spec, input as Record<string, unknown>),
    });
    return handler(input, ctx);
  });
}

export { AppError };
