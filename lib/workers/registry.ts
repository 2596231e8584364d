import os from "node:os";
import { config } from "../config";
import { db } from "../db";

// The live workers (SPEC §7 "Worker groups"), instance level: each worker process registers a row
// when it starts, renews its heartbeat (and its load) on the cadence of its leases' heartbeats, and
// removes it when it stops. A worker whose heartbeat is older than a few leases is dead: the
// scheduler's pass removes its row (removeDeadWorkers), and its group counts it no more.

/** How long after its last heartbeat a worker counts as dead: three leases. */
export const deadAfterMs = (leaseMs = config().workerLeaseMs) => 3 * leaseMs;

export async function registerWorker(w: { id: string; group: string; concurrency: number }, now = new Date()) {
  await db.worker.upsert({
    where: { id: w.id },
    create: { id: w.id, workerGroup: w.group, host: os.hostname(), pid: process.pid, concurrency: w.concurrency, running: 0, startedAt: now, lastHeartbeat: now },
    update: { lastHeartbeat: now },
  });
}

/** Renews a worker's heartbeat with its current load; a row removed meanwhile (the worker was
 * thought dead) is registered again. */
export async function workerHeartbeat(w: { id: string; group: string; concurrency: number }, running: number, now = new Date()) {
  const n = await db.worker.updateMany({ where: { id: w.id }, data: { lastHeartbeat: now, running } });
  if (n.count === 0) {
    await registerWorker(w, now);
    await db.worker.updateMany({ where: { id: w.id }, data: { running } });
  }
}

export async function unregisterWorker(id: string) {
  await db.worker.deleteMany({ where: { id } });
}

/** Removes the rows of the workers whose heartbeat is older than `deadAfterMs`. Returns how many. */
export async function removeDeadWorkers(now = new Date(), leaseMs?: number): Promise<number> {
  const r = await db.worker.deleteMany({ where: { lastHeartbeat: { lt: new Date(now.getTime() - deadAfterMs(leaseMs)) } } });
  return r.count;
}

export type LiveWorker = { id: string; workerGroup: string; host: string; pid: number; concurrency: number; running: number; startedAt: Date; lastHeartbeat: Date };

/** The live workers, of some groups or all, by group then start. */
export async function liveWorkers(opts: { groups?: string[]; now?: Date; leaseMs?: number } = {}): Promise<LiveWorker[]> {
  const now = opts.now ?? new Date();
  return db.worker.findMany({
    where: { lastHeartbeat: { gte: new Date(now.getTime() - deadAfterMs(opts.leaseMs)) }, ...(opts.groups ? { workerGroup: { in: opts.groups } } : {}) },
    orderBy: [{ workerGroup: "asc" }, { startedAt: "asc" }],
    take: 1000,
  });
}
