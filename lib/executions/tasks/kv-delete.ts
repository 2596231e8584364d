import { AppError } from "../../errors";
import { deleteKv } from "../../kv/kv";
import { boolean, requiredText } from "./props";
import { asFailure, kvNamespace } from "./kv-common";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * kv.Delete: removes `key` from the flow's namespace (or `namespace`), never from an ancestor.
 * `outputs.deleted` says whether there was one; `errorOnMissing: true` fails when there was not.
 */
export const kvDeleteTask: TaskRunner = async (ctx) => {
  const key = requiredText(ctx.props, "key");
  const namespace = await kvNamespace(ctx);
  try {
    await deleteKv(ctx.ctx, namespace, key);
    return { outputs: { deleted: true } };
  } catch (e) {
    if (e instanceof AppError && e.status === 404 && e.details.length === 0) {
      if (boolean(ctx.props, "errorOnMissing", false)) throw new TaskFailure(`No value found for key '${key}' in namespace '${namespace}'`);
      return { outputs: { deleted: false } };
    }
    throw asFailure(e);
  }
};
