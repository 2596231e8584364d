import { AppError } from "../../errors";
import { assertAllowed } from "../../namespaces/chain";
import { text } from "./props";
import { TaskFailure, type RunnerContext } from "./types";

/**
 * The namespace a KV task works in: its `namespace` property or the flow's. Another namespace must
 * allow the flow's (SPEC §6); a refusal fails the task with the reason.
 */
export async function kvNamespace(ctx: RunnerContext): Promise<string> {
  const namespace = text(ctx.props, "namespace") || ctx.flow.namespace;
  if (namespace !== ctx.flow.namespace) {
    try {
      await assertAllowed(ctx.db, namespace, ctx.flow.namespace);
    } catch (e) {
      throw asFailure(e);
    }
  }
  return namespace;
}

/** A domain refusal (422, 404, 409, 403) as the task's failure, with its message and details. */
export function asFailure(e: unknown): unknown {
  if (!(e instanceof AppError)) return e;
  const details = e.details.map((d) => d.message).join("; ");
  return new TaskFailure(details ? `${e.message}: ${details}` : e.message);
}
