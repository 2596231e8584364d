import "server-only";
import type { TenantContext } from "../authz/context";
import { inScope } from "../authz/scope";
import { isPostgres } from "../config";
import { Prisma } from "../db";
import { STATES, type State } from "./types";

// The dashboard's counts: executions per state and per hour (last 24 hours) or day (last 30
// days), counted by the database, in the readable namespaces only (a condition of the query).

import type { ExecutionStats, StateCounts, StatsBucket } from "./stats-types";
export type { ExecutionStats, StateCounts, StatsBucket };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The bucket key of a start date, as text both databases compute: 2026-11-30T04 or 2026-11-30. */
function bucketOf(unit: "hour" | "day") {
  if (isPostgres()) return Prisma.raw(unit === "hour" ? `to_char("startDate", 'YYYY-MM-DD"T"HH24')` : `to_char("startDate", 'YYYY-MM-DD')`);
  // stored as ISO-8601 text (2026-11-30T04:05:06.789+00:00); a default of the database has a space
  return Prisma.raw(unit === "hour" ? `replace(substr("startDate", 1, 13), ' ', 'T')` : `substr("startDate", 1, 10)`);
}

type Row = { b: string; state: string; n: number | bigint };

async function countBy(ctx: TenantContext, unit: "hour" | "day", since: Date): Promise<Row[]> {
  const scope = ctx.scope("EXECUTION", "READ");
  if (!scope.all && scope.prefixes.length === 0) return [];
  const bucket = bucketOf(unit);
  const where = Prisma.sql`"tenantId" = ${ctx.tenantId} AND "deleted" = false AND "startDate" >= ${since}`;
  if (scope.all) {
    return ctx.db.$queryRaw<Row[]>(Prisma.sql`SELECT ${bucket} AS "b", "state", COUNT(*) AS "n" FROM "Execution" WHERE ${where} GROUP BY 1, 2`);
  }
  const arms = inScope({
    table: "Execution",
    column: "namespace",
    prefixes: scope.prefixes,
    where,
    select: Prisma.sql`${bucket} AS "b", "state", COUNT(*) AS "n"`,
    groupBy: Prisma.sql`${bucket}, "state"`,
  });
  return ctx.db.$queryRaw<Row[]>(Prisma.sql`SELECT "b", "state", SUM("n") AS "n" FROM (${arms}) AS "c" GROUP BY "b", "state"`);
}

const pad = (n: number) => String(n).padStart(2, "0");
const keyOf = (d: Date, unit: "hour" | "day") =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${unit === "hour" ? `T${pad(d.getUTCHours())}` : ""}`;

function buckets(rows: Row[], unit: "hour" | "day", first: Date, count: number): StatsBucket[] {
  const step = unit === "hour" ? HOUR : DAY;
  const out = Array.from({ length: count }, (_, i) => {
    const start = new Date(first.getTime() + i * step);
    return { key: keyOf(start, unit), bucket: { start: start.toISOString(), counts: {} as StateCounts, total: 0 } };
  });
  const byKey = new Map(out.map((o) => [o.key, o.bucket]));
  for (const r of rows) {
    const bucket = byKey.get(r.b);
    if (!bucket || !STATES.includes(r.state as State)) continue;
    const n = Number(r.n);
    bucket.counts[r.state as State] = (bucket.counts[r.state as State] ?? 0) + n;
    bucket.total += n;
  }
  return out.map((o) => o.bucket);
}

/**
 * Executions per state over the last 24 hours (one bucket per hour, the current one last) and the
 * last 30 days (one per day, today last), among those the caller may read (EXECUTION:READ).
 */
export async function executionStats(ctx: TenantContext, now = new Date()): Promise<ExecutionStats> {
  const hourStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const dayStart = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const firstHour = new Date(hourStart.getTime() - 23 * HOUR);
  const firstDay = new Date(dayStart.getTime() - 29 * DAY);
  // one after the other: a tenant's client may be one connection (its transaction sets row-level security)
  const hours = await countBy(ctx, "hour", firstHour);
  const days = await countBy(ctx, "day", firstDay);
  const daily = buckets(days, "day", firstDay, 30);
  return { hourly: buckets(hours, "hour", firstHour, 24), daily, total: daily.reduce((sum, b) => sum + b.total, 0) };
}
