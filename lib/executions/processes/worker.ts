import { config, isPostgres } from "@/lib/config";
import { type Tx, tenantDb } from "@/lib/db";
import { CHANNELS, toExecution, toTaskRun } from "../store";
import { type ClaimedJob, type JobReads, claimJobs, completeJob, heartbeat, noticeStarted } from "../queue";
import { chainPluginDefaults, pluginDefaultsInForce } from "@/lib/namespaces/settings";
import { withPluginDefaults } from "../plugin-defaults";
import type { Execution, LogLevel, TaskResult, TaskRun } from "../types";
import { Waiter } from "../wakeup";
import { type FlowDefinition, engine } from "./engine";
import { cachedFlowOf, findTask, flowOf } from "./flows";
import { LogBatcher } from "./logs";
import { copyNamespaceFiles, withWorkingDirectory, workingDirectoryOf } from "../working-directory";
import { registerWorker, unregisterWorker, workerHeartbeat } from "@/lib/workers/registry";
import { Backoff, type Role, isConnectionError, isDatabaseAway, reportError, retryConnection, roleId } from "./role";

const LOCAL_FILES = "io.kestra.plugin.core.storage.LocalFiles";

export type WorkerOptions = {
  id?: string;
  /** attempts run at once */
  concurrency?: number;
  /** the worker group this worker serves ("" or undefined: the default group) */
  group?: string;
  pollMs?: number;
  /** how long a claim holds without a heartbeat (ms; TENANTFLOW_WORKER_LEASE_MS by default) */
  leaseMs?: number;
  /** how often the lease is renewed (ms; a third of the lease by default) */
  heartbeatMs?: number;
  /** bytes of log messages one execution may store (TENANTFLOW_MAX_EXECUTION_LOG_SIZE by default) */
  maxLogBytes?: number;
  /**
   * how long an attempt runs before the worker tells the executor it started (ms, 50 by default);
   * one that ends sooner reports its start with its result, which saves the executor a pass
   */
  startNoticeMs?: number;
};

/** A task run's columns other than its state's JSON, for the outputs other task runs expose. */
const OUTPUT_COLUMNS = { id: true, executionId: true, seq: true, taskId: true, parentTaskRunId: true, value: true, iteration: true, state: true, outputs: true } as const;

/**
 * Everything runTask needs for one attempt, read through the tenant's client. The task runs read
 * are the ones its variables use: the task run and its ancestors (`taskrun`, `parents`), and,
 * only when the task (with the plugin defaults in force), the flow's variables or the inputs mention
 * `outputs`, the outputs of the others; not every row of the execution for every attempt.
 */
async function loadJob(job: ClaimedJob) {
  const tdb = tenantDb(job.tenantId);
  // SQLite has no row-level-security scope to set once, and its transactions take turns
  if (!isPostgres()) return { tdb, ...(await readJob(tdb, job)) };
  if (!job.reads) return { tdb, ...(await tdb.$transaction((tx) => readJob(tx, job))) };
  // PostgreSQL: what the claim's statement read, parsed once; no statement more when that is all the attempt needs
  const first = { ...rowsOf(job, job.reads.execRow, job.reads.own), namespaceDefaults: chainPluginDefaults(job.reads.chain ?? []) };
  if (!readsMore(job, first)) return { tdb, ...(await readJob(tdb, job, first)) };
  // else one transaction of the tenant for the rest, so that the row-level-security scope is set once
  return { tdb, ...(await tdb.$transaction((tx) => readJob(tx, job, first))) };
}

type FirstReads = { execution: Execution; taskRun: TaskRun; namespaceDefaults: ReturnType<typeof chainPluginDefaults> };

/** The attempt's execution and task run from their rows; a row gone fails the attempt. */
function rowsOf(job: ClaimedJob, execRow: JobReads["execRow"], own: JobReads["own"]) {
  if (!execRow) throw new Error(`Execution ${job.executionId} is gone`);
  if (!own) throw new Error(`Task run ${job.taskRunId} is gone`);
  return { execution: toExecution(execRow), taskRun: toTaskRun(own) };
}

/** Whether a render of the task may read other task runs' outputs (then they are read). */
function readsOutputs(flow: FlowDefinition, task: Record<string, unknown>, namespaceDefaults: FirstReads["namespaceDefaults"], execution: Execution) {
  // what a render may read: the task as it runs, and the texts render() may be given from variables or inputs
  const readable = [withPluginDefaults(flow, task, namespaceDefaults), flow.variables ?? null, execution.inputs, execution.variables];
  return JSON.stringify(readable).includes("outputs");
}

/** Whether the attempt reads more than its first reads: its parents, its flow (not cached), other outputs. */
function readsMore(job: ClaimedJob, first: FirstReads): boolean {
  if (first.taskRun.parentTaskRunId) return true;
  const flow = cachedFlowOf(first.execution);
  if (!flow) return true;
  const task = findTask(flow, job.taskId);
  return task ? readsOutputs(flow, task, first.namespaceDefaults, first.execution) : false;
}

