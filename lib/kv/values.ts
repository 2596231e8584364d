import { z } from "zod";
import { parseIsoDuration } from "../duration";

// The KV store's types and rules, shared by the server (which enforces them) and the browser
// (which validates while typing). The types are Kestra's, so that flows using kv() read the same.

export const KV_TYPES = ["STRING", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "DURATION", "JSON"] as const;
export type KvType = (typeof KV_TYPES)[number];

export const KV_TYPE_LABELS: Record<KvType, string> = {
  STRING: "String",
  NUMBER: "Number",
  BOOLEAN: "Boolean",
  DATETIME: "Date and time",
  DATE: "Date",
  DURATION: "Duration",
  JSON: "JSON",
};

/** The largest value, as stored (its JSON text), in bytes. */
export const KV_MAX_VALUE_BYTES = 256 * 1024;
/** The longest time to live: about a hundred years. */
export const KV_MAX_TTL_MS = 36_500 * 86_400_000;

export const kvKey = z
  .string({ error: "key is required" })
  .min(1, "key is required")
  .max(255, "key must be at most 255 characters")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "key must start with a letter or digit and contain only letters, digits, ., _ and -");

/** A type as written by a client: upper or lower case. */
export const kvType = z.enum([...KV_TYPES, ...KV_TYPES.map((t) => t.toLowerCase())] as [string, ...string[]], {
  error: `type must be one of ${KV_TYPES.join(", ")}`,
});
export const toKvType = (t: string) => t.toUpperCase() as KvType;

/** The problem with a time to live, or null when it is a fitting ISO-8601 duration. */
export function ttlProblem(ttl: string): string | null {
  const ms = parseIsoDuration(ttl);
  if (ms === null) return "ttl must be an ISO-8601 duration, e.g. PT1H or P7D";
  if (ms <= 0) return "ttl must be longer than zero";
  return ms > KV_MAX_TTL_MS ? "ttl must be at most P36500D" : null;
}

export const kvTtl = z.string().superRefine((t, c) => {
  const problem = ttlProblem(t);
  if (problem) c.addIssue({ code: "custom", message: problem });
});

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;

function realDate(y: string, m: string, d: string) {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
}

/** The problem with `value` for `type`, or null when it fits. */
export function valueProblem(type: KvType, value: unknown): string | null {
  switch (type) {
    case "STRING":
      return typeof value === "string" ? null : "a STRING value must be a JSON string";
    case "NUMBER":
      return typeof value === "number" && Number.isFinite(value) ? null : "a NUMBER value must be a JSON number";
    case "BOOLEAN":
      return typeof value === "boolean" ? null : "a BOOLEAN value must be true or false";
    case "DATETIME": {
      const m = typeof value === "string" ? INSTANT.exec(value) : null;
      return m && realDate(m[1], m[2], m[3]) && !Number.isNaN(Date.parse(value as string))
        ? null
        : "a DATETIME value must be an ISO-8601 instant with a time zone, e.g. 2025-01-31T09:30:00Z";
    }
    case "DATE": {
      const m = typeof value === "string" ? DATE.exec(value) : null;
      return m && realDate(m[1], m[2], m[3]) ? null : "a DATE value must be an ISO-8601 date, e.g. 2025-01-31";
    }
    case "DURATION":
      return typeof value === "string" && parseIsoDuration(value) !== null
        ? null
        : "a DURATION value must be an ISO-8601 duration, e.g. PT1H30M or P1D";
    case "JSON":
      return value === undefined ? "a JSON value is required" : null;
  }
}

export const byteLength = (text: string) => new TextEncoder().encode(text).length;

// ---- the browser's text fields <-> typed values ----

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as a `datetime-local` input shows it, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What a form field shows for a stored value. */
export function valueToText(type: KvType, value: unknown): string {
  switch (type) {
    case "JSON":
      return JSON.stringify(value, null, 2);
    case "DATETIME":
      return typeof value === "string" ? toLocalInput(value) : "";
    case "NUMBER":
    case "BOOLEAN":
      return String(value);
    default:
      return typeof value === "string" ? value : JSON.stringify(value);
  }
}

/** A form field's text as the typed value to send, or the message to show under the field. */
export function textToValue(type: KvType, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let value: unknown = text;
  switch (type) {
    case "NUMBER":
      if (text.trim() === "") return { ok: false, message: "Enter a number" };
      value = Number(text);
      break;
    case "BOOLEAN":
      value = text === "true";
      break;
    case "DATETIME": {
      if (text.trim() === "") return { ok: false, message: "Enter a date and time" };
      // datetime-local gives a local time without zone: the browser knows which zone it means
      const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
      const d = new Date(text);
      if (local && !Number.isNaN(d.getTime())) value = d.toISOString();
      break;
    }
    case "JSON":
      try {
        value = JSON.parse(text);
      } catch (e) {
        return { ok: false, message: `Not valid JSON: ${e instanceof Error ? e.message : "parse error"}` };
      }
      break;
  }
  const problem = valueProblem(type, value);
  if (problem) return { ok: false, message: problem[0].toUpperCase() + problem.slice(1) };
  if (byteLength(JSON.stringify(value)) > KV_MAX_VALUE_BYTES) return { ok: false, message: `The value is larger than ${KV_MAX_VALUE_BYTES / 1024} KiB` };
  return { ok: true, value };
}

/** A value changes type in the form: keep the text when it still fits, else start from a sensible one. */
export function textForType(type: KvType, text: string): string {
  if (textToValue(type, text).ok) return text;
  if (type === "BOOLEAN") return "false";
  if (type === "JSON") {
    try {
      JSON.parse(text);
      return text;
    } catch {
      return JSON.stringify(text);
    }
  }
  return type === "STRING" ? text : "";
}

/** A short one-line rendering of a value for tables. */
export function previewOf(type: KvType, value: unknown, max = 120): string {
  const text = type === "JSON" || typeof value !== "string" ? JSON.stringify(value) : value;
  const line = text.replace(/\s+/g, " ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
