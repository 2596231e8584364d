import { CHANNELS } from "./store";
import { Waiter } from "./wakeup";

// What followers (SSE streams, `wait=true`, the CLI's --wait) wait on between two reads of an
// execution: one shared waiter per process, woken by this process's engine writes and, on
// PostgreSQL, by the queue's LISTEN/NOTIFY on one dedicated connection; polling is the fallback
// (a change whose commit wakes nobody is seen at the next poll).

/** How long a follower sleeps when nothing wakes it (ms). */
export const FOLLOW_POLL_MS = 500;

const shared = globalThis as unknown as { __tenantflowFollowWaiter?: Promise<Waiter> };

function waiter(): Promise<Waiter> {
  shared.__tenantflowFollowWaiter ??= (async () => {
    const w = new Waiter([CHANNELS.executor, CHANNELS.worker]);
    await w.start();
    return w;
  })();
  return shared.__tenantflowFollowWaiter;
}

/** Resolves at the next engine change this process hears of, or after `ms`. */
export async function nextChange(ms = FOLLOW_POLL_MS): Promise<void> {
  await (await waiter()).wait(ms);
}

/** Closes the shared waiter (its PostgreSQL connection); the next follower opens a new one. */
export async function closeFollowers() {
  const w = shared.__tenantflowFollowWaiter;
  shared.__tenantflowFollowWaiter = undefined;
  if (w) await (await w).close();
}
