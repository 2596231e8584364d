import { Prisma, type Tx, db, tenantDb } from "@/lib/db";
import { isPostgres } from "@/lib/config";
import { CHANNELS, type Channel, type ExecutionRow, type TaskRunRow, insertEvent, notifyOnCommit, toExecution, toTaskRun } from "./store";
import type { EngineEvent, EngineState, TaskResult } from "./types";
import { wake } from "./wakeup";
import { parseAllowed } from "../workers/allowed";
import { type ChainLink, type ChainRow, chainFrom } from "../namespaces/chain";

// The work queue, with the database as the bus (SPEC §7). Instance-level code: finding due work
// reads across tenants through the raw client (eslint.config.mjs lists this module); everything
// done for one execution or one job after it is found goes through tenantDb(tenantId).
//
// - Executor events (ExecutionEvent): one executor owns an execution at a time. It locks the
//   execution row (PostgreSQL: SELECT ... FOR NO KEY UPDATE SKIP LOCKED, so a busy execution is
//   skipped rather than waited for; NO KEY: the workers' inserts of events and jobs, whose foreign
//   keys take a key-share lock on the row, neither wait for the executor nor deadlock with it;
//   SQLite: a transaction whose first statement writes that row, which takes the single writer's
//   lock), reads the due events, applies them and deletes them in that transaction.
// - Task jobs (TaskJob): a worker claims unclaimed jobs of its group under a lease (leaseUntil),
//   renews it with heartbeats, and completes it only while the lease still holds; a lease that runs
//   out is taken back by the scheduler, which deletes the job and inserts one `attempt-lost` event
//   in the same transaction (so exactly once, however many schedulers run).

const PG = () => isPostgres();

/** SQLite: make the transaction a writer from its first statement (an "immediate" transaction),
 * so that it waits for the lock instead of failing when it later upgrades from reading. */
async function beginWrite(tx: Tx) {
  if (!PG()) await tx.$executeRaw`UPDATE "TaskJob" SET "cancelRequested" = "cancelRequested" WHERE "id" = ''`;
}

/** Sends a notification when the raw client's transaction commits. */
async function notify(tx: Tx, channel: Channel) {
  await notifyOnCommit(tx, channel, { inserted: true });
}

// ---------------------------------------------------------------------------------------------
// Executor events

export type DueExecution = { tenantId: string; executionId: string };

// Fairness between tenants: work is taken tenant by tenant, in turns, each tenant's share of a
// pass weighted by its `weight` (1 by default). The turns are a smooth weighted round-robin: on
// each call every tenant with work earns its weight in credit, and the one with the most goes
// first and pays the sum of the weights; so over calls each tenant goes first in proportion to its
// weight, and a tenant with a backlog of thousands takes no more than its share of a pass while
// another tenant's next piece of work is taken in the same pass.
// Each queue keeps its own credits (executor events, and jobs per worker group).
const credits = new Map<string, Map<string, number>>();

export type Turn = { tenantId: string; weight: number };

/** The tenants in the order of this call's turn, with their weights, without deleted ones (their
 * work waits: a restored tenant carries on where it stopped). */
async function inTurns(client: Pick<Tx, "tenant">, queue: string, all: string[]): Promise<Turn[]> {
  if (all.length === 0) return [];
  const rows = await client.tenant.findMany({ where: { id: { in: all }, deleted: false }, select: { id: true, weight: true } });
  return takeTurns(queue, rows);
}

/** The turn of this call among the tenants with work (not deleted), given with their weights. */
function takeTurns(queue: string, rows: { id: string; weight: number }[]): Turn[] {
  let credit = credits.get(queue);
  if (!credit) credits.set(queue, (credit = new Map()));
  const turns = rows.map((r) => ({ tenantId: r.id, weight: Math.max(1, Number(r.weight)) })).sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1));
  if (turns.length === 0) return turns;
  // a tenant without work now starts again from nothing when it has some
  const present = new Set(turns.map((t) => t.tenantId));
  for (const id of credit.keys()) if (!present.has(id)) credit.delete(id);
  let total = 0;
  for (const t of turns) {
    total += t.weight;
    credit.set(t.tenantId, (credit.get(t.tenantId) ?? 0) + t.weight);
  }
  const order = [...turns].sort((a, b) => credit.get(b.tenantId)! - credit.get(a.tenantId)!);
  credit.set(order[0].tenantId, credit.get(order[0].tenantId)! - total);
  return order;
}

