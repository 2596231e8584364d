import { isPostgres } from "../config";
import { type Tx, db, tenantDb } from "../db";
import { CHANNELS, notifyOnCommit } from "../executions/store";
import type { EngineEvent } from "../executions/types";
import { wake } from "../executions/wakeup";
import { parseAllowed } from "./allowed";
import { liveWorkers, removeDeadWorkers } from "./registry";
import type { Fallback } from "./schemas";

// The scheduler's pass over the attempts no worker can take (SPEC §7 "Worker groups"), instance
// level. For the unclaimed jobs of a named group:
// - the group does not allow the job's tenant: its workers never claim it (lib/executions/queue.ts
//   claimJobs), so the task run fails with a message naming the group and the tenant;
// - the group is not defined, or none of its workers is alive: the task's `workerGroup.fallback`
//   decides: WAIT (the job stays; its task run's logs say why, once), FAIL (the task run fails)
//   or CANCEL (the execution is cancelled).
// Each decision deletes (or marks) the job and inserts the executor's `worker-group` event in one
// transaction, so it is taken once however many schedulers run. The default group "" has no
// fallback: its work waits for a worker.

type Job = { id: string; executionId: string; taskRunId: string; attempt: number; workerGroupFallback: string; waitNoted: boolean };

const BATCH = 100;

/** Removes the dead workers' rows, then settles the jobs no worker can take. Returns how many jobs were settled. */
export async function applyWorkerGroupFallbacks(now = new Date(), opts: { leaseMs?: number } = {}): Promise<number> {
  await removeDeadWorkers(now, opts.leaseMs);
  const waiting = await db.taskJob.groupBy({
    by: ["workerGroup", "tenantId"],
    // gt "": every named group, as a range the index on (workerGroup, claimedBy) serves
    where: { workerGroup: { gt: "" }, claimedBy: null, availableAt: { lte: now } },
    orderBy: [{ workerGroup: "asc" }, { tenantId: "asc" }],
    take: 1000,
  });
  if (waiting.length === 0) return 0;
  const keys = [...new Set(waiting.map((w) => w.workerGroup))];
  const [defined, live] = await Promise.all([
    db.workerGroup.findMany({ where: { key: { in: keys } }, select: { key: true, allowedTenants: true } }),
    liveWorkers({ groups: keys, now, leaseMs: opts.leaseMs }),
  ]);
  const groups = new Map(defined.map((g) => [g.key, parseAllowed(g.allowedTenants)]));
  const alive = new Set(live.map((w) => w.workerGroup));
  let settled = 0;
  for (const { workerGroup: group, tenantId } of waiting) {
    const allowed = groups.get(group);
    if (allowed && allowed.length && !allowed.includes(tenantId)) {
      settled += await settle(tenantId, group, now, () => ({ fallback: "FAIL", message: `worker group ${group} does not allow tenant ${tenantId}` }));
    } else if (!allowed || !alive.has(group)) {
      const why = allowed ? `no live worker in worker group ${group}` : `worker group ${group} is not defined`;
      settled += await settle(tenantId, group, now, (job) => {
        const fallback = (["FAIL", "CANCEL"].includes(job.workerGroupFallback) ? job.workerGroupFallback : "WAIT") as Fallback;
        if (fallback === "WAIT" && job.waitNoted) return null;
        const then = { WAIT: "the task waits for one", FAIL: "the task run fails", CANCEL: "the execution is cancelled" }[fallback];
        return { fallback, message: `${why}: ${then} (workerGroup.fallback ${fallback})` };
      });
    }
  }
  return settled;
}

/** One transaction: the tenant's unclaimed jobs of the group, each decided by `decide` (null: left alone). */
async function settle(tenantId: string, group: string, now: Date, decide: (job: Job) => { fallback: Fallback; message: string } | null) {
  // found across tenants; settled in a transaction of the tenant (row-level security's second wall)
  const n = await tenantDb(tenantId).$transaction(async (tx: Tx) => {
    let jobs: Job[];
    if (isPostgres()) {
      jobs = await tx.$queryRaw<Job[]>`
        SELECT "id", "executionId", "taskRunId", "attempt", "workerGroupFallback", "waitNoted" FROM "TaskJob"
        WHERE "tenantId" = ${tenantId} AND "workerGroup" = ${group} AND "claimedBy" IS NULL
          AND "availableAt" <= ${now.toISOString()}::timestamp
        ORDER BY "availableAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
    } else {
      // SQLite: a writer from the first statement (as the queue's claims)
      await tx.$executeRaw`UPDATE "TaskJob" SET "cancelRequested" = "cancelRequested" WHERE "id" = ''`;
      jobs = await tx.taskJob.findMany({
        where: { tenantId, workerGroup: group, claimedBy: null, availableAt: { lte: now } },
        orderBy: { availableAt: "asc" },
        take: BATCH,
        select: { id: true, executionId: true, taskRunId: true, attempt: true, workerGroupFallback: true, waitNoted: true },
      });
    }
    const events: { tenantId: string; executionId: string; payload: string }[] = [];
    const ended: string[] = [];
    const noted: string[] = [];
    for (const job of jobs) {
      const d = decide(job);
      if (!d) continue;
      (d.fallback === "WAIT" ? noted : ended).push(job.id);
      const event: EngineEvent = { type: "worker-group", taskRunId: job.taskRunId, attempt: job.attempt, ...d };
      events.push({ tenantId, executionId: job.executionId, payload: JSON.stringify(event) });
    }
    if (events.length === 0) return 0;
    if (ended.length) await tx.taskJob.deleteMany({ where: { tenantId, id: { in: ended }, claimedBy: null } });
    if (noted.length) await tx.taskJob.updateMany({ where: { tenantId, id: { in: noted } }, data: { waitNoted: true } });
    await tx.executionEvent.createMany({ data: events });
    await notifyOnCommit(tx, CHANNELS.executor, { inserted: true });
    return events.length;
  });
  if (n) wake(CHANNELS.executor);
  return n;
}
