import { assertAllowed } from "../../namespaces/chain";
import { asFailure } from "./kv-common";
import { text } from "./props";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * execution.Resume: asks for a paused execution to go on, with optional `inputs` (the pause's
 * onResume inputs). The worker does not touch other executions: the task's outputs say what to
 * resume, and the executor, on this task run's SUCCESS, delivers `{type: "resume", inputs}` to
 * execution `executionId` of the same tenant (refusing one that is not PAUSED or not of
 * `namespace`/`flowId`). Outputs: `executionId` (this execution by default), `namespace` and
 * `flowId` (this flow's by default; another namespace must allow this flow's), `inputs`.
 */
export const resumeTask: TaskRunner = async (ctx) => {
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
  const inputs = ctx.props.inputs ?? null;
  if (inputs !== null && (typeof inputs !== "object" || Array.isArray(inputs))) throw new TaskFailure('property "inputs" must be a mapping');
  return { outputs: { executionId, namespace, flowId, inputs } };
};