/** A tenant's share of `slots` by weight (at least one). */
const shareOf = (slots: number, weight: number, total: number) => Math.max(1, Math.ceil((slots * weight) / total));

/** Up to `limit` items taken from the lists in rounds, `weights[i]` from list i per round. */
function interleave<T>(lists: T[][], limit: number, weights: number[]): T[] {
  const out: T[] = [];
  const at = lists.map(() => 0);
  while (out.length < limit && lists.some((l, i) => at[i] < l.length)) {
    lists.forEach((l, i) => {
      for (let k = 0; k < weights[i] && at[i] < l.length && out.length < limit; k++) out.push(l[at[i]++]);
    });
  }
  return out;
}

/**
 * Executions with due events: at most `limit`, taken in turns between the tenants that have some,
 * each tenant's oldest first.
 */
export async function dueExecutions(limit: number, now = new Date()): Promise<DueExecution[]> {
  if (PG()) return dueExecutionsPg(limit, now);
  const due = { availableAt: { lte: now } };
  const tenants = (
    await inTurns(db, "events", (await db.executionEvent.groupBy({ by: ["tenantId"], where: due, orderBy: { tenantId: "asc" } })).map((g) => g.tenantId))
  ).slice(0, limit);
  if (tenants.length === 0) return [];
  const total = tenants.reduce((n, t) => n + t.weight, 0);
  const lists: DueExecution[][] = [];
  for (const { tenantId, weight } of tenants) {
    const groups = await db.executionEvent.groupBy({
      by: ["executionId"],
      where: { tenantId, ...due },
      _min: { id: true },
      orderBy: { _min: { id: "asc" } },
      take: shareOf(limit, weight, total),
    });
    lists.push(groups.map((g) => ({ tenantId, executionId: g.executionId })));
  }
  return interleave(lists, limit, tenants.map((t) => t.weight));
}

/**
 * dueExecutions on PostgreSQL in one statement that does not read the backlog: the tenants with
 * events (a skip scan of the (tenantId, id) index, one probe per tenant), each tenant's share of the
 * pass by weight, and that many of its oldest due events (four per execution of its share: an
 * execution may have several); the turns and shares are then taken as above. Its cost grows with
 * the number of tenants with events, not with their backlogs (a group-by over every due event took
 * 14 ms behind a backlog of 10,000; this, under 1 ms).
 */
async function dueExecutionsPg(limit: number, now: Date): Promise<DueExecution[]> {
  const at = now.toISOString();
  const rows = await db.$queryRaw<{ tenantId: string; weight: number; executionId: string }[]>`
    WITH RECURSIVE "queued" AS (
      (SELECT "tenantId" FROM "ExecutionEvent" ORDER BY "tenantId" LIMIT 1)
      UNION ALL
      SELECT (SELECT e."tenantId" FROM "ExecutionEvent" e WHERE e."tenantId" > q."tenantId" ORDER BY e."tenantId" LIMIT 1)
      FROM "queued" q WHERE q."tenantId" IS NOT NULL
    ), "shares" AS (
      SELECT t."id", t."weight",
        (GREATEST(1, CEIL(${limit}::float8 * GREATEST(t."weight", 1) / SUM(GREATEST(t."weight", 1)) OVER ())) * 4)::int AS "take"
      FROM "queued" q JOIN "Tenant" t ON t."id" = q."tenantId" AND t."deleted" = false
    )
    SELECT s."id" AS "tenantId", s."weight", e."executionId"
    FROM "shares" s CROSS JOIN LATERAL (
      SELECT "executionId", "id" FROM "ExecutionEvent" e
      WHERE e."tenantId" = s."id" AND e."availableAt" <= ${at}::timestamp
      ORDER BY e."id" LIMIT s."take"
    ) e
    ORDER BY s."id", e."id"`;
  if (rows.length === 0) return [];
  // each tenant's executions in the order of their oldest due event
  const byTenant = new Map<string, DueExecution[]>();
  const seen = new Set<string>();
  const weights: { id: string; weight: number }[] = [];
  for (const r of rows) {
    let list = byTenant.get(r.tenantId);
    if (!list) {
      byTenant.set(r.tenantId, (list = []));
      weights.push({ id: r.tenantId, weight: r.weight });
    }
    if (seen.has(r.executionId)) continue;
    seen.add(r.executionId);
    list.push({ tenantId: r.tenantId, executionId: r.executionId });
  }
  const tenants = takeTurns("events", weights).slice(0, limit);
  const total = tenants.reduce((n, t) => n + t.weight, 0);
  const lists = tenants.map((t) => byTenant.get(t.tenantId)!.slice(0, shareOf(limit, t.weight, total)));
  return interleave(lists, limit, tenants.map((t) => t.weight));
}

