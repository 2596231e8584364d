import { DateTime } from "../values";
import { type Part, parsePattern } from "./pattern";
import { type Fields, fieldsAt, offsetMinutes } from "./zone";

/** The orchestrator's named formats (its AbstractDate table). */
export const NAMED_FORMATS: Record<string, string> = {
  iso: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
  iso_sec: "yyyy-MM-dd'T'HH:mm:ssXXX",
  sql: "yyyy-MM-dd HH:mm:ss.SSSSSS",
  sql_seq: "yyyy-MM-dd HH:mm:ss",
  iso_date: "yyyy-MM-ddXXX",
  iso_local_date: "yyyy-MM-dd",
  iso_local_time: "HH:mm:ss!f",
  iso_time: "HH:mm:ss!fXXX",
  iso_offset_time: "HH:mm:ss!fXXX",
  iso_local_date_time: "yyyy-MM-dd'T'HH:mm:ss!f",
  iso_date_time: "yyyy-MM-dd'T'HH:mm:ss!fXXX!z",
  iso_zoned_date_time: "yyyy-MM-dd'T'HH:mm:ss!fXXX!z",
  iso_offset_date_time: "yyyy-MM-dd'T'HH:mm:ss!fXXX",
  iso_instant: "!instant",
  iso_ordinal_date: "yyyy-DDDXXX",
  iso_week_date: "YYYY-'W'ww-eXXX",
  rfc_1123_date_time: "EEE, d MMM yyyy HH:mm:ss 'GMT'!rfc",
};

const patternCache = new Map<string, Part[] | string>();

function cachedPattern(pattern: string): Part[] | string {
  let parts = patternCache.get(pattern);
  if (!parts) {
    parts = parsePattern(pattern);
    if (patternCache.size > 500) patternCache.clear();
    patternCache.set(pattern, parts);
  }
  return parts;
}

const pad = (n: number, width: number) => (n < 0 ? "-" + String(-n).padStart(width, "0") : String(n).padStart(width, "0"));

/**
 * Formats like Java's DateTimeFormatter: `format` is a pattern or one of the named formats.
 * Throws a plain Error with the reason when the pattern is invalid (the caller adds the position).
 */
export function formatDate(date: DateTime, format: string, locale = "en"): string {
  const named = NAMED_FORMATS[format.toLowerCase()] ?? format;
  if (named === "!instant") return formatDate(new DateTime(date.epochMs, "UTC", date.subMsNanos), "yyyy-MM-dd'T'HH:mm:ss!fXXX", locale);
  if (named.endsWith("!rfc")) return formatDate(new DateTime(date.epochMs, "UTC"), named.slice(0, -4), "en");
  // the ISO formats print the fraction only when there is one, and the zone id when it is a region
  if (named.includes("!")) {
    const fraction = isoFraction(date);
    const region = named.endsWith("!z") && !/^(UTC|[+-]\d\d:\d\d)$/.test(date.zone) ? `'[${date.zone}]'` : "";
    return formatDate(date, named.replace("!f", fraction ? `'${fraction}'` : "").replace("!z", region), locale);
  }
  const parts = cachedPattern(named);
  if (typeof parts === "string") throw new Error(parts);
  const f = fieldsAt(date.epochMs, date.zone);
  const offset = offsetMinutes(date.epochMs, date.zone, f);
  return parts.map((p) => (p.kind === "literal" ? p.text : field(p.letter, p.count, f, date, offset, locale))).join("");
}

function isoFraction(date: DateTime): string {
  const nanos = (((date.epochMs % 1000) + 1000) % 1000) * 1_000_000 + date.subMsNanos;
  if (nanos === 0) return "";
  const digits = String(nanos).padStart(9, "0");
  if (digits.endsWith("000000")) return "." + digits.slice(0, 3);
  if (digits.endsWith("000")) return "." + digits.slice(0, 6);
  return "." + digits;
}

const intl = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build: one per locale, zone and field, kept (a few hundred at most). */
function intlFormat(locale: string, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  let f = intl.get(key);
  if (!f) {
    if (intl.size > 500) intl.clear();
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    intl.set(key, f);
  }
  return f;
}

function text(date: DateTime, locale: string, options: Intl.DateTimeFormatOptions): string {
  const zone = /^[+-]/.test(date.zone) ? "UTC" : date.zone;
  const epoch = /^[+-]/.test(date.zone) ? date.epochMs + offsetMinutes(date.epochMs, date.zone) * 60_000 : date.epochMs;
  return intlFormat(locale, zone, options).format(new Date(epoch));
}

