import { logLevel, text } from "./props";
import type { TaskRunner } from "./types";

/** debug.Echo (the older log.Log): logs `format` at `level`; no outputs. */
export const echoTask: TaskRunner = async ({ props, log }) => {
  log(logLevel(props, "level"), text(props, "format") ?? "");
  return { outputs: null };
};