/** The instant of the next event that is not due yet, if any. */
export async function nextEventAt(now = new Date()): Promise<Date | null> {
  const r = await db.executionEvent.aggregate({ where: { availableAt: { gt: now } }, _min: { availableAt: true } });
  return r._min.availableAt;
}

export type PendingEvent = { id: number; event: EngineEvent };

/** What a step reads of an execution's surroundings, when the lock's statement brought it (PostgreSQL). */
export type ExecutionContext = {
  /** the execution namespace's chain (loadChain) */
  chain: ChainLink[];
  /** the tenant's default worker group ("" when it has none) */
  tenantWorkerGroup: string;
  /** the execution's state, read with the lock when the caller's copy was not current */
  state?: EngineState;
};

/**
 * Runs `fn` in one transaction of the execution's tenant, holding the execution's row lock, with
 * its due events in order; the events are consumed (deleted) when the transaction commits. Answers
 * `{locked: false}` when another executor holds the execution (PostgreSQL) or it is gone.
 */
export async function withExecution<T>(
  due: DueExecution,
  fn: (tx: Tx, events: PendingEvent[], version: number, context: ExecutionContext | null) => Promise<T>,
  /** cachedVersion: the version of the caller's copy of the state (PostgreSQL: else the state is read with the lock) */
  opts: { now?: Date; batch?: number; cachedVersion?: number } = {},
): Promise<{ locked: false } | { locked: true; value: T; consumed: number }> {
  const now = opts.now ?? new Date();
  const take = opts.batch ?? 100;
  return tenantDb(due.tenantId).$transaction(async (tx) => {
    let rows: { id: number; payload: string }[];
    let version: number;
    let context: ExecutionContext | null = null;
    if (PG()) {
      // one statement: the row's lock (skipped when another executor holds it) with its version,
      // the due events taken out of the queue, only once the lock is held (consumed when the
      // transaction commits, back if it rolls back), and what a step reads of its surroundings
      // (the namespace's lineage, computed from the row's namespace, the tenant's worker group, and
      // the execution's row and task runs when the caller's copy is not current); no row: not locked
      const cached = opts.cachedVersion ?? -1;
      const [locked] = await tx.$queryRaw<
        { version: number; namespace: string; row: unknown; taskRuns: unknown; namespaces: unknown; tenantWorkerGroup: string | null; events: unknown }[]
      >`
        WITH "locked" AS (
          SELECT "version", "namespace", CASE WHEN "version" <> ${cached}::int THEN to_json(x) END AS "row"
          FROM "Execution" x WHERE "tenantId" = ${due.tenantId} AND "id" = ${due.executionId} FOR NO KEY UPDATE SKIP LOCKED
        ), "taken" AS (
          DELETE FROM "ExecutionEvent" WHERE "id" IN (
            SELECT "id" FROM "ExecutionEvent"
            WHERE "tenantId" = ${due.tenantId} AND "executionId" = ${due.executionId} AND "availableAt" <= ${now.toISOString()}::timestamp
              AND EXISTS (SELECT 1 FROM "locked")
            ORDER BY "id" LIMIT ${take})
          RETURNING "id", "payload"
        )
        SELECT l."version", l."namespace", l."row",
          CASE WHEN l."row" IS NOT NULL THEN (
            SELECT COALESCE(json_agg(r ORDER BY r."seq"), '[]'::json) FROM "TaskRun" r WHERE r."tenantId" = ${due.tenantId} AND r."executionId" = ${due.executionId}
          ) END AS "taskRuns",
          ${chainRowsSql(Prisma.sql`${due.tenantId}`, Prisma.raw(`l."namespace"`))} AS "namespaces",
          (SELECT "workerGroup" FROM "Tenant" WHERE "id" = ${due.tenantId}) AS "tenantWorkerGroup",
          (SELECT COALESCE(json_agg(json_build_object('id', t."id", 'payload', t."payload") ORDER BY t."id"), '[]'::json) FROM "taken" t) AS "events"
        FROM "locked" l`;
      if (!locked) return { locked: false as const };
      version = locked.version;
      const execRow = executionRowOf(locked.row);
      context = {
        chain: chainFrom(locked.namespace, fromJson<ChainRow[]>(locked.namespaces) ?? []),
        tenantWorkerGroup: locked.tenantWorkerGroup ?? "",
        ...(execRow ? { state: { execution: toExecution(execRow), taskRuns: (fromJson<TaskRunRow[]>(locked.taskRuns) ?? []).map(toTaskRun) } } : {}),
      };
      rows = fromJson<{ id: number; payload: string }[]>(locked.events) ?? [];
    } else {
      const locked = await tx.$queryRaw<{ version: number | bigint }[]>`
        UPDATE "Execution" SET "version" = "version" WHERE "tenantId" = ${due.tenantId} AND "id" = ${due.executionId} RETURNING "version"`;
      if (locked.length === 0) return { locked: false as const };
      version = Number(locked[0].version);
      rows = await tx.executionEvent.findMany({
        where: { tenantId: due.tenantId, executionId: due.executionId, availableAt: { lte: now } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, payload: true },
      });
      if (rows.length) await tx.executionEvent.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
    }
    const events = rows.map((r) => ({ id: Number(r.id), event: JSON.parse(r.payload) as EngineEvent }));
    const value = await fn(tx, events, version, context);
    return { locked: true as const, value, consumed: rows.length };
  });
}

