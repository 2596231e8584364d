import { isTruthy, text } from "./props";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * execution.Fail: fails with `errorMessage` ("Task failure" by default), always, or only when the
 * rendered `condition` is truthy (anything but "", 0, -0 and false).
 */
export const failTask: TaskRunner = async ({ props }) => {
  if (props.condition !== undefined && props.condition !== null && !isTruthy(props.condition)) return { outputs: null };
  throw new TaskFailure(text(props, "errorMessage") ?? "Task failure");
};
