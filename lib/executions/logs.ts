import "server-only";
import type { TenantContext } from "../authz/context";
import type { Prisma } from "../db";
import { invalid } from "../errors";
import { nextChange } from "./follow";
import { type Execution, type LogLevel, LOG_LEVELS, type State, isTerminal } from "./types";
import { logView } from "./views";
import { loadExecution, peek } from "./access";

// An execution's log lines: a page at a time keyed by log id, followed as they come, or downloaded.

export type LogFilters = { minLevel?: string; taskRunId?: string; taskId?: string; /** log ids after this one */ after?: number; size?: number };

export const LOG_PAGE = 100;
export const MAX_LOG_PAGE = 1000;

/** Levels at or above `minLevel`. */
export function levelsFrom(minLevel: string | undefined): LogLevel[] {
  if (!minLevel) return [...LOG_LEVELS];
  const i = LOG_LEVELS.indexOf(minLevel.toUpperCase() as LogLevel);
  if (i < 0) throw invalid("Invalid minLevel", [{ path: "minLevel", message: `minLevel must be one of ${LOG_LEVELS.join(", ")}` }]);
  return LOG_LEVELS.slice(i);
}

/**
 * The execution's log lines (EXECUTION:READ), in order, a page at a time keyed by log id (`after`
 * the last id seen); `next` is the id to ask after for the next page, null at the end.
 */
export async function listLogs(ctx: TenantContext, executionId: string, f: LogFilters = {}) {
  const execution = await loadExecution(ctx, executionId);
  return readLogs(ctx, execution, f);
}

/** A turn of the event loop: SQLite's driver answers without one, so a stream reading page after
 * page would otherwise hold back every write to the client until it had read them all. */
const ioTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function readLogs(ctx: TenantContext, execution: Pick<Execution, "id">, f: LogFilters, opts: { total?: boolean } = {}) {
  const size = Math.min(Math.max(1, f.size ?? LOG_PAGE), MAX_LOG_PAGE);
  const levels = levelsFrom(f.minLevel);
  const where: Prisma.ExecutionLogWhereInput = {
    executionId: execution.id,
    ...(levels.length < LOG_LEVELS.length && { level: { in: levels } }),
    ...(f.taskRunId && { taskRunId: f.taskRunId }),
    ...(f.taskId && { taskId: f.taskId }),
  };
  // the streams read every page and need no count of them all
  const [rows, total] = await Promise.all([
    ctx.db.executionLog.findMany({ where: { ...where, ...(f.after !== undefined && { id: { gt: f.after } }) }, orderBy: { id: "asc" }, take: size + 1 }),
    opts.total === false ? Promise.resolve(0) : ctx.db.executionLog.count({ where }),
  ]);
  const page = rows.slice(0, size);
  return { results: page.map(logView), total, next: rows.length > size ? page.at(-1)!.id : null };
}

/** What a log follow stream sends: the lines after `after` as they come, until the execution ended and all are sent. */
export async function* followLogs(ctx: TenantContext, executionId: string, f: LogFilters, signal: AbortSignal) {
  await loadExecution(ctx, executionId);
  let after = f.after;
  while (!signal.aborted) {
    const row = await peek(ctx, executionId);
    const ended = !row || isTerminal(row.state as State);
    for (;;) {
      const page = await readLogs(ctx, { id: executionId }, { ...f, after, size: MAX_LOG_PAGE }, { total: false });
      for (const line of page.results) {
        after = line.id;
        yield line;
      }
      if (page.next === null) break;
      await ioTurn();
    }
    // the lines of an ended execution were all written before it ended
    if (ended) return;
    await nextChange();
  }
}

/** Every log line of an execution as text, one per line, read a page at a time (EXECUTION:READ). */
export async function* logLines(ctx: TenantContext, executionId: string, f: LogFilters = {}) {
  await loadExecution(ctx, executionId);
  let after: number | undefined;
  for (;;) {
    const page = await readLogs(ctx, { id: executionId }, { ...f, after, size: MAX_LOG_PAGE }, { total: false });
    for (const l of page.results) yield `${l.timestamp} ${l.level.padEnd(5)} ${l.taskId ?? "-"} ${l.message}\n`;
    if (page.next === null) return;
    await ioTurn();
    after = page.next;
  }
}