/** Delays an execution's due events (an execution whose step keeps failing is retried later, not in a tight loop). */
export async function postponeEvents(due: DueExecution, until: Date, now = new Date()) {
  await tenantDb(due.tenantId).$transaction(async (tx) => {
    await tx.executionEvent.updateMany({ where: { executionId: due.executionId, availableAt: { lte: now } }, data: { availableAt: until } });
    await notifyOnCommit(tx, CHANNELS.timer);
  });
  wake(CHANNELS.timer);
}

/** Inserts an event for an execution (resume, kill...) in its own transaction and wakes the executors. */
export async function sendEvent(tenantId: string, executionId: string, event: EngineEvent, availableAt = new Date()) {
  const { later } = await tenantDb(tenantId).$transaction((tx) => insertEvent(tx, tenantId, executionId, event, availableAt));
  wake(later ? CHANNELS.timer : CHANNELS.executor);
}

// ---------------------------------------------------------------------------------------------
// Task jobs

/**
 * What an attempt reads first, brought by its claim's statement on PostgreSQL: the execution's row,
 * the task run's row, and the chain of the execution's namespace (null: gone).
 */
export type JobReads = { execRow: ExecutionRow | null; own: TaskRunRow | null; chain: ChainLink[] | null };

/**
 * A statement's column of the stored rows of a namespace and its ancestors (the chain, as JSON), for
 * the tenant and the namespace the given expressions hold: the lineage's names are computed by the
 * statement (`a.b.c` → `a`, `a.b`, `a.b.c`), so the rows are found through the (tenantId, name) index.
 */
