import { config, isPostgres } from "@/lib/config";
import { type Tx, tenantDb } from "@/lib/db";
import type { LogLine } from "../store";
import { reportError, retryConnection } from "./role";

// A worker's log lines are written in batches: each tenant's pending lines in one insert, when
// enough are waiting or a short interval has passed, and at the latest with an attempt's result,
// in the result's own transaction (take() and storeIn(); so that an execution's logs are stored
// before it moves on, at no extra transaction).

// Each execution's logs are bounded (TENANTFLOW_MAX_EXECUTION_LOG_SIZE, bytes of messages): the
// execution's `logBytes` counts what was stored; lines past the bound are dropped, one ERROR line
// says so, and the execution is reported to `onLimit` so that the worker fails the running attempt.

const bytesOf = (s: string) => Buffer.byteLength(s, "utf8");

export class LogBatcher {
  private pending: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: { maxLines?: number; intervalMs?: number; role?: string; maxBytes?: number; onLimit?: (executionId: string) => void } = {},
  ) {}

  private get maxBytes() {
    return this.opts.maxBytes ?? config().maxExecutionLogSize;
  }

  /** The lines of one execution that fit its bound, counted in the same transaction as they are stored. */
  private store(tenantId: string, executionId: string, rows: LogLine[]): Promise<boolean> {
    return tenantDb(tenantId).$transaction((tx) => this.storeIn(tx, executionId, rows));
  }

  /**
   * Stores the lines of one execution that fit its bound inside the caller's transaction (of the
   * execution's tenant); answers whether the bound is reached. The caller reports that with
   * limitReached() once its transaction committed.
   */
  async storeIn(tx: Tx, executionId: string, rows: LogLine[]): Promise<boolean> {
    const limit = this.maxBytes;
    const wanted = rows.reduce((n, r) => n + bytesOf(r.message), 0);
    let after: { logBytes: number };
    if (isPostgres()) {
      // one statement: the count goes up, and the lines are inserted when it stays within the bound
      const [row] = await tx.$queryRaw<{ logBytes: number | null }[]>`
        WITH "counted" AS (
          UPDATE "Execution" SET "logBytes" = "logBytes" + ${wanted}, "updatedAt" = ${new Date().toISOString()}::timestamp
          WHERE "tenantId" = ${rows[0].tenantId} AND "id" = ${executionId} RETURNING "logBytes"
        ), "stored" AS (
          INSERT INTO "ExecutionLog" ("tenantId", "namespace", "flowId", "executionId", "taskRunId", "taskId", "attempt", "level", "timestamp", "message")
          SELECT l."tenantId", l."namespace", l."flowId", l."executionId", l."taskRunId", l."taskId", l."attempt", l."level", l."timestamp", l."message"
          FROM json_to_recordset(${JSON.stringify(rows)}::json) AS l("tenantId" text, "namespace" text, "flowId" text, "executionId" text, "taskRunId" text, "taskId" text, "attempt" int, "level" text, "timestamp" timestamp, "message" text)
          WHERE (SELECT "logBytes" FROM "counted") <= ${limit}
          RETURNING 1
        )
        SELECT (SELECT "logBytes" FROM "counted")::int AS "logBytes"`;
      if (row?.logBytes == null) throw new Error(`Execution ${executionId} is gone`);
      after = { logBytes: row.logBytes };
    } else {
      after = await tx.execution.update({ where: { id: executionId }, data: { logBytes: { increment: wanted } }, select: { logBytes: true } });
    }
    const before = after.logBytes - wanted;
    if (after.logBytes <= limit) {
      if (!isPostgres()) await tx.executionLog.createMany({ data: rows });
      return false;
    }
    // keep what fits, then say where the logs stop
    const kept: LogLine[] = [];
    let used = before;
    for (const r of rows) {
      const n = bytesOf(r.message);
      if (used + n > limit) break;
      kept.push(r);
      used += n;
    }
    if (before <= limit) {
      const last = rows[rows.length - 1];
      kept.push({
        ...last,
        level: "ERROR",
        timestamp: new Date(),
        message: `The execution's logs reached their limit of ${limit} bytes (TENANTFLOW_MAX_EXECUTION_LOG_SIZE): later lines are not kept`,
      });
    }
    if (kept.length) await tx.executionLog.createMany({ data: kept });
    await tx.execution.update({ where: { id: executionId }, data: { logBytes: Math.max(used, limit + 1) } });
    return true;
  }

  /** The execution's logs reached their bound: its running attempts fail. */
  limitReached(executionId: string) {
    this.opts.onLimit?.(executionId);
  }

  /**
   * Takes the pending lines of one execution out of the batch, once the writes in flight are done
   * (so that lines stay in order): the caller stores them with storeIn() in its own transaction,
   * or with storeNow() when that transaction did not commit.
   */
  async take(executionId: string): Promise<LogLine[]> {
    await this.flushing;
    const mine = this.pending.filter((l) => l.executionId === executionId);
    if (mine.length) this.pending = this.pending.filter((l) => l.executionId !== executionId);
    return mine;
  }

  /** Stores lines taken with take() in a transaction of their own (the database away: tried again for a while). */
  async storeNow(lines: LogLine[]) {
    if (!lines.length) return;
    const { tenantId, executionId } = lines[0];
    try {
      if (await retryConnection(() => this.store(tenantId, executionId, lines), 15_000)) this.limitReached(executionId);
    } catch (e) {
      reportError(this.opts.role ?? "worker", e);
    }
  }

  add(line: LogLine) {
    this.pending.push(line);
    if (this.pending.length >= (this.opts.maxLines ?? 200)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.intervalMs ?? 250);
  }

  /** Writes every pending line; resolves when they (and earlier flushes) are stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const lines = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      if (!lines.length) return;
      const byExecution = new Map<string, LogLine[]>();
      for (const l of lines) {
        const key = `${l.tenantId}\u0000${l.executionId}`;
        const rows = byExecution.get(key);
        if (rows) rows.push(l);
        else byExecution.set(key, [l]);
      }
      for (const rows of byExecution.values()) {
        const { tenantId, executionId } = rows[0];
        let over = false;
        try {
          // a database restart only delays the lines (for a while); anything else is reported
          over = await retryConnection(() => this.store(tenantId, executionId, rows), 15_000);
        } catch (e) {
          reportError(this.opts.role ?? "worker", e);
          continue;
        }
        // over the bound now: the execution's running attempts fail
        if (over) this.opts.onLimit?.(executionId);
      }
    });
    return this.flushing;
  }
}
