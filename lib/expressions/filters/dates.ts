import type { CallSite } from "../context";
import { formatDate } from "../dates/format";
import { toDateTime } from "../dates/parse";
import { fieldsAt, instantOf, validZone } from "../dates/zone";
import type { Args, FilterDef } from "../registry";
import { DateTime } from "../values";
import { integer, nullable, text } from "./input";

const DATE_ARGS = ["format", "timeZone", "existingFormat", "locale"];

function zoneOf(args: Args, site: CallSite): string {
  if (args.timeZone === undefined || args.timeZone === null) return site.run.timeZone;
  const zone = validZone(text(args.timeZone, site, "timeZone"));
  return zone ?? site.fail(`unknown time zone "${String(args.timeZone)}"`);
}

/** The input as a date in the target zone (the orchestrator converts every date to it). */
export function inputDate(input: unknown, args: Args, site: CallSite): DateTime {
  const zone = zoneOf(args, site);
  const existing = args.existingFormat === undefined ? undefined : text(args.existingFormat, site, "existingFormat");
  const date = toDateTime(input, zone, existing);
  if (typeof date === "string") return site.fail(date);
  return inRange(new DateTime(date.epochMs, zone, date.subMsNanos), site);
}

/** JavaScript dates span ±100,000,000 days around 1970; beyond, there is no calendar to show. */
function inRange(date: DateTime, site: CallSite): DateTime {
  if (!(Math.abs(date.epochMs) <= 8.64e15)) site.fail("the date is out of range");
  return date;
}

export function format(date: DateTime, args: Args, site: CallSite): string {
  const pattern = args.format === undefined || args.format === null ? "iso" : text(args.format, site, "format");
  const locale = args.locale === undefined ? "en" : text(args.locale, site, "locale").replace("_", "-");
  try {
    return formatDate(date, pattern, locale);
  } catch (e) {
    return site.fail((e as Error).message);
  }
}

const UNITS: Record<string, number> = {
  NANOS: 1e-6,
  MICROS: 1e-3,
  MILLIS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  HALF_DAYS: 43_200_000,
};
const CALENDAR: Record<string, [number, number]> = { DAYS: [0, 1], WEEKS: [0, 7], MONTHS: [1, 0], YEARS: [12, 0], DECADES: [120, 0], CENTURIES: [1200, 0], MILLENNIA: [12000, 0] };

/** Adds like ZonedDateTime.plus: time units to the instant, date units to the wall-clock date. */
export function addTo(date: DateTime, amount: number, unit: string, site: CallSite): DateTime {
  const u = unit.toUpperCase();
  if (UNITS[u] !== undefined) {
    const nanos = date.subMsNanos + (u === "NANOS" ? amount : u === "MICROS" ? amount * 1000 : 0);
    const ms = u === "NANOS" || u === "MICROS" ? Math.floor(nanos / 1e6) : amount * UNITS[u];
    return new DateTime(date.epochMs + ms, date.zone, ((nanos % 1e6) + 1e6) % 1e6);
  }
  const cal = CALENDAR[u];
  if (!cal) return site.fail(`unknown unit "${unit}" (NANOS, MICROS, MILLIS, SECONDS, MINUTES, HOURS, HALF_DAYS, DAYS, WEEKS, MONTHS, YEARS, DECADES, CENTURIES)`);
  const f = fieldsAt(date.epochMs, date.zone);
  const months = f.year * 12 + (f.month - 1) + amount * cal[0];
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  // a month shorter than the day clamps to its last day, as Java does
  const lastDay = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 1 : 0);
  const day = Math.min(f.day, lastDay) + amount * cal[1];
  const shifted = new Date(0);
  shifted.setUTCFullYear(year, month - 1, day);
  const fields = { ...f, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
  return new DateTime(instantOf(fields, date.zone), date.zone, date.subMsNanos);
}

const timestamp = (divide: (d: DateTime) => number): FilterDef => ({
  args: ["timeZone", "existingFormat"],
  apply: nullable((input, args: Args, site: CallSite) => divide(inputDate(input, args, site))),
});

export const DATE_FILTERS: Record<string, FilterDef> = {
  date: { args: DATE_ARGS, apply: nullable((input, args: Args, site: CallSite) => format(inputDate(input, args, site), args, site)) },
  dateAdd: {
    args: ["amount", "unit", ...DATE_ARGS],
    apply: nullable((input, args: Args, site: CallSite) => {
      const amount = integer(args.amount, site, "amount");
      const unit = text(args.unit, site, "unit");
      return format(inRange(addTo(inputDate(input, args, site), amount, unit, site), site), args, site);
    }),
  },
  timestamp: timestamp((d) => Math.floor(d.epochMs / 1000)),
  timestampMilli: timestamp((d) => d.epochMs),
  timestampMicro: timestamp((d) => d.epochMs * 1000 + Math.floor(d.subMsNanos / 1000)),
  timestampNano: timestamp((d) => d.epochMs * 1_000_000 + d.subMsNanos),
};