function chainRowsSql(tenantId: Prisma.Sql, namespace: Prisma.Sql) {
  return Prisma.sql`(SELECT COALESCE(json_agg(n), '[]'::json) FROM "Namespace" n
    WHERE n."tenantId" = ${tenantId} AND n."name" IN (
      SELECT array_to_string((string_to_array(${namespace}, '.'))[1:i], '.')
      FROM generate_series(1, cardinality(string_to_array(${namespace}, '.'))) i))`;
}

/** A `to_json` / `json_agg` column's value (the driver may hand it over parsed or as text). */
const fromJson = <T>(v: unknown): T | null => (v === null || v === undefined ? null : ((typeof v === "string" ? JSON.parse(v) : v) as T));

/** An execution's row from its `to_json`: a timestamp column in JSON is its UTC value without a zone. */
function executionRowOf(v: unknown): ExecutionRow | null {
  const exec = fromJson<Omit<ExecutionRow, "scheduleDate"> & { scheduleDate: string | null }>(v);
  return exec ? { ...exec, scheduleDate: exec.scheduleDate ? new Date(`${exec.scheduleDate}Z`) : null } : null;
}

/** JobReads from the JSON of a claim's columns. */
function jobReadsOf(execution: unknown, taskRun: unknown, namespaces: unknown): JobReads {
  const execRow = executionRowOf(execution);
  return { execRow, own: fromJson<TaskRunRow>(taskRun), chain: execRow ? chainFrom(execRow.namespace, fromJson<ChainRow[]>(namespaces) ?? []) : null };
}

export type ClaimedJob = {
  id: string;
  tenantId: string;
  executionId: string;
  taskRunId: string;
  attempt: number;
  taskId: string;
  workerGroup: string;
  cancelRequested: boolean;
  leaseUntil: Date;
  /** when this worker claimed it: the attempt's start */
  claimedAt: Date;
  /** the attempt's first reads, brought by the claim (PostgreSQL) */
  reads?: JobReads;
};

/** A claimed job's row as a claim reads it (the claim's own date and lease are the caller's). */
type TaskJobRow = Omit<ClaimedJob, "leaseUntil" | "claimedAt"> & { leaseUntil?: Date | null };

/** The tenants a group's workers may run: "all" (the default group "", or a group that lists
 * none), the listed ones, or "none" for a group that is not defined. */
async function allowedTenants(tx: Tx, group: string): Promise<"all" | "none" | string[]> {
  if (group === "") return "all";
  const row = await tx.workerGroup.findUnique({ where: { key: group }, select: { allowedTenants: true } });
  if (!row) return "none";
  const ids = parseAllowed(row.allowedTenants);
  return ids.length ? ids : "all";
}

/**
 * Claims up to `limit` runnable jobs of the worker's group ("" is the default group) under a lease
 * of `leaseMs`. Concurrent claimers never get the same job: PostgreSQL claims with statements that
 * skip the rows another claimer has locked, SQLite runs one claim at a time. The executor learns of the
 * attempt's start from the worker (`noticeStarted`, once the attempt has run for a while) or from
 * its result, which carries the claim's date: an attempt that ends at once costs the executor one
 * pass, not two.
 */
