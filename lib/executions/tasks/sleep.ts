import { parseIsoDuration } from "../../duration";
import { requiredText } from "./props";
import { TaskFailure, type TaskRunner } from "./types";

/** flow.Sleep: waits `duration` (ISO-8601), or until the attempt is killed. No outputs. */
export const sleepTask: TaskRunner = async ({ props, signal }) => {
  const raw = requiredText(props, "duration");
  const ms = parseIsoDuration(raw, { java: true });
  if (ms === null || ms < 0) throw new TaskFailure(`property "duration" must be a positive ISO-8601 duration such as PT5S, not "${raw}"`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
  return { outputs: null };
};
