/** Wall-clock fields of an instant in a time zone, and back, over Intl (Node's full ICU). */
export type Fields = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Normalises a zone name as Java's ZoneId.of accepts it; null when unknown. */
export function validZone(zone: string): string | null {
  if (zone === "Z") return "UTC";
  const offset = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    if (minutes > 18 * 60) return null;
    return minutes === 0 ? "UTC" : `${offset[1]}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  }
  try {
    formatterFor(zone);
    return zone;
  } catch {
    return null;
  }
}

export function fieldsAt(epochMs: number, zone: string): Fields {
  const ms = ((epochMs % 1000) + 1000) % 1000;
  if (zone === "UTC") return utcFields(epochMs);
  if (/^[+-]\d\d:\d\d$/.test(zone)) return utcFields(epochMs + fixedOffsetMinutes(zone) * 60_000);
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const y = Number(parts.year);
  return {
    year: parts.era === "BC" || parts.era === "B" ? 1 - y : y,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    ms,
  };
}

function utcFields(t: number): Fields {
  const d = new Date(t);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

function fixedOffsetMinutes(zone: string): number {
  const sign = zone[0] === "-" ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

export function wallAsUtc(f: Fields): number {
  const d = new Date(Date.UTC(2000, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms));
  d.setUTCFullYear(f.year);
  return d.getTime();
}

/** The zone's offset from UTC at an instant, in minutes. */
export function offsetMinutes(epochMs: number, zone: string, fields?: Fields): number {
  if (zone === "UTC") return 0;
  if (/^[+-]\d\d:\d\d$/.test(zone)) return fixedOffsetMinutes(zone);
  const f = fields ?? fieldsAt(epochMs, zone);
  return Math.round((wallAsUtc({ ...f, ms: 0 }) - (epochMs - f.ms)) / 60_000);
}

/** The instant a wall-clock time names in a zone (the earlier one in an overlap, as Java does). */
export function instantOf(f: Fields, zone: string): number {
  const guess = wallAsUtc(f);
  const first = guess - offsetMinutes(guess, zone) * 60_000;
  return guess - offsetMinutes(first, zone) * 60_000;
}