export async function claimJobs(opts: { workerId: string; group?: string; limit: number; leaseMs: number; now?: Date }): Promise<ClaimedJob[]> {
  if (opts.limit <= 0) return [];
  const now = opts.now ?? new Date();
  const group = opts.group ?? "";
  const leaseUntil = new Date(now.getTime() + opts.leaseMs);
  // SQLite has one writer: an idle worker looks first, without taking the write lock every poll
  if (!PG() && !(await db.taskJob.findFirst({ where: { workerGroup: group, claimedBy: null, availableAt: { lte: now } }, select: { id: true } }))) return [];
  // PostgreSQL: no transaction around the claim; each round's UPDATE ... RETURNING claims its rows
  // by itself, atomically (another claimer skips them); SQLite: one transaction, the single writer
  const inOne = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => (PG() ? fn(db as unknown as Tx) : db.$transaction(fn));
  const claimed = await inOne(async (tx) => {
    await beginWrite(tx);
    // a named group's workers take only the tenants it allows (SPEC §7), and nothing while it is
    // not defined (lib/workers: the scheduler settles such jobs by their fallback)
    const allowed = await allowedTenants(tx, group);
    if (allowed === "none") return [];
    const runnable = { workerGroup: group, claimedBy: null, availableAt: { lte: now }, ...(allowed === "all" ? {} : { tenantId: { in: allowed } }) };
    let tenants = PG()
      ? takeTurns(
          `jobs:${group}`,
          await tx.$queryRaw<{ id: string; weight: number }[]>`
            SELECT t."id", t."weight" FROM "Tenant" t
            WHERE t."deleted" = false AND EXISTS (
              SELECT 1 FROM "TaskJob" j
              WHERE j."tenantId" = t."id" AND j."workerGroup" = ${group} AND j."claimedBy" IS NULL
                AND j."availableAt" <= ${now.toISOString()}::timestamp)
              AND (${allowed === "all"}::boolean OR t."id" = ANY(${allowed === "all" ? [] : allowed}::text[]))`,
        )
      : await inTurns(
          tx,
          `jobs:${group}`,
          (await tx.taskJob.groupBy({ by: ["tenantId"], where: runnable, orderBy: { tenantId: "asc" } })).map((g) => g.tenantId),
        );
    // rounds: each tenant with runnable work gets its share of the free slots (by weight), then
    // the slots left go round again among those that had more
    const ids: string[] = [];
    const taken: TaskJobRow[] = [];
    while (ids.length < opts.limit && tenants.length) {
      const free = opts.limit - ids.length;
      const total = tenants.reduce((n, t) => n + t.weight, 0);
      const more: Turn[] = [];
      for (const turn of tenants) {
        const { tenantId } = turn;
        const take = Math.min(shareOf(free, turn.weight, total), opts.limit - ids.length);
        if (take <= 0) break;
        let picked: string[];
        if (PG()) {
          // picked and claimed in one statement; the rows other claimers hold are skipped. The same
          // statement reads what each attempt reads first (its execution, its task run, the chain
          // of the execution's namespace), each row by the job's own tenant and keys
          const rows = await tx.$queryRaw<(TaskJobRow & { execution: unknown; taskRun: unknown; namespaces: unknown })[]>`
            WITH "claimed" AS (
              UPDATE "TaskJob" SET "claimedBy" = ${opts.workerId}, "leaseUntil" = ${leaseUntil.toISOString()}::timestamp
              WHERE "id" IN (
                SELECT "id" FROM "TaskJob"
                WHERE "tenantId" = ${tenantId} AND "workerGroup" = ${group} AND "claimedBy" IS NULL
                  AND "availableAt" <= ${now.toISOString()}::timestamp
                ORDER BY "availableAt", "createdAt" LIMIT ${take} FOR UPDATE SKIP LOCKED)
              RETURNING "id", "tenantId", "executionId", "taskRunId", "attempt", "taskId", "workerGroup", "cancelRequested"
            )
            SELECT c.*, to_json(e) AS "execution", to_json(r) AS "taskRun",
              ${chainRowsSql(Prisma.raw(`c."tenantId"`), Prisma.raw(`e."namespace"`))} AS "namespaces"
            FROM "claimed" c
            LEFT JOIN "Execution" e ON e."tenantId" = c."tenantId" AND e."id" = c."executionId"
            LEFT JOIN "TaskRun" r ON r."tenantId" = c."tenantId" AND r."id" = c."taskRunId" AND r."executionId" = c."executionId"`;
          for (const { execution, taskRun, namespaces, ...row } of rows) taken.push({ ...row, reads: jobReadsOf(execution, taskRun, namespaces) });
          picked = rows.map((r) => r.id);
        } else {
          const rows = await tx.taskJob.findMany({
            where: { tenantId, ...runnable },
            orderBy: [{ availableAt: "asc" }, { createdAt: "asc" }],
            take,
            select: { id: true },
          });
          picked = rows.map((r) => r.id);
        }
        if (picked.length === 0) continue;
        // claimed now, so that the next round's reads (which see this transaction's own locked
        // rows) pass over them
        if (!PG()) await tx.taskJob.updateMany({ where: { id: { in: picked }, claimedBy: null }, data: { claimedBy: opts.workerId, leaseUntil } });
        ids.push(...picked);
        if (picked.length === take) more.push(turn);
      }
      tenants = more;
    }
    if (ids.length === 0) return [];
    if (PG()) return taken;
    return tx.taskJob.findMany({ where: { id: { in: ids }, claimedBy: opts.workerId } });
  });
  return claimed.map((j) => ({
    id: j.id,
    tenantId: j.tenantId,
    executionId: j.executionId,
    taskRunId: j.taskRunId,
    attempt: j.attempt,
    taskId: j.taskId,
    workerGroup: j.workerGroup,
    cancelRequested: j.cancelRequested,
    leaseUntil: j.leaseUntil ?? leaseUntil,
    claimedAt: now,
    ...("reads" in j && j.reads ? { reads: j.reads } : {}),
  }));
}

