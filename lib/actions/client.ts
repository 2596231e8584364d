// The one client-side helper for server actions' errors. A failed ActionResult becomes a thrown
// ActionError (unwrap), so TanStack Query and plain `try`/`catch` both see a failure; anything
// else thrown (the server unreachable) becomes one generic failure (failureOf). From there an
// error goes to the form's fields (formErrors, splitErrors) or to one message (errorMessage).
import type { z } from "zod";
import type { ActionFailure, ActionResult } from "./result";

export type { ActionFailure };

export class ActionError extends Error {
  constructor(readonly failure: ActionFailure) {
    super(failure.message);
    this.name = "ActionError";
  }
}

export function unwrap<T>(result: ActionResult<T>): T {
  if (result.ok) return result.data;
  throw new ActionError(result.error);
}

const UNEXPECTED = "Something went wrong. Check your connection and try again.";

/** What a failed call says: the action's own failure, or a generic one for anything else (never its internals). */
export function failureOf(error: unknown): ActionFailure {
  if (error instanceof ActionError) return error.failure;
  if (isFailure(error)) return error;
  return { status: 0, code: "NETWORK", message: UNEXPECTED, details: [] };
}

/** An action's failure itself (as useAction hands it over). */
function isFailure(e: unknown): e is ActionFailure {
  if (typeof e !== "object" || e === null || e instanceof Error) return false;
  const f = e as Partial<ActionFailure>;
  return typeof f.status === "number" && typeof f.code === "string" && typeof f.message === "string" && Array.isArray(f.details);
}

/**
 * The message to show for a failed action that has no form around it; `byStatus` replaces the
 * message of some statuses with the page's own words (a stale version, a missing permission).
 */
export function errorMessage(error: unknown, byStatus: Partial<Record<number, string>> = {}): string {
  const failure = failureOf(error);
  return byStatus[failure.status] ?? failure.message;
}

/**
 * Splits a failure's details into messages for the form's fields (by the first segment of the
 * path: `permissions.FLOW.0` belongs to `permissions`; several join with "; ") and the rest,
 * shown with the summary (with their path, when they have one).
 */
export function splitErrors<F extends string>(error: ActionFailure | null | undefined, fields: readonly F[]) {
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const d of error?.details ?? []) {
    const head = d.path?.split(".")[0] as F | undefined;
    if (head && fields.includes(head)) byField[head] = byField[head] ? `${byField[head]}; ${d.message}` : d.message;
    else rest.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  return { fields: byField, rest };
}

export type FormErrors<F extends string> = { fields: Partial<Record<F, string>>; message: string | null };

/**
 * A form's view of an error: each detail at the field its path names (splitErrors); `at` sends a
 * whole error of one status to a field (a duplicate id to the id field); what no field takes
 * becomes the form's message.
 */
export function formErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  at: Partial<Record<number, F>> = {},
): FormErrors<F> {
  if (!(error instanceof ActionError)) return { fields: {}, message: UNEXPECTED };
  const { status, message } = error.failure;
  const { fields: out, rest } = splitErrors(error.failure, fields);
  const target = at[status];
  if (target && !out[target]) out[target] = message;
  if (Object.keys(out).length === 0) return { fields: out, message };
  return { fields: out, message: rest.length ? rest.join("; ") : null };
}

/** The first problem a schema finds with one field's value, for validation while typing. */
export function fieldError(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Invalid value");
}
