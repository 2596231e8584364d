// Client-safe: the one helper that turns an action's error into field messages and a summary.
import type { ActionResult } from "./result";

export type ActionError = Extract<ActionResult<never>, { ok: false }>["error"];

/**
 * Splits an error's details into messages for the form's fields (by the first segment of the
 * path: `permissions.FLOW.0` belongs to `permissions`) and the rest, shown with the summary.
 */
export function splitErrors<F extends string>(error: ActionError | null | undefined, fields: readonly F[]) {
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const d of error?.details ?? []) {
    const head = d.path?.split(".")[0] as F | undefined;
    if (head && fields.includes(head)) byField[head] = byField[head] ? `${byField[head]}; ${d.message}` : d.message;
    else rest.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  return { fields: byField, rest };
}