/**
 * Tells the executor that a claimed attempt started (dated at its claim): the worker sends it once
 * the attempt has run for a while (the live pages show it running, its `timeout` counts). Through
 * the job's tenant, as everything done for a job once it is found; not fenced by the lease: a
 * notice of an attempt that is no longer current is ignored by the executor.
 */
export async function noticeStarted(job: Pick<ClaimedJob, "tenantId" | "executionId" | "taskRunId" | "attempt" | "claimedAt">, workerId: string) {
  const event: EngineEvent = { type: "task-started", taskRunId: job.taskRunId, attempt: job.attempt, workerId, at: job.claimedAt.toISOString() };
  await tenantDb(job.tenantId).$transaction((tx) => insertEvent(tx, job.tenantId, job.executionId, event));
  // SQLite: the executor is in this process; PostgreSQL: the insert notifies at its commit
  wake(CHANNELS.executor);
}

/**
 * Renews the lease of a claimed job. `held: false`: the lease ran out or the job was taken back
 * (the worker stops the attempt and reports nothing); `cancelled`: the executor asked to abort it.
 */
export async function heartbeat(job: Pick<ClaimedJob, "id" | "tenantId">, workerId: string, leaseMs: number, now = new Date()) {
  const rows = await tenantDb(job.tenantId).taskJob.updateManyAndReturn({
    where: { id: job.id, claimedBy: workerId, leaseUntil: { gt: now } },
    data: { leaseUntil: new Date(now.getTime() + leaseMs) },
    select: { cancelRequested: true },
  });
  return rows.length ? { held: true, cancelled: rows[0].cancelRequested } : { held: false, cancelled: false };
}

/**
 * Reports the result of a claimed attempt: the job is removed and a `task-result` event inserted
 * in one transaction, but only while the caller still holds the lease of that attempt; otherwise
 * the result is not written and the answer is "stale" (another attempt has it, or the scheduler
 * took it back).
 */
