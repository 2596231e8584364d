import { TaskFailure, type TaskRunner } from "./types";

/** output.OutputValues: the rendered `values` map as `outputs.values`. */
export const outputValuesTask: TaskRunner = async ({ props }) => {
  const values = props.values ?? {};
  if (typeof values !== "object" || Array.isArray(values)) throw new TaskFailure('property "values" must be a mapping');
  return { outputs: { values } };
};
