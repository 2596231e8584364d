import { readKv } from "../hooks";
import { boolean, requiredText } from "./props";
import { asFailure, kvNamespace } from "./kv-common";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * kv.Get: `outputs.value`, the value of `key` as it was set (typed). In the flow's namespace the
 * nearest of its chain answers; missing: null, or a failure with `errorOnMissing: true`.
 */
export const kvGetTask: TaskRunner = async (ctx) => {
  const key = requiredText(ctx.props, "key");
  const namespace = await kvNamespace(ctx);
  let value: unknown;
  try {
    value = await readKv({ ctx: ctx.ctx, namespace: ctx.flow.namespace, flowId: ctx.flow.id, executionId: ctx.execution.id }, key, namespace);
  } catch (e) {
    throw asFailure(e);
  }
  if (value === undefined) {
    if (boolean(ctx.props, "errorOnMissing", false)) throw new TaskFailure(`No value found for key '${key}' in namespace '${namespace}'`);
    return { outputs: { value: null } };
  }
  return { outputs: { value } };
};
