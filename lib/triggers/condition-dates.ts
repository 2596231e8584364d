import { fieldsAt, offsetMinutes, validZone } from "@/lib/expressions/dates/zone";

// The dates the orchestrator's date conditions read, as java.time reads them: a date alone
// (LocalDate) or a date-time with its offset (ZonedDateTime), whose local date and time are the ones
// written (no conversion to UTC), and times of day with an offset (OffsetTime). Pure functions; a
// value they cannot read throws a ConditionError whose message is shown to the user as it is.

export class ConditionError extends Error {}

export const DAYS_OF_WEEK = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
export const DAYS_IN_MONTH = ["FIRST", "SECOND", "THIRD", "FOURTH", "LAST"] as const;

/** A local date: its calendar fields; `dayOfWeek` is 1 (Monday) to 7 (Sunday), as java.time counts. */
export type LocalDate = { year: number; month: number; day: number; dayOfWeek: number };
/** A date-time as written: its local fields, its offset (minutes east of UTC) and the instant it names. */
export type ZonedDateTime = LocalDate & { secondOfDay: number; nanos: number; offset: number; epochMs: number };

const DATE = /^(-?\d{4,9})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(-?\d{4,9})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)(?:\[([^\]]+)\])?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Days in a month of a (proleptic Gregorian) year; 2001 is a common year for the months but February. */
const daysIn = (year: number, month: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : new Date(Date.UTC(2001, month, 0)).getUTCDate());

function utcDay(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getTime();
}

function localDate(year: number, month: number, day: number, what: string): LocalDate {
  if (month < 1 || month > 12) throw new ConditionError(`${what}: invalid month ${month}`);
  if (day < 1 || day > daysIn(year, month)) throw new ConditionError(`${what}: invalid day ${day} for month ${month}`);
  const dow = new Date(utcDay(year, month, day)).getUTCDay();
  return { year, month, day, dayOfWeek: dow === 0 ? 7 : dow };
}

/** An ISO offset (Z, +02, +02:00, +0200, +02:00:00) in minutes; null when out of range. */
function offsetOf(text: string): number | null {
  if (text === "Z") return 0;
  const digits = text.slice(1).replace(/:/g, "");
  const h = Number(digits.slice(0, 2));
  const m = Number(digits.slice(2, 4) || 0);
  const s = Number(digits.slice(4, 6) || 0);
  if (h > 18 || m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600) return null;
  return (text[0] === "-" ? -1 : 1) * (h * 60 + m + s / 60);
}

const shown = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);

/** java.time's ZonedDateTime.parse: a date, a time, an offset, and optionally a [zone]. */
export function parseZonedDateTime(value: string, what = "date"): ZonedDateTime {
  const m = DATE_TIME.exec(value.trim());
  if (!m) throw new ConditionError(`${what} ${shown(value)} is not an ISO-8601 date-time with an offset, such as 2025-01-31T09:00:00+01:00 or 2025-01-31T08:00:00Z`);
  const [, y, mo, d, h, mi, s, frac, off, zone] = m;
  const date = localDate(Number(y), Number(mo), Number(d), `${what} ${shown(value)}`);
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) throw new ConditionError(`${what} ${shown(value)}: invalid time of day`);
  const offset = offsetOf(off);
  if (offset === null) throw new ConditionError(`${what} ${shown(value)}: invalid offset ${off}`);
  if (zone !== undefined && validZone(zone) === null) throw new ConditionError(`${what} ${shown(value)}: unknown time zone ${zone}`);
  const secondOfDay = Number(h) * 3600 + Number(mi) * 60 + Number(s ?? 0);
  const nanos = Number((frac ?? "").padEnd(9, "0"));
  const epochMs = utcDay(date.year, date.month, date.day) + secondOfDay * 1000 + Math.floor(nanos / 1e6) - offset * 60_000;
  return { ...date, secondOfDay, nanos, offset, epochMs };
}

/** DateUtils.parseLocalDate: a date alone, else the local date of a date-time with its offset. */
export function parseLocalDate(value: string, what = "date"): LocalDate {
  const m = DATE.exec(value.trim());
  if (m) return localDate(Number(m[1]), Number(m[2]), Number(m[3]), `${what} ${shown(value)}`);
  try {
    const { year, month, day, dayOfWeek } = parseZonedDateTime(value, what);
    return { year, month, day, dayOfWeek };
  } catch (e) {
    if (e instanceof ConditionError && DATE_TIME.test(value.trim())) throw e;
    throw new ConditionError(`${what} ${shown(value)} is not an ISO-8601 date (2025-01-31) or date-time with an offset (2025-01-31T09:00:00+01:00)`);
  }
}

/** A time of day with its offset, as the nanoseconds java.time's OffsetTime compares (local time less offset). */
export type OffsetTime = { comparable: number };

const comparable = (secondOfDay: number, nanos: number, offsetMinutes: number) => (secondOfDay - offsetMinutes * 60) * 1e9 + nanos;

/** java.time's OffsetTime.parse: HH:mm[:ss[.nnn]] and an offset. */
export function parseOffsetTime(value: string, what: string): OffsetTime {
  const m = TIME.exec(value.trim());
  if (!m) throw new ConditionError(`${what} ${shown(value)} is not an ISO-8601 time with an offset, such as 16:00:00+02:00 or 14:00:00Z`);
  const [, h, mi, s, frac, off] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) throw new ConditionError(`${what} ${shown(value)}: invalid time of day`);
  const offset = offsetOf(off);
  if (offset === null) throw new ConditionError(`${what} ${shown(value)}: invalid offset ${off}`);
  return { comparable: comparable(Number(h) * 3600 + Number(mi) * 60 + Number(s ?? 0), Number((frac ?? "").padEnd(9, "0")), offset) };
}

/** The time of day of a date-time, with the date-time's offset. */
export const timeOf = (d: ZonedDateTime): OffsetTime => ({ comparable: comparable(d.secondOfDay, d.nanos, d.offset) });

/** DayWeekInMonth: whether `date` is the FIRST (SECOND, THIRD, FOURTH) or LAST such day of the week of its month. */
export function isDayWeekInMonth(date: LocalDate, dayOfWeek: number, dayInMonth: (typeof DAYS_IN_MONTH)[number]): boolean {
  if (date.dayOfWeek !== dayOfWeek) return false;
  if (dayInMonth === "LAST") return date.day + 7 > daysIn(date.year, date.month);
  return Math.ceil(date.day / 7) === DAYS_IN_MONTH.indexOf(dayInMonth) + 1;
}

/**
 * An instant as the orchestrator writes a ZonedDateTime in the trigger's time zone (the local
 * date and time with the zone's offset at that instant): 2025-03-30T03:00:00+02:00, or ...Z in UTC.
 */
export function zonedIso(at: Date, zone: string | undefined): string {
  const z = zone ? validZone(zone) : "UTC";
  if (!z || z === "UTC") return at.toISOString();
  const t = at.getTime();
  const f = fieldsAt(t, z);
  const off = offsetMinutes(t, z, f);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const a = Math.abs(off);
  const offset = off === 0 ? "Z" : `${off < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}.${pad(f.ms, 3)}${offset}`;
}
