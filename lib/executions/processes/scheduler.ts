import { CHANNELS } from "../store";
import { announceDueTimers, expireLeases, nextEventAt } from "../queue";
import { Waiter } from "../wakeup";
import { fireDueSchedules } from "@/lib/triggers/fire";
import { applyWorkerGroupFallbacks } from "@/lib/workers/fallback";
import { Backoff, type Role, reportError, roleId } from "./role";

export type SchedulerOptions = {
  id?: string;
  pollMs?: number;
  now?: () => Date;
  /** the workers' lease (ms; TENANTFLOW_WORKER_LEASE_MS by default): a worker silent for three is dead */
  leaseMs?: number;
};

/**
 * The scheduler: takes back the jobs whose lease ran out (their worker died) as `attempt-lost`
 * events, wakes the executors when delayed events (timers, scheduled starts) come due, and fires
 * the due Schedule triggers (lib/triggers/fire.ts), and removes the dead workers and settles the
 * jobs no worker of their group can take by their fallback (lib/workers/fallback.ts). `now` is the
 * clock the triggers are fired by.
 */
export function runScheduler(opts: SchedulerOptions = {}): Role {
  const id = opts.id ?? roleId("scheduler");
  const pollMs = opts.pollMs ?? 1000;
  // woken when an event due later is written (a timer, a scheduled start): it may be due sooner
  // than the next poll; not by every event of the executors, which would make it poll all along
  const waiter = new Waiter([CHANNELS.timer]);
  let stopping = false;
  let since = new Date();

  const loop = (async () => {
    await waiter.start();
    // the database away: tried again after a growing pause (never longer than the polling interval)
    const backoff = new Backoff(200, pollMs);
    while (!stopping) {
      let wait = pollMs;
      try {
        while ((await expireLeases(100)) === 100 && !stopping);
        await applyWorkerGroupFallbacks(new Date(), { leaseMs: opts.leaseMs });
        await fireDueSchedules({ schedulerId: id, now: opts.now?.() });
        const now = new Date();
        await announceDueTimers(since, now);
        since = now;
        const next = await nextEventAt(now);
        if (next) wait = Math.max(10, Math.min(pollMs, next.getTime() - Date.now()));
        backoff.succeeded();
      } catch (e) {
        wait = backoff.failed();
        reportError(id, e, wait);
      }
      if (!stopping) await waiter.wait(wait);
    }
    await waiter.close();
  })();

  return {
    id,
    async stop() {
      stopping = true;
      waiter.interrupt();
      await loop;
    },
  };
}
