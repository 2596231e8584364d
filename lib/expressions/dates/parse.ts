import { DateTime } from "../values";
import { NAMED_FORMATS } from "./format";
import { parsePattern } from "./pattern";
import { type Fields, instantOf } from "./zone";

const ISO = /^(-?\d{4,9})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[([^\]]+)\])?$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * The orchestrator's conversion of a filter's input to a date: dates as they are, integers as
 * epoch seconds, strings as ISO-8601 (a date alone is noon, a local date-time is in `zone`), or by
 * `existingFormat`. Returns the reason as a string when it cannot.
 */
export function toDateTime(value: unknown, zone: string, existingFormat?: string): DateTime | string {
  if (value instanceof DateTime) return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "not a date";
    return new DateTime(Math.round(value * 1000), zone);
  }
  if (typeof value !== "string") return `cannot read a ${value === null ? "null" : typeof value} as a date`;
  if (existingFormat) return parseWithPattern(value, NAMED_FORMATS[existingFormat.toLowerCase()]?.replace(/!\w+/g, "") ?? existingFormat, zone);
  const m = ISO.exec(value.trim());
  if (!m) return `"${value.slice(0, 64)}" is not an ISO-8601 date`;
  const [, y, mo, d, h, mi, s, frac, off, region] = m;
  const digits = (frac ?? "").padEnd(9, "0");
  const fields: Fields = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: h === undefined ? 12 : Number(h),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    ms: Number(digits.slice(0, 3)),
  };
  const bad = checkFields(fields);
  if (bad) return bad;
  const subMs = Number(digits.slice(3));
  if (off) {
    const minutes = off === "Z" ? 0 : offsetOf(off);
    const at = instantOf(fields, "UTC") - minutes * 60_000;
    return new DateTime(at, region ?? (minutes === 0 ? "UTC" : zoneOfOffset(minutes)), subMs);
  }
  const z = region ?? zone;
  return new DateTime(instantOf(fields, z), z, subMs);
}

function offsetOf(text: string): number {
  const digits = text.replace(":", "");
  const sign = digits[0] === "-" ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
}

export function zoneOfOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

function checkFields(f: Fields): string | null {
  if (f.month < 1 || f.month > 12) return `invalid month ${f.month}`;
  const days = new Date(Date.UTC(2000, f.month, 0)).getUTCDate();
  const leap = f.month === 2 && !(f.year % 4 === 0 && (f.year % 100 !== 0 || f.year % 400 === 0));
  if (f.day < 1 || f.day > (leap ? 28 : days)) return `invalid day ${f.day} of month ${f.month}`;
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return "invalid time";
  return null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Reads a string with a Java pattern: numbers, month names, AM/PM and offsets; other text must match. */
function parseWithPattern(value: string, pattern: string, zone: string): DateTime | string {
  const parts = parsePattern(pattern);
  if (typeof parts === "string") return parts;
  const readers: ((m: string, f: Fields & { pm?: boolean; offset?: number }) => void)[] = [];
  let source = "^";
  for (const p of parts) {
    if (p.kind === "literal") {
      source += escape(p.text);
      continue;
    }
    const { letter, count } = p;
    if ("yuMLdHhKkmsS".includes(letter) && !(letter === "M" && count >= 3) && !(letter === "L" && count >= 3)) {
      source += count === 1 || letter === "y" || letter === "u" ? "(-?\\d+)" : `(\\d{${count}})`;
      readers.push((m, f) => {
        const n = Number(m);
        if (letter === "y" || letter === "u") f.year = count === 2 ? 2000 + n : n;
        else if (letter === "M" || letter === "L") f.month = n;
        else if (letter === "d") f.day = n;
        else if (letter === "H" || letter === "k") f.hour = n % 24;
        else if (letter === "h" || letter === "K") f.hour = n % 12;
        else if (letter === "m") f.minute = n;
        else if (letter === "s") f.second = n;
        else if (letter === "S") f.ms = Number(m.padEnd(3, "0").slice(0, 3));
      });
    } else if (letter === "M" || letter === "L") {
      source += "([A-Za-z]+\\.?)";
      readers.push((m, f) => {
        f.month = MONTHS.indexOf(m.slice(0, 3).toLowerCase()) + 1;
      });
    } else if (letter === "E") {
      source += "[A-Za-z]+";
    } else if (letter === "a") {
      source += "([AaPp][Mm])";
      readers.push((m, f) => {
        f.pm = m.toLowerCase() === "pm";
      });
    } else if ("XxZ".includes(letter)) {
      source += "(Z|[+-]\\d{2}(?::?\\d{2})?)";
      readers.push((m, f) => {
        f.offset = m === "Z" ? 0 : offsetOf(m);
      });
    } else if (letter === "V" || letter === "z") {
      source += "([A-Za-z_/+-]+)";
      readers.push(() => {});
    } else return `pattern letter '${letter}' cannot be parsed`;
  }
  const m = new RegExp(source + "$").exec(value);
  if (!m) return `"${value.slice(0, 64)}" does not match the format "${pattern}"`;
  const f: Fields & { pm?: boolean; offset?: number } = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0 };
  readers.forEach((read, i) => read(m[i + 1], f));
  if (f.pm) f.hour = (f.hour % 12) + 12;
  const bad = checkFields(f);
  if (bad) return bad;
  if (f.offset !== undefined) return new DateTime(instantOf(f, "UTC") - f.offset * 60_000, f.offset === 0 ? "UTC" : zoneOfOffset(f.offset));
  return new DateTime(instantOf(f, zone), zone);
}
