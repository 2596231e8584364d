import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { db, statementsRun, tenantDb } from "@/lib/db";
import { isPostgres } from "@/lib/config";
import { deleteTenant, restoreTenant } from "@/lib/tenants/tenants";
import { claimJobs, completeJob, dueExecutions, expireLeases, heartbeat, noticeStarted, withExecution } from "@/lib/executions/queue";
import { advanceExecution, resetEngine, setEngine } from "@/lib/executions/processes";
import { StaleExecutionError, applyStep, loadState } from "@/lib/executions/store";
import { prepareTenant } from "@/lib/executions/concurrency";
import type { EngineEvent, StepResult } from "@/lib/executions/types";
import { fakeStep } from "./support/fake-engine";
import { flowWith } from "./support/data";

// The work queue on the suite's database (SQLite or PostgreSQL): claims, leases, fencing, and the
// one-transaction rule for a state change and the work it creates.

// the named groups these tests claim from are defined (a group's workers claim nothing while it is not)
beforeAll(async () => {
  for (const key of ["claims", "elsewhere", "fair", "paused"]) await db.workerGroup.upsert({ where: { key }, create: { key }, update: {} });
});

// the queue is instance-wide: each test starts from an empty one
afterEach(async () => {
  resetEngine();
  await db.taskJob.deleteMany({});
  await db.executionEvent.deleteMany({});
});

const events = (executionId: string) =>
  db.executionEvent.findMany({ where: { executionId }, orderBy: { id: "asc" } }).then((rows) => rows.map((r) => JSON.parse(r.payload) as EngineEvent));

/** An execution started and advanced once by the stand-in step: one queued job per task. */
async function startedWith(tasks: number, group?: string) {
  setEngine({ step: fakeStep });
  const flow = await flowWith(Array.from({ length: tasks }, (_, i) => ({ id: `t${i}`, type: "test.Sleep", ...(group ? { workerGroup: { key: group } } : {}) })));
  const execution = await flow.start();
  const due = { tenantId: flow.tenantId, executionId: execution.id };
  expect((await advanceExecution(due)).consumed).toBe(1);
  return { ...flow, execution, due };
}

