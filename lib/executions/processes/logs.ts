import { tenantDb } from "@/lib/db";
import type { LogLine } from "../store";
import { reportError, retryConnection } from "./role";

// A worker's log lines are written in batches: each tenant's pending lines in one insert, when
// enough are waiting or a short interval has passed, and always before an attempt's result is
// reported (so that an execution's logs are stored before it moves on).

export class LogBatcher {
  private pending: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: { maxLines?: number; intervalMs?: number; role?: string } = {},
  ) {}

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
      const byTenant = new Map<string, LogLine[]>();
      for (const l of lines) byTenant.set(l.tenantId, [...(byTenant.get(l.tenantId) ?? []), l]);
      for (const [tenantId, rows] of byTenant) {
        // a database restart only delays the lines (for a while); anything else is reported
        await retryConnection(() => tenantDb(tenantId).executionLog.createMany({ data: rows }), 15_000).catch((e) => reportError(this.opts.role ?? "worker", e));
      }
    });
    return this.flushing;
  }
}
