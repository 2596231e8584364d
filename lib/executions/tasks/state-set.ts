import { readState, statePath } from "./state-store";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * state.Set: merges the rendered `data` into the state (a new key is added, an existing one
 * replaced); `outputs.count` is the number of keys after the merge, `outputs.key` the state's URI.
 */
export const stateSetTask: TaskRunner = async (ctx) => {
  const data = ctx.props.data ?? {};
  if (typeof data !== "object" || Array.isArray(data)) throw new TaskFailure('property "data" must be a mapping');
  const path = statePath(ctx);
  const merged = { ...((await readState(ctx, path)) ?? {}), ...(data as Record<string, unknown>) };
  const uri = await ctx.storage.put(path, JSON.stringify(merged), "application/json");
  return { outputs: { count: Object.keys(merged).length, key: uri } };
};