/** Java's English zone names: American ones from en-US ("EDT"), the others from en-GB ("CEST"). */
function zoneName(date: DateTime, style: "long" | "short"): string {
  const name = (locale: string) =>
    intlFormat(locale, date.zone, { timeZoneName: style }).formatToParts(new Date(date.epochMs)).find((p) => p.type === "timeZoneName")?.value ?? date.zone;
  const us = name("en-US");
  return style === "short" && us.startsWith("GMT") && date.zone !== "UTC" ? name("en-GB") : us;
}

function dayOfYear(f: Fields): number {
  return Math.round((Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86_400_000) + 1;
}

/** ISO day of week: Monday 1 .. Sunday 7. */
function isoWeekday(f: Fields): number {
  const d = new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

function isoWeek(f: Fields): { year: number; week: number } {
  const date = new Date(Date.UTC(f.year, f.month - 1, f.day));
  date.setUTCDate(date.getUTCDate() + 4 - isoWeekday(f));
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { year, week };
}

function offsetText(minutes: number, style: "X" | "x" | "Z" | "O", count: number): string {
  if (style === "O") {
    if (minutes === 0) return "GMT";
    const sign = minutes < 0 ? "-" : "+";
    const a = Math.abs(minutes);
    return count === 4 ? `GMT${sign}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}` : `GMT${sign}${Math.floor(a / 60)}${a % 60 ? ":" + pad(a % 60, 2) : ""}`;
  }
  if (style === "Z") {
    if (count === 4) return offsetText(minutes, "O", 4);
    if (count === 5) return offsetText(minutes, "X", 3);
    return offsetText(minutes, "x", 2);
  }
  if (style === "X" && minutes === 0) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const a = Math.abs(minutes);
  const hh = pad(Math.floor(a / 60), 2);
  const mm = pad(a % 60, 2);
  if (count === 1) return a % 60 ? `${sign}${hh}${mm}` : `${sign}${hh}`;
  if (count === 2 || count === 4) return `${sign}${hh}${mm}`;
  return `${sign}${hh}:${mm}`;
}

function field(letter: string, count: number, f: Fields, date: DateTime, offset: number, locale: string): string {
  switch (letter) {
    case "G":
      return text(date, locale, { era: count === 4 ? "long" : count === 5 ? "narrow" : "short" }).split(" ").pop()!;
    case "y":
    case "u":
      return count === 2 ? pad(((f.year % 100) + 100) % 100, 2) : pad(f.year, count);
    case "Y": {
      const y = isoWeek(f).year;
      return count === 2 ? pad(y % 100, 2) : pad(y, count);
    }
    case "M":
    case "L":
      if (count <= 2) return pad(f.month, count);
      return text(date, locale, { month: count === 3 ? "short" : count === 4 ? "long" : "narrow" });
    case "d":
      return pad(f.day, count);
    case "D":
      return pad(dayOfYear(f), count);
    case "Q":
    case "q": {
      const q = Math.floor((f.month - 1) / 3) + 1;
      return count <= 2 ? pad(q, count) : count === 3 ? `Q${q}` : `${["1st", "2nd", "3rd", "4th"][q - 1]} quarter`;
    }
    case "E":
      return text(date, locale, { weekday: count <= 3 ? "short" : count === 4 ? "long" : "narrow" });
    case "e":
    case "c":
      if (count <= 2) return pad(isoWeekday(f), count);
      return text(date, locale, { weekday: count === 3 ? "short" : count === 4 ? "long" : "narrow" });
    case "w":
      return pad(isoWeek(f).week, count);
    case "a":
      return f.hour < 12 ? "AM" : "PM";
    case "H":
      return pad(f.hour, count);
    case "k":
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case "h":
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case "K":
      return pad(f.hour % 12, count);
    case "m":
      return pad(f.minute, count);
    case "s":
      return pad(f.second, count);
    case "S":
      return (String(f.ms).padStart(3, "0") + String(date.subMsNanos).padStart(6, "0")).padEnd(count, "0").slice(0, count);
    case "n":
      return pad(f.ms * 1_000_000 + date.subMsNanos, count);
    case "A":
      return pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.ms, count);
    case "V":
      return date.zone;
    case "z":
      if (/^[+-]/.test(date.zone)) return offsetText(offset, "O", 4);
      return zoneName(date, count === 4 ? "long" : "short");
    case "O":
      return offsetText(offset, "O", count);
    case "X":
      return offsetText(offset, "X", count);
    case "x":
      return offsetText(offset, "x", count);
    case "Z":
      return offsetText(offset, "Z", count);
  }
  throw new Error(`unknown pattern letter '${letter}'`);
}
