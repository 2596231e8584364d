// The client side of server actions: a failed ActionResult becomes a thrown ActionError (so
// TanStack Query sees a failed mutation), and formErrors puts that error where the user looks.
import type { z } from "zod";
import type { ActionFailure, ActionResult } from "./result";

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

export type FormErrors<F extends string> = { fields: Partial<Record<F, string>>; message: string | null };

const UNEXPECTED = "Something went wrong. Check your connection and try again.";

/**
 * Each error detail goes to the field its path names; `at` sends a whole error of one status to a
 * field (a duplicate id to the id field); what no field takes becomes the form's message.
 */
export function formErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  at: Partial<Record<number, F>> = {},
): FormErrors<F> {
  if (!(error instanceof ActionError)) return { fields: {}, message: UNEXPECTED };
  const { status, message, details } = error.failure;
  const out: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const d of details) {
    const field = d.path?.split(".")[0] as F | undefined;
    if (field && fields.includes(field)) out[field] ??= d.message;
    else rest.push(d.message);
  }
  const target = at[status];
  if (target && !out[target]) out[target] = message;
  if (Object.keys(out).length === 0) return { fields: out, message };
  return { fields: out, message: rest.length ? rest.join("; ") : null };
}

/** The message to show for a failed action that has no form around it. */
export function errorMessage(error: unknown): string {
  return error instanceof ActionError ? error.failure.message : UNEXPECTED;
}

/** The first problem a schema finds with one field's value, for validation while typing. */
export function fieldError(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Invalid value");
}
