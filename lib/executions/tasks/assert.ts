import { isTruthy, text } from "./props";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * execution.Assert: each of `conditions` is rendered and read as a boolean (only "", 0, -0 and
 * false are false). Every false one is logged at ERROR naming it as written; then the task fails
 * with the number of failed assertions, after `errorMessage` when there is one. No outputs.
 */
export const assertTask: TaskRunner = async (ctx) => {
  const rendered = ctx.props.conditions;
  if (!Array.isArray(rendered) || rendered.length === 0) throw new TaskFailure('property "conditions" must be a non-empty list of expressions');
  const written = Array.isArray(ctx.task.conditions) ? ctx.task.conditions : rendered;
  const failed: string[] = [];
  rendered.forEach((value, i) => {
    if (isTruthy(value)) return;
    const source = String(written[i] ?? value);
    failed.push(source);
    ctx.log("ERROR", `Assertion \`${source}\` failed!`);
  });
  if (failed.length === 0) return { outputs: null };
  const message = text(ctx.props, "errorMessage");
  const summary = `${failed.length} assertion(s) failed: ${failed.join(", ")}`;
  throw new TaskFailure(message ? `${message}. ${summary}` : summary);
};
