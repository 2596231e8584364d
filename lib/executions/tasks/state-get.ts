import { boolean } from "./props";
import { readState, statePath } from "./state-store";
import { TaskFailure, type TaskRunner } from "./types";

/** state.Get: `outputs.data` (the state's map) and `outputs.count`; missing: empty, or a failure with `errorOnMissing`. */
export const stateGetTask: TaskRunner = async (ctx) => {
  const path = statePath(ctx);
  const data = await readState(ctx, path);
  if (data === null) {
    if (boolean(ctx.props, "errorOnMissing", false)) throw new TaskFailure(`Unable to find the state file '${path}'`);
    return { outputs: { data: {}, count: 0 } };
  }
  return { outputs: { data, count: Object.keys(data).length } };
};
