import { parseIsoDuration } from "../../duration";
import { requiredText } from "./props";
import { TaskFailure, type TaskRunner } from "./types";

const MAX_TIMER_MS = 2_147_483_647;

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** flow.Sleep: waits `duration` (ISO-8601), or until the attempt is killed. No outputs. */
export const sleepTask: TaskRunner = async ({ props, signal }) => {
  const raw = requiredText(props, "duration");
  const ms = parseIsoDuration(raw, { java: true });
  if (ms === null || ms < 0) throw new TaskFailure(`property "duration" must be a positive ISO-8601 duration such as PT5S, not "${raw}"`);
  const end = Date.now() + ms;
  // a timer fires at once past 2^31-1 ms (about 24 days): long sleeps wait in steps
  while (!signal.aborted && Date.now() < end) await wait(Math.min(end - Date.now(), MAX_TIMER_MS), signal);
  return { outputs: null };
};