describe("the executions queue", () => {
  it("never hands one job to two of many concurrent claimers; the start is told by the worker, dated at the claim", async () => {
    const { execution } = await startedWith(40, "claims");
    const claimers = Array.from({ length: 8 }, async (_, i) => {
      const mine: string[] = [];
      for (;;) {
        const jobs = await claimJobs({ workerId: `w${i}`, group: "claims", limit: 3, leaseMs: 60_000 });
        if (!jobs.length) return mine;
        mine.push(...jobs.map((j) => j.id));
      }
    });
    const all = (await Promise.all(claimers)).flat();
    expect(all.length).toBe(40);
    expect(new Set(all).size).toBe(40);
    const rows = await db.taskJob.findMany({ where: { executionId: execution.id } });
    expect(rows.every((r) => r.claimedBy && r.leaseUntil)).toBe(true);
    // a claim writes no event: the worker tells the start once the attempt has run for a while
    expect((await events(execution.id)).filter((e) => e.type === "task-started")).toEqual([]);
    const job = { ...rows[0], claimedAt: new Date("2026-01-01T00:00:00.000Z") };
    await noticeStarted(job, "w0");
    expect((await events(execution.id)).filter((e) => e.type === "task-started")).toEqual([
      { type: "task-started", taskRunId: job.taskRunId, attempt: job.attempt, workerId: "w0", at: "2026-01-01T00:00:00.000Z" },
    ]);
    // another group's worker gets none of them
    expect(await claimJobs({ workerId: "other", group: "elsewhere", limit: 10, leaseMs: 60_000 })).toEqual([]);
  });

  it("takes work tenant by tenant: another tenant's next job or execution is not stuck behind a backlog", async () => {
    const backlog = await startedWith(30, "fair");
    const other = await startedWith(1, "fair");
    const jobs = await claimJobs({ workerId: "w", group: "fair", limit: 4, leaseMs: 60_000 });
    expect(jobs).toHaveLength(4);
    expect(jobs.filter((j) => j.tenantId === other.tenantId)).toHaveLength(1);
    expect(jobs.filter((j) => j.tenantId === backlog.tenantId)).toHaveLength(3);

    // executions: only these two tenants' start events are due
    await db.executionEvent.deleteMany({});
    setEngine({ step: fakeStep });
    const many = await flowWith([{ id: "a", type: "test.Sleep" }]);
    for (let i = 0; i < 20; i++) await many.start();
    const one = await flowWith([{ id: "a", type: "test.Sleep" }]);
    const late = await one.start();
    const due = await dueExecutions(3);
    expect(due).toContainEqual({ tenantId: one.tenantId, executionId: late.id });
  });

  it("leaves a deleted tenant's work waiting until the tenant is restored", async () => {
    const { tenantId, execution } = await startedWith(1, "paused");
    await db.executionEvent.create({ data: { tenantId, executionId: execution.id, payload: JSON.stringify({ type: "kill" }) } });
    await deleteTenant(cliActor(), tenantId);
    expect(await claimJobs({ workerId: "w", group: "paused", limit: 5, leaseMs: 60_000 })).toEqual([]);
    expect((await dueExecutions(10)).filter((d) => d.tenantId === tenantId)).toEqual([]);
    await restoreTenant(cliActor(), tenantId);
    expect(await claimJobs({ workerId: "w", group: "paused", limit: 5, leaseMs: 60_000 })).toHaveLength(1);
    expect((await dueExecutions(10)).filter((d) => d.tenantId === tenantId)).toHaveLength(1);
  });

  it("accepts a result while the lease holds, once; refuses it from another worker, after the lease, or for an older attempt", async () => {
    const { execution } = await startedWith(2);
    const [a, b] = await claimJobs({ workerId: "w1", limit: 2, leaseMs: 60_000 });
    expect(await completeJob(a, "intruder", { state: "SUCCESS" })).toBe("stale");
    expect(await completeJob(a, "w1", { state: "SUCCESS", outputs: { x: 1 } })).toBe("accepted");
    expect(await completeJob(a, "w1", { state: "SUCCESS" })).toBe("stale");
    // b's lease runs out: taken back, then its late result is refused
    const later = new Date(Date.now() + 120_000);
    expect(await expireLeases(100, later)).toBe(1);
    expect(await completeJob(b, "w1", { state: "SUCCESS" }, later)).toBe("stale");
    expect(await completeJob(b, "w1", { state: "SUCCESS" })).toBe("stale");
    const results = (await events(execution.id)).filter((e) => e.type === "task-result");
    expect(results).toEqual([expect.objectContaining({ taskRunId: a.taskRunId, attempt: 1, state: "SUCCESS", outputs: { x: 1 } })]);
  });

  it("a result carries the attempt's start and worker; a lost attempt names the worker that held it", async () => {
    const { execution } = await startedWith(2);
    const [a, b] = await claimJobs({ workerId: "w1", limit: 2, leaseMs: 60_000 });
    expect(await completeJob(a, "w1", { state: "SUCCESS" })).toBe("accepted");
    expect(await expireLeases(100, new Date(Date.now() + 120_000))).toBe(1);
    const all = await events(execution.id);
    expect(all.filter((e) => e.type === "task-result")).toEqual([
      expect.objectContaining({ taskRunId: a.taskRunId, startedAt: a.claimedAt.toISOString(), workerId: "w1" }),
    ]);
    expect(all.filter((e) => e.type === "attempt-lost")).toEqual([{ type: "attempt-lost", taskRunId: b.taskRunId, attempt: 1, workerId: "w1" }]);
  });

  it("turns a lease that runs out into exactly one attempt-lost, however many schedulers look; the executor then queues a new attempt whose result wins", async () => {
    const { execution, due } = await startedWith(1);
    const [job] = await claimJobs({ workerId: "w1", limit: 1, leaseMs: 60_000 });
    expect((await heartbeat(job, "w1", 60_000)).held).toBe(true);
    const later = new Date(Date.now() + 120_000);
    const taken = await Promise.all(Array.from({ length: 6 }, () => expireLeases(100, later)));
    expect(taken.reduce((s, n) => s + n, 0)).toBe(1);
    expect(await expireLeases(100, later)).toBe(0);
    const lost = (await events(execution.id)).filter((e) => e.type === "attempt-lost");
    expect(lost).toEqual([{ type: "attempt-lost", taskRunId: job.taskRunId, attempt: 1, workerId: "w1" }]);
    // the dead worker's heartbeat learns it lost the job
    expect(await heartbeat(job, "w1", 60_000)).toEqual({ held: false, cancelled: false });

    await advanceExecution(due);
    const [second] = await claimJobs({ workerId: "w2", limit: 1, leaseMs: 60_000 });
    expect(second).toMatchObject({ taskRunId: job.taskRunId, attempt: 2 });
    expect(await completeJob(job, "w1", { state: "FAILED" })).toBe("stale");
    expect(await completeJob(second, "w2", { state: "SUCCESS" })).toBe("accepted");
    await advanceExecution(due);
    const state = await tenantDb(due.tenantId).$transaction((tx) => loadState(tx, execution.id));
    expect(state!.execution.state).toBe("SUCCESS");
    expect(state!.taskRuns[0].attempts.map((a) => a.state)).toEqual(["KILLED", "SUCCESS"]);
  });

  it("tells the worker through its heartbeat when its attempt is cancelled, and at the claim when it was cancelled before", async () => {
    const { due } = await startedWith(2);
    const [job] = await claimJobs({ workerId: "w1", limit: 1, leaseMs: 60_000 });
    expect(job.cancelRequested).toBe(false);
    expect(await heartbeat(job, "w1", 60_000)).toEqual({ held: true, cancelled: false });
    await tenantDb(due.tenantId).$transaction(async (tx) => {
      await tx.executionEvent.create({ data: { tenantId: due.tenantId, executionId: due.executionId, payload: JSON.stringify({ type: "kill" }) } });
    });
    await advanceExecution(due);
    expect(await heartbeat(job, "w1", 60_000)).toEqual({ held: true, cancelled: true });
    // the other attempt was still waiting: its worker learns it at the claim (and reports KILLED without running it)
    const [waiting] = await claimJobs({ workerId: "w2", limit: 1, leaseMs: 60_000 });
    expect(waiting).toMatchObject({ cancelRequested: true });
    expect(waiting.taskRunId).not.toBe(job.taskRunId);
  });

  it("commits a state change and its work together: a failure in the middle leaves neither", async () => {
    setEngine({ step: fakeStep });
    const flow = await flowWith([{ id: "a", type: "test.Sleep" }, { id: "b", type: "test.Sleep" }]);
    const execution = await flow.start();
    const tdb = tenantDb(flow.tenantId);
    const before = (await tdb.$transaction((tx) => loadState(tx, execution.id)))!;
    const result = await fakeStep({ tasks: [{ id: "a" }, { id: "b" }] }, before, { type: "start" }, {
      now: new Date(),
      newId: () => `tr-${Math.random().toString(36).slice(2)}`,
      render: async (v) => v,
      limits: { maxTaskRuns: 100 },
    });
    result.work.push({ type: "timer", at: new Date(Date.now() + 60_000).toISOString(), event: { type: "timer", key: "k", taskRunId: null } });
    const snapshot = async () => ({
      execution: await db.execution.findUniqueOrThrow({ where: { id: execution.id }, select: { state: true, version: true } }),
      taskRuns: await db.taskRun.count({ where: { executionId: execution.id } }),
      jobs: await db.taskJob.count({ where: { executionId: execution.id } }),
      events: await db.executionEvent.count({ where: { executionId: execution.id } }),
      logs: await db.executionLog.count({ where: { executionId: execution.id } }),
    });
    const untouched = await snapshot();
    expect(untouched).toEqual({ execution: { state: "CREATED", version: 1 }, taskRuns: 0, jobs: 0, events: 1, logs: 0 });

    await expect(
      tdb.$transaction(async (tx) => {
        await applyStep(tx, before, result);
        throw new Error("the process died here");
      }),
    ).rejects.toThrow("the process died here");
    expect(await snapshot()).toEqual(untouched);

    // the executor loop: a step that fails on the second event rolls the first one back too, and
    // the events stay for the next try
    await db.executionEvent.create({ data: { tenantId: flow.tenantId, executionId: execution.id, payload: JSON.stringify({ type: "kill" }) } });
    let calls = 0;
    setEngine({
      step: async (f, s, e, d) => {
        if (++calls === 2) throw new Error("a bug in the step");
        return fakeStep(f, s, e, d);
      },
    });
    await expect(advanceExecution({ tenantId: flow.tenantId, executionId: execution.id })).rejects.toThrow("a bug in the step");
    expect(await snapshot()).toEqual({ ...untouched, events: 2 });

    // committed: all of it at once
    await tdb.$transaction((tx) => applyStep(tx, before, result));
    expect(await snapshot()).toEqual({ execution: { state: "RUNNING", version: 2 }, taskRuns: 2, jobs: 2, events: 3, logs: 1 });
  });

  it("fences writes by version: a step computed from an old state is refused whole", async () => {
    const { due } = await startedWith(1);
    const tdb = tenantDb(due.tenantId);
    const old = (await tdb.$transaction((tx) => loadState(tx, due.executionId)))!;
    const step = (): StepResult => ({
      state: { ...old, execution: { ...old.execution, state: "FAILED", histories: [...old.execution.histories, { state: "FAILED", date: new Date().toISOString() }] } },
      executionChanged: true,
      changedTaskRuns: [],
      work: [{ type: "log", level: "INFO", message: "first", taskRunId: null, attempt: null }],
    });
    await tdb.$transaction((tx) => applyStep(tx, old, step()));
    await expect(tdb.$transaction((tx) => applyStep(tx, old, step()))).rejects.toBeInstanceOf(StaleExecutionError);
    expect(await db.executionLog.count({ where: { executionId: due.executionId, message: "first" } })).toBe(1);
  });

  it.skipIf(!isPostgres(process.env.DATABASE_URL))("brings an attempt's first reads with its claim, and an execution's surroundings and state with its lock (PostgreSQL)", async () => {
    const { due, execution, tenantId } = await startedWith(1);
    await tenantDb(tenantId).namespace.upsert({
      where: { tenantId_name: { tenantId, name: execution.namespace } },
      create: { tenantId, name: execution.namespace, workerGroup: null, pluginDefaults: JSON.stringify([{ type: "test.Sleep", values: { seconds: 0 } }]) },
      update: { pluginDefaults: JSON.stringify([{ type: "test.Sleep", values: { seconds: 0 } }]) },
    });
    await db.tenant.update({ where: { id: tenantId }, data: { workerGroup: "elsewhere" } });
    try {
      // queued before the tenant's default group changed: in the default group
      const [job] = await claimJobs({ workerId: "w", limit: 1, leaseMs: 60_000 });
      expect(job).toBeDefined();
      const stored = (await tenantDb(tenantId).$transaction((tx) => loadState(tx, due.executionId)))!;
      // the rows as the tenant's client reads them, from the claim's own statement
      expect(job.reads?.execRow?.id).toBe(execution.id);
      expect(job.reads?.execRow?.histories).toBe(JSON.stringify(stored.execution.histories));
      expect(job.reads?.own?.id).toBe(job.taskRunId);
      expect(job.reads?.own?.executionId).toBe(execution.id);
      expect(job.reads?.chain?.[0]).toMatchObject({ name: execution.namespace, explicit: true });
      expect(JSON.parse(job.reads!.chain![0].pluginDefaults)).toEqual([{ type: "test.Sleep", values: { seconds: 0 } }]);
      expect(job.reads?.chain?.map((l) => l.name)).toEqual(execution.namespace.split(".").map((_, i, parts) => parts.slice(0, parts.length - i).join(".")));
      // the lock's statement: the state when the caller's copy is not current, nothing when it is
      await db.executionEvent.create({ data: { tenantId, executionId: due.executionId, payload: JSON.stringify({ type: "kill" }) } });
      const stale = await withExecution(due, async (_tx, evs, version, context) => ({ evs: evs.length, version, context }), { cachedVersion: -5 });
      expect(stale.locked).toBe(true);
      if (!stale.locked) return;
      expect(stale.value.evs).toBe(1);
      expect(stale.value.context?.state).toEqual(stored);
      expect(stale.value.context?.tenantWorkerGroup).toBe("elsewhere");
      expect(stale.value.context?.chain[0]).toMatchObject({ name: execution.namespace, explicit: true });
      const current = await withExecution(due, async (_tx, _evs, _version, context) => context, { cachedVersion: stored.execution.version });
      expect(current.locked && current.value?.state).toBeUndefined();
    } finally {
      await db.tenant.update({ where: { id: tenantId }, data: { workerGroup: null } });
    }
  });

  it.skipIf(!isPostgres(process.env.DATABASE_URL))("writes a step's fence, task runs and attempts in one statement (PostgreSQL)", async () => {
    setEngine({ step: fakeStep });
    const flow = await flowWith([{ id: "a", type: "test.Sleep" }, { id: "b", type: "test.Sleep" }]);
    // a first execution of the flow: its revision is read once and kept
    await advanceExecution({ tenantId: flow.tenantId, executionId: (await flow.start()).id });
    const execution = await flow.start();
    const due = { tenantId: flow.tenantId, executionId: execution.id };
    await prepareTenant(flow.tenantId);
    const before = statementsRun();
    expect((await advanceExecution(due)).consumed).toBe(1);
    // BEGIN, the lock with the state, one write (fence, task runs, attempts), the step's log line,
    // COMMIT; the scope's statement is not counted
    expect(statementsRun() - before).toBe(5);
    const state = (await tenantDb(flow.tenantId).$transaction((tx) => loadState(tx, execution.id)))!;
    const jobs = await db.taskJob.findMany({ where: { executionId: execution.id } });
    expect(jobs.map((j) => j.taskRunId).sort()).toEqual(state.taskRuns.map((t) => t.id).sort());
    expect(jobs.every((j) => j.tenantId === flow.tenantId && j.attempt === 1 && j.workerGroup === "")).toBe(true);
    expect(state.execution.version).toBe(execution.version + 1);
  });

  it("lets one executor at a time hold an execution", async () => {
    const { due } = await startedWith(1);
    await db.executionEvent.create({ data: { tenantId: due.tenantId, executionId: due.executionId, payload: JSON.stringify({ type: "kill" }) } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const first = withExecution(due, async (_tx, evs) => {
      entered();
      await held;
      return evs.length;
    });
    await inside;
    // PostgreSQL: the second executor skips the locked execution; SQLite: it waits for the writer
    const second = withExecution(due, async (_tx, evs) => evs.length);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ locked: true, value: 1 });
    // the events the first consumed are not handed to the second
    if (b.locked) expect(b.value).toBe(0);
  });
});
