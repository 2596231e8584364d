import { Decimal, IonTypes, Timestamp, makeTextWriter, type Writer } from "ion-js";
import { TaskFailure } from "../../lib/executions/tasks/types";

// A cell's value as the orchestrator's JDBC plugins convert it: dates, times and timestamps keep
// their SQL meaning (an ION timestamp in a STORE file, ISO-8601 text in the task's outputs),
// decimals keep their digits (an ION decimal; a number in outputs), JSON columns are parsed,
// binary columns are bytes (an ION blob; base64 text in outputs).

/** DATE ("2024-01-02"), TIMESTAMP without zone ("2024-01-02T03:04:05.123"), or with zone ("...+01:00"). */
export class SqlTemporal {
  constructor(
    readonly kind: "date" | "local" | "zoned",
    readonly text: string,
  ) {}
}
/** NUMERIC / DECIMAL, as its digits. */
export class SqlDecimal {
  constructor(readonly text: string) {}
}

/** Checks a time-zone name (`timeZoneId`); the worker's zone when none is given. */
export function zoneOf(timeZoneId: unknown): string {
  if (timeZoneId === undefined || timeZoneId === null || timeZoneId === "") return Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zone = String(timeZoneId);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new TaskFailure(`"timeZoneId" is not a known time zone: ${zone}`);
  }
  return zone;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * An instant (milliseconds since the epoch, plus the sub-millisecond digits as written) in `zone`,
 * as ISO-8601 with the zone's offset: 2024-01-02T04:04:05.123456+01:00.
 */
export function zonedText(epochMs: number, fraction: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    })
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((local - Math.floor(epochMs / 1000) * 1000) / 60000);
  const sign = offsetMin < 0 ? "-" : "+";
  const offset = offsetMin === 0 ? "Z" : `${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  const frac = fraction.replace(/0+$/, "");
  return `${pad(Number(parts.year), 4)}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${frac ? `.${frac}` : ""}${offset}`;
}

/** "2024-01-02 03:04:05.123456+01" (a database's text of a zoned timestamp) as SqlTemporal in `zone`. */
export function zonedFromText(text: string, zone: string): SqlTemporal | string {
  const m = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*(Z|[+-]\d\d(?::?\d\d)?(?::?\d\d)?)?$/.exec(text.trim());
  if (!m) return text; // infinity, BC dates: as the database wrote them
  const [, y, mo, d, h, mi, s, frac = "", off = "Z"] = m;
  let offsetMin = 0;
  if (off !== "Z") {
    const o = /^([+-])(\d\d):?(\d\d)?/.exec(off)!;
    offsetMin = (o[1] === "-" ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3] ?? 0));
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMin * 60000;
  return new SqlTemporal("zoned", zonedText(ms, frac, zone));
}

/** "2024-01-02 03:04:05.120" as a local timestamp "2024-01-02T03:04:05.12". */
export function localFromText(text: string): SqlTemporal | string {
  const m = /^(\d{4,}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return text;
  const frac = (m[3] ?? "").replace(/0+$/, "");
  return new SqlTemporal("local", `${m[1]}T${m[2]}${frac ? `.${frac}` : ""}`);
}

export function dateFromText(text: string): SqlTemporal | string {
  return /^\d{4,}-\d\d-\d\d$/.test(text.trim()) ? new SqlTemporal("date", text.trim()) : text;
}

/** A 64-bit integer: a number when it is exact, else its digits. */
export function bigInteger(value: bigint | string): number | bigint {
  const b = typeof value === "bigint" ? value : BigInt(value);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

/** A row's value as the task's outputs hold it (plain JSON). */
export function toOutput(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof SqlTemporal) return value.text;
  if (value instanceof SqlDecimal) return Number(value.text);
  if (typeof value === "bigint") return value.toString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toOutput);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toOutput(v)]));
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

function writeValue(w: Writer, value: unknown): void {
  if (value === null || value === undefined) return w.writeNull(IonTypes.NULL);
  if (value instanceof SqlTemporal) {
    const text = value.kind === "date" ? `${value.text}T` : value.kind === "local" ? `${value.text}-00:00` : value.text;
    const ts = Timestamp.parse(text);
    return ts ? w.writeTimestamp(ts) : w.writeString(value.text);
  }
  if (value instanceof SqlDecimal) return w.writeDecimal(Decimal.parse(value.text) ?? new Decimal(0, 0));
  if (typeof value === "bigint") return w.writeInt(value);
  if (typeof value === "number") return Number.isInteger(value) ? w.writeInt(value) : w.writeFloat64(value);
  if (typeof value === "boolean") return w.writeBoolean(value);
  if (typeof value === "string") return w.writeString(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return w.writeBlob(value);
  if (value instanceof Date) return w.writeTimestamp(Timestamp.parse(value.toISOString())!);
  if (Array.isArray(value)) {
    w.stepIn(IonTypes.LIST);
    for (const v of value) writeValue(w, v);
    return w.stepOut();
  }
  if (typeof value === "object") {
    w.stepIn(IonTypes.STRUCT);
    for (const [k, v] of Object.entries(value)) {
      w.writeFieldName(k);
      writeValue(w, v);
    }
    return w.stepOut();
  }
  w.writeString(String(value));
}

/** One row as a line of ION text (a struct), as the orchestrator's STORE files hold them. */
export function ionLine(row: Record<string, unknown>): string {
  const w = makeTextWriter();
  writeValue(w, row);
  w.close();
  return `${Buffer.from(w.getBytes()).toString("utf8")}\n`;
}
