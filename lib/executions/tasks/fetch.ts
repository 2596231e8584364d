import { assertAllowed } from "../../namespaces/chain";
import { asFailure } from "./kv-common";
import { logLevel, text } from "./props";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * log.Fetch: the logs of this execution (or of `executionId`, an execution of this flow unless
 * `namespace` and `flowId` name another) at `level` (INFO by default) and above, optionally of some
 * `tasksId` only, stored as a file of JSON lines. Outputs: `size` (lines) and `uri`.
 */
export const fetchTask: TaskRunner = async (ctx) => {
  if (!ctx.logs) throw new TaskFailure("Logs cannot be read where this task runs");
  const executionId = text(ctx.props, "executionId") || ctx.execution.id;
  const namespace = text(ctx.props, "namespace") || ctx.flow.namespace;
  const flowId = text(ctx.props, "flowId") || ctx.flow.id;
  if (namespace !== ctx.flow.namespace) {
    try {
      await assertAllowed(ctx.db, namespace, ctx.flow.namespace);
    } catch (e) {
      throw asFailure(e);
    }
  }
  const tasksId = ctx.props.tasksId;
  if (tasksId !== undefined && tasksId !== null && !Array.isArray(tasksId)) throw new TaskFailure('property "tasksId" must be a list of task ids');
  const lines = await ctx.logs.read({
    executionId,
    namespace,
    flowId,
    minLevel: logLevel(ctx.props, "level"),
    ...(Array.isArray(tasksId) ? { taskIds: tasksId.map(String) } : {}),
  });
  const body = lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length ? "\n" : "");
  const uri = await ctx.storage.put(`${ctx.folder}/logs.jsonl`, body, "application/x-ndjson");
  return { outputs: { size: lines.length, uri } };
};
