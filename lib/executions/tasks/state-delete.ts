import { boolean } from "./props";
import { readState, statePath } from "./state-store";
import { TaskFailure, type TaskRunner } from "./types";

/** state.Delete: removes the state; `outputs.deleted` says whether there was one. */
export const stateDeleteTask: TaskRunner = async (ctx) => {
  const path = statePath(ctx);
  const existing = await readState(ctx, path);
  if (existing === null) {
    if (boolean(ctx.props, "errorOnMissing", false)) throw new TaskFailure(`Unable to find the state file '${path}'`);
    return { outputs: { deleted: false } };
  }
  await ctx.storage.delete(path);
  return { outputs: { deleted: true } };
};
