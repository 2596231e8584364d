import { logLevel } from "./props";
import type { TaskRunner } from "./types";

/** log.Log: each message (one, or a list) is one line at `level` (INFO by default); no outputs. */
export const logTask: TaskRunner = async ({ props, log }) => {
  const level = logLevel(props, "level");
  const messages = Array.isArray(props.message) ? props.message : [props.message];
  for (const m of messages) {
    if (m === undefined || m === null) continue;
    log(level, typeof m === "string" ? m : JSON.stringify(m));
  }
  return { outputs: null };
};