async function readJob(tdb: Pick<Tx, "execution" | "taskRun" | "flow" | "flowRevision" | "namespace">, job: ClaimedJob, first?: FirstReads) {
  // one after the other: on PostgreSQL these run in one transaction, whose statements share its connection
  const { execution, taskRun } =
    first ??
    rowsOf(
      job,
      await tdb.execution.findFirst({ where: { id: job.executionId } }),
      await tdb.taskRun.findFirst({ where: { id: job.taskRunId, executionId: job.executionId } }),
    );
  const flow = await flowOf(tdb, execution);
  const task = findTask(flow, job.taskId);
  if (!task) throw new Error(`Task ${job.taskId} is not in revision ${execution.flowRevision} of the flow`);
  const namespaceDefaults = first ? first.namespaceDefaults : await pluginDefaultsInForce(tdb, execution.namespace);
  const byId = new Map<string, TaskRun>([[taskRun.id, taskRun]]);
  for (let parentId = taskRun.parentTaskRunId; parentId && !byId.has(parentId); ) {
    const row = await tdb.taskRun.findFirst({ where: { id: parentId, executionId: job.executionId } });
    if (!row) break;
    const parent = toTaskRun(row);
    byId.set(parent.id, parent);
    parentId = parent.parentTaskRunId;
  }
  if (readsOutputs(flow, task, namespaceDefaults, execution)) {
    const rows = await tdb.taskRun.findMany({ where: { executionId: job.executionId, outputs: { not: null } }, select: OUTPUT_COLUMNS });
    for (const row of rows) {
      if (byId.has(row.id)) continue;
      byId.set(row.id, toTaskRun({ ...row, histories: "[]", attempts: "[]" }));
    }
  }
  const taskRuns = [...byId.values()].sort((a, b) => a.seq - b.seq);
  return { execution, taskRuns, taskRun, flow, task, namespaceDefaults };
}

/** Why an attempt was stopped when its execution's logs reached their bound. */
class LogLimitReached extends Error {
  constructor(limit: number) {
    super(`The execution's logs reached their limit of ${limit} bytes (TENANTFLOW_MAX_EXECUTION_LOG_SIZE)`);
  }
}

