import { executionFolder, internalPath } from "../internal-storage";
import { boolean, requiredText } from "./props";
import { readExecutionFile } from "./storage-common";
import { TaskFailure, type TaskRunner } from "./types";

/** storage.Size: the size in bytes of `uri`, a file of this execution. Outputs `size`. */
export const storageSizeTask: TaskRunner = async (ctx) => {
  const bytes = await readExecutionFile(ctx, requiredText(ctx.props, "uri"));
  return { outputs: { size: bytes.byteLength } };
};

/**
 * storage.Delete: deletes `uri`, a file of this execution; a missing file fails only with
 * `errorOnMissing` (false). Outputs `uri` and `deleted`.
 */
export const storageDeleteTask: TaskRunner = async (ctx) => {
  const uri = requiredText(ctx.props, "uri").trim();
  const path = internalPath(uri);
  if (path === null) throw new TaskFailure(`"${uri}" is not a kestra:/// URI of the internal storage`);
  if (!path.startsWith(`${executionFolder(ctx.flow.namespace, ctx.flow.id, ctx.execution.id)}/`)) throw new TaskFailure(`${uri} is not a file of this execution`);
  const exists = (await ctx.storage.get(path)) !== null;
  if (!exists) {
    if (boolean(ctx.props, "errorOnMissing", false)) throw new TaskFailure(`Unable to find the file ${uri}`);
    return { outputs: { uri, deleted: false } };
  }
  await ctx.storage.delete(path);
  return { outputs: { uri, deleted: true } };
};