export async function completeJob(
  job: Pick<ClaimedJob, "id" | "tenantId" | "executionId" | "taskRunId" | "attempt"> & { claimedAt?: Date },
  workerId: string,
  given: TaskResult,
  now = new Date(),
  opts: {
    /**
     * writes of the attempt that go with its result (its last log lines), kept even when the result
     * is refused; may answer another result (the logs reached their bound: FAILED). They come first:
     * they lock the execution's row before the job's, in the executor's order (no deadlock with a
     * pass that cancels the job)
     */
    with?: (tx: Tx) => Promise<TaskResult | void>;
  } = {},
): Promise<"accepted" | "stale"> {
  const outcome = await tenantDb(job.tenantId).$transaction(async (tx) => {
    const result = (await opts.with?.(tx)) ?? given;
    const event: EngineEvent = {
      type: "task-result",
      taskRunId: job.taskRunId,
      attempt: job.attempt,
      ...(job.claimedAt ? { startedAt: job.claimedAt.toISOString() } : {}),
      workerId,
      state: result.state,
      outputs: result.outputs ?? null,
      error: result.error ?? null,
      ...(result.workingDirectory ? { workingDirectory: result.workingDirectory } : {}),
    };
    if (PG()) {
      const at = new Date().toISOString();
      // one statement: the job is removed while this attempt still holds its lease, and only then
      // the result's event is inserted (its insert notifies the executors at the commit)
      const [row] = await tx.$queryRaw<{ inserted: number }[]>`
        WITH "gone" AS (
          DELETE FROM "TaskJob"
          WHERE "tenantId" = ${job.tenantId} AND "id" = ${job.id} AND "taskRunId" = ${job.taskRunId} AND "attempt" = ${job.attempt}
            AND "claimedBy" = ${workerId} AND "leaseUntil" > ${now.toISOString()}::timestamp
          RETURNING 1
        ), "inserted" AS (
          INSERT INTO "ExecutionEvent" ("tenantId", "executionId", "payload", "availableAt", "createdAt")
          SELECT ${job.tenantId}, ${job.executionId}, ${JSON.stringify(event)}, ${at}::timestamp, ${at}::timestamp
          WHERE EXISTS (SELECT 1 FROM "gone")
          RETURNING 1
        )
        SELECT count(*)::int AS "inserted" FROM "inserted"`;
      return row?.inserted === 1 ? ("accepted" as const) : ("stale" as const);
    }
    const gone = await tx.taskJob.deleteMany({
      where: { id: job.id, taskRunId: job.taskRunId, attempt: job.attempt, claimedBy: workerId, leaseUntil: { gt: now } },
    });
    if (gone.count !== 1) return "stale" as const;
    await insertEvent(tx, job.tenantId, job.executionId, event);
    return "accepted" as const;
  });
  if (outcome === "accepted") wake(CHANNELS.executor);
  return outcome;
}

/**
 * Takes back the jobs whose lease ran out: each is deleted and its execution gets one
 * `attempt-lost` event, in one transaction (a job is taken back once, however many schedulers
 * run). Returns how many.
 */
export async function expireLeases(limit = 100, now = new Date()): Promise<number> {
  // as claims: on SQLite, no write lock when nothing ran out
  if (!PG() && !(await db.taskJob.findFirst({ where: { leaseUntil: { lt: now } }, select: { id: true } }))) return 0;
  const n = await db.$transaction(async (tx) => {
    await beginWrite(tx);
    let expired: { id: string; tenantId: string; executionId: string; taskRunId: string; attempt: number; claimedBy: string | null }[];
    if (PG()) {
      expired = await tx.$queryRaw`
        SELECT "id", "tenantId", "executionId", "taskRunId", "attempt", "claimedBy" FROM "TaskJob"
        WHERE "leaseUntil" < ${now.toISOString()}::timestamp
        ORDER BY "leaseUntil" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    } else {
      expired = await tx.taskJob.findMany({
        where: { leaseUntil: { lt: now } },
        orderBy: { leaseUntil: "asc" },
        take: limit,
        select: { id: true, tenantId: true, executionId: true, taskRunId: true, attempt: true, claimedBy: true },
      });
    }
    if (expired.length === 0) return 0;
    const gone = await tx.taskJob.deleteMany({ where: { id: { in: expired.map((j) => j.id) }, leaseUntil: { lt: now } } });
    if (gone.count !== expired.length) throw new Error("A lease changed while it was being taken back");
    await tx.executionEvent.createMany({
      data: expired.map((j) => ({
        tenantId: j.tenantId,
        executionId: j.executionId,
        payload: JSON.stringify({
          type: "attempt-lost",
          taskRunId: j.taskRunId,
          attempt: j.attempt,
          ...(j.claimedBy ? { workerId: j.claimedBy } : {}),
        } satisfies EngineEvent),
      })),
    });
    await notify(tx, CHANNELS.executor);
    return expired.length;
  });
  if (n) wake(CHANNELS.executor);
  return n;
}

/** Wakes the executors when timers came due since `since` (the scheduler's part in delayed work). */
export async function announceDueTimers(since: Date, now = new Date()): Promise<number> {
  const due = await db.executionEvent.count({ where: { availableAt: { gt: since, lte: now } } });
  if (due) {
    if (PG()) await db.$executeRaw`SELECT pg_notify(${CHANNELS.executor}, '')`;
    wake(CHANNELS.executor);
  }
  return due;
}