export function runWorker(opts: WorkerOptions = {}): Role {
  const id = opts.id ?? roleId("worker");
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const group = opts.group ?? "";
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? config().workerLeaseMs;
  const heartbeatMs = opts.heartbeatMs ?? Math.max(100, Math.floor(leaseMs / 3));
  const startNoticeMs = Math.max(0, opts.startNoticeMs ?? 50);
  const waiter = new Waiter([CHANNELS.worker]);
  // the attempts in hand per execution, so that an execution whose logs reach their bound fails them
  const attempts = new Map<string, Set<AbortController>>();
  const maxLogBytes = opts.maxLogBytes ?? config().maxExecutionLogSize;
  const logs = new LogBatcher({
    role: id,
    maxBytes: maxLogBytes,
    onLimit: (executionId) => {
      for (const c of attempts.get(executionId) ?? []) c.abort(new LogLimitReached(maxLogBytes));
    },
  });
  const running = new Set<Promise<void>>();
  let stopping = false;
  /** the loop waits for a slot to free (every attempt it may run is in hand) */
  let full = false;

  async function runJob(job: ClaimedJob) {
    const controller = new AbortController();
    const inHand = attempts.get(job.executionId) ?? new Set<AbortController>();
    attempts.set(job.executionId, inHand);
    inHand.add(controller);
    let lost = false;
    const beat = setInterval(() => {
      heartbeat(job, id, leaseMs).then(
        (hb) => {
          if (!hb.held) {
            lost = true;
            controller.abort(new Error("The lease of this attempt was lost"));
          } else if (hb.cancelled) controller.abort(new Error("The attempt was killed"));
        },
        (e) => reportError(id, e),
      );
    }, heartbeatMs);
    // the start, told to the executor once the attempt has run for a while (dated at the claim)
    let noticed: Promise<void> | null = null;
    const notice = setTimeout(() => {
      noticed = noticeStarted(job, id).catch((e) => reportError(id, e));
    }, startNoticeMs);
    let result: TaskResult;
    let log: ((level: LogLevel, message: string) => void) | null = null;
    try {
      if (job.cancelRequested) {
        result = { state: "KILLED", error: "The attempt was killed before it started" };
      } else {
        // the database away: tried again while the lease may still hold
        const { tdb, execution, taskRuns, taskRun, flow, task, namespaceDefaults } = await retryConnection(() => loadJob(job), leaseMs);
        log = (level: LogLevel, message: string) =>
          logs.add({
            tenantId: job.tenantId,
            namespace: execution.namespace,
            flowId: execution.flowId,
            executionId: job.executionId,
            taskRunId: job.taskRunId,
            taskId: job.taskId,
            attempt: job.attempt,
            level,
            timestamp: new Date(),
            message,
          });
        const variables = engine().variablesFor(flow, { execution, taskRuns }, taskRun);
        const attempt = { db: tdb, tenantId: job.tenantId, flow, execution, taskRun, attempt: job.attempt, variables, namespaceDefaults, signal: controller.signal, log, workerGroup: group };
        // a task of a WorkingDirectory runs in the directory its tasks share (lib/executions/working-directory.ts)
        const wd = workingDirectoryOf(flow, taskRuns, taskRun);
        result = wd
          ? await withWorkingDirectory(
              {
                db: tdb,
                execution,
                ref: wd,
                prepare: async (dir) => {
                  await copyNamespaceFiles(tdb, execution, wd.task.namespaceFiles, dir);
                  if (wd.task.inputFiles === undefined || wd.task.inputFiles === null) return null;
                  // the WorkingDirectory's inputFiles are written as a LocalFiles task of its own would write them
                  return engine().runTask({ ...attempt, task: { id: wd.taskId, type: LOCAL_FILES, inputs: wd.task.inputFiles }, workingDir: dir });
                },
              },
              (workingDir) => engine().runTask({ ...attempt, task, workingDir }),
            )
          : await engine().runTask({ ...attempt, task });
      }
    } catch (e) {
      if (isConnectionError(e)) {
        // not the task's failure: the attempt is left to its lease, and the scheduler gives it to
        // a worker again once the database is back
        clearTimeout(notice);
        clearInterval(beat);
        reportError(id, e);
        return;
      }
      result = { state: "FAILED", error: e instanceof Error ? e.message : String(e) };
    }
    // ended before its notice: the result tells the start; a notice on its way goes first
    clearTimeout(notice);
    if (noticed) await noticed;
    // the lease is renewed until the result is in: storing the logs and the result may wait for the database
    try {
      if (result.state === "FAILED" && isDatabaseAway(result.error)) {
        // the task met the engine's database away (plugin defaults, kv, logs): not its failure; the
        // attempt is left to its lease and runs again once the database is back
        reportError(id, new Error(result.error ?? ""));
        await logs.flush();
        return;
      }
      // the attempt's error in its own logs, as the orchestrator's worker logs a task's exception
      if (result.state === "FAILED" && result.error && log) log("ERROR", result.error);
      // the execution's lines not stored yet go with the result, in its transaction
      const lines = await logs.take(job.executionId);
      inHand.delete(controller);
      if (inHand.size === 0 && attempts.get(job.executionId) === inHand) attempts.delete(job.executionId);
      // its logs went past the execution's bound while it ran: it fails
      if (controller.signal.reason instanceof LogLimitReached) result = { state: "FAILED", error: controller.signal.reason.message };
      // a lost lease's attempt belongs to another worker now: its result would be refused anyway (its logs are kept)
      if (lost) return await logs.storeNow(lines);
      let over = false;
      const withLogs = async (tx: Tx): Promise<TaskResult | void> => {
        over = lines.length > 0 && (await logs.storeIn(tx, job.executionId, lines));
        // ... or as they are stored
        if (over) return { state: "FAILED", error: new LogLimitReached(maxLogBytes).message };
      };
      // a result is worth waiting for the database (while the lease may hold): else the attempt runs again
      const outcome = await retryConnection(() => completeJob(job, id, result, new Date(), { with: withLogs }), leaseMs).catch((e) => {
        reportError(id, e);
        return "error" as const;
      });
      if (outcome !== "error" && over) logs.limitReached(job.executionId);
      // not stored with the result (its transaction failed): the attempt's logs are kept all the same
      if (outcome === "error") await logs.storeNow(lines);
      if (outcome === "stale") process.stderr.write(`tenantflow ${id}: the result of ${job.taskRunId} attempt ${job.attempt} was refused (stale)\n`);
    } finally {
      clearInterval(beat);
    }
  }

  // the live-worker row (lib/workers/registry.ts): registered now, its heartbeat and load renewed
  // on the leases' cadence, removed at the stop; the database away is reported and the next beat registers it
  const self = { id, group, concurrency };
  const alive = setInterval(() => {
    workerHeartbeat(self, running.size).catch((e) => reportError(id, e));
  }, heartbeatMs);
  const loop = (async () => {
    await registerWorker(self).catch((e) => reportError(id, e));
    await waiter.start();
    // the database away: claims are tried again after a growing pause
    const backoff = new Backoff();
    while (!stopping) {
      let claimed = 0;
      let pause = 0;
      const free = concurrency - running.size;
      if (free > 0) {
        try {
          const jobs = await claimJobs({ workerId: id, group, limit: free, leaseMs });
          claimed = jobs.length;
          for (const job of jobs) {
            const p: Promise<void> = runJob(job)
              .catch((e) => reportError(id, e))
              .finally(() => {
                running.delete(p);
                // a full worker waits for a free slot: this one
                if (full) waiter.interrupt();
              });
            running.add(p);
          }
          backoff.succeeded();
        } catch (e) {
          pause = backoff.failed();
          reportError(id, e, pause);
        }
      }
      // a full worker waits for a free slot; one that got less than it asked for (no more work now)
      // for new work or its polling interval
      full = running.size >= concurrency;
      if (!stopping && (claimed < free || full)) await waiter.wait(pause || pollMs);
    }
    // drain: the attempts in hand finish and report
    await Promise.all([...running]);
    await logs.flush();
    await waiter.close();
    clearInterval(alive);
    await unregisterWorker(id).catch((e) => reportError(id, e));
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
