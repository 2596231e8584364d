import { Cron } from "croner";

// Schedule's cron through croner: 5 fields, 6 with `withSeconds: true`, the nicknames (@hourly,
// @daily, @midnight, @weekly, @monthly, @yearly, @annually), in the trigger's timezone (UTC by
// default). Daylight saving time as the orchestrator has it: a date in the hour skipped in spring
// fires once (at the first instant after the gap), and a repeated autumn hour fires once (the
// second pass of the same wall-clock time is not a new date).

export type CronSpec = { cron: string; withSeconds?: boolean; timezone?: string };

/** The cron's dates after a given instant (exclusive), in order. */
export class Schedule {
  private readonly cron: Cron;
  private readonly wall: Intl.DateTimeFormat;

  constructor(readonly spec: CronSpec) {
    const parts = spec.cron.trim().split(/\s+/);
    const nickname = spec.cron.trim().startsWith("@");
    if (!nickname && parts.length !== (spec.withSeconds ? 6 : 5)) {
      throw new Error(`cron "${spec.cron}" must have ${spec.withSeconds ? 6 : 5} fields`);
    }
    const timezone = spec.timezone || "UTC";
    this.cron = new Cron(spec.cron.trim(), { paused: true, timezone });
    this.wall = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  }

  /** The wall-clock time of an instant in the trigger's timezone, comparable as text. */
  private wallOf(d: Date) {
    return this.wall.format(d);
  }

  /** The first date strictly after `after` whose wall-clock time is later than `after`'s. */
  next(after: Date): Date | null {
    const floor = this.wallOf(after);
    let d: Date | null = after;
    // a repeated hour: croner yields its times twice (summer, then winter time); the second is skipped
    for (let i = 0; i < 10_000 && d; i++) {
      d = this.cron.nextRun(d);
      if (d && this.wallOf(d) > floor) return d;
    }
    return null;
  }

  /** The last date strictly before `before`, looked for in growing windows (a minute up to a year). */
  previous(before: Date): Date | null {
    for (const window of [60_000, 3600_000, 86_400_000, 32 * 86_400_000, 366 * 86_400_000]) {
      let last: Date | null = null;
      for (let d = this.next(new Date(before.getTime() - window)); d && d < before; d = this.next(d)) last = d;
      if (last) return last;
    }
    return null;
  }

  /** Dates in (from, to] (or [from, to] with `inclusive`), at most `limit`. */
  between(from: Date, to: Date, limit: number, inclusive = true): Date[] {
    const out: Date[] = [];
    let d = this.next(new Date(from.getTime() - (inclusive ? 1 : 0)));
    while (d && d <= to && out.length < limit) {
      if (!inclusive && d >= to) break;
      out.push(d);
      d = this.next(d);
    }
    return out;
  }
}
