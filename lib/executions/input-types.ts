import { parseDocument } from "yaml";
import { parseIsoDuration } from "../duration";
import { MAX_VALUE_DEPTH, nestedDeeperThan } from "../json-depth";

// Converting one given input value to the typed value the orchestrator exposes as `inputs.x`,
// checking the type's own constraints (min/max, after/before, validator, values). Pure: FILE and
// SECRET, which store or seal, are finished by inputs.ts.

export type InputDef = Record<string, unknown> & { id: string; type: string };

/** A value the input refuses; the message is shown next to the input's id. */
export class InputProblem extends Error {}

const fail = (message: string): never => {
  throw new InputProblem(message);
};

const asText = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v));

/** A Java regular expression (a leading inline flag group such as (?i) included) as a JavaScript one, anchored. */
function validatorRegExp(pattern: string): RegExp {
  const flags = /^\(\?([imsx]+)\)/.exec(pattern);
  const body = flags ? pattern.slice(flags[0].length) : pattern;
  const js = flags ? [...new Set(flags[1].replace("x", ""))].join("") : "";
  try {
    return new RegExp(`^(?:${body})$`, js);
  } catch {
    return new RegExp(`^(?:${body})$`, `${js}u`);
  }
}

function number(def: InputDef, value: unknown, integer: boolean): number {
  const t = asText(value).trim();
  const ok = integer ? /^[-+]?\d+$/.test(t) : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t);
  const n = Number(t);
  if (!ok || !Number.isFinite(n) || (integer && !Number.isSafeInteger(n))) fail(`must be ${integer ? "an integer" : "a number"}, not "${t}"`);
  bounds(def, n, (x) => Number(x), String);
  return n;
}

/** min/max (or after/before) checks, with the bound read by `read` and shown by `show`. */
function bounds<T>(def: InputDef, value: T, read: (bound: unknown) => T, show: (v: T) => string, names: [string, string] = ["min", "max"]) {
  const [lo, hi] = names;
  if (def[lo] !== undefined && def[lo] !== null && value < read(def[lo])) fail(`must be ${lo === "min" ? "at least" : "after"} ${show(read(def[lo]))}`);
  if (def[hi] !== undefined && def[hi] !== null && value > read(def[hi])) fail(`must be ${hi === "max" ? "at most" : "before"} ${show(read(def[hi]))}`);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?$/;

/** An instant as java.time.Instant prints it: UTC, no zero milliseconds. */
const instantText = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function instant(v: unknown, what = "an ISO-8601 date-time with a zone, e.g. 2025-01-31T09:30:00Z"): number {
  const t = asText(v).trim();
  const ms = INSTANT.test(t) ? Date.parse(t) : NaN;
  if (Number.isNaN(ms)) fail(`must be ${what}, not "${t}"`);
  return ms;
}

function date(v: unknown): string {
  const t = asText(v).trim();
  const m = DATE.exec(t);
  const real = m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  if (!real) fail(`must be an ISO-8601 date, e.g. 2025-01-31, not "${t}"`);
  return t;
}

function time(v: unknown): string {
  const t = asText(v).trim();
  const m = TIME.exec(t);
  if (!m) fail(`must be an ISO-8601 time, e.g. 09:30 or 09:30:15, not "${t}"`);
  // LocalTime prints HH:mm, then :ss and a fraction only when not zero
  const [, h, min, s, frac] = m!;
  const fraction = frac ? frac.replace(/0+$/, "") : "";
  return `${h}:${min}${s && (s !== "00" || fraction) ? `:${s}` : ""}${fraction ? `.${fraction}` : ""}`;
}

/** A time as comparable text: HH:mm:ss.fffffffff. */
function timeKey(t: string): string {
  const [hm, rest = "00"] = [t.slice(0, 5), t.slice(6)];
  const [sec, frac = ""] = rest.split(".");
  return `${hm}:${sec || "00"}.${frac.padEnd(9, "0")}`;
}

const showTime = (key: string) => key.replace(/\.0+$/, "").replace(/:00$/, "");

/** A duration as java.time.Duration prints it: PT24H for P1D, PT1M30S, PT0.5S, PT0S. */
function javaDuration(ms: number): string | null {
  if (ms < 0) return null;
  if (ms === 0) return "PT0S";
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = (ms % 60_000) / 1000;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${sec ? `${sec}S` : ""}`;
}

function duration(def: InputDef, v: unknown): string {
  const t = asText(v).trim();
  const ms = parseIsoDuration(t, { java: true });
  if (ms === null) fail(`must be an ISO-8601 duration, e.g. PT5M, not "${t}"`);
  const limit = (key: string) => (def[key] == null ? null : parseIsoDuration(asText(def[key]), { java: true }));
  const [min, max] = [limit("min"), limit("max")];
  if (min !== null && ms! < min) fail(`must be at least ${asText(def.min)}`);
  if (max !== null && ms! > max) fail(`must be at most ${asText(def.max)}`);
  return javaDuration(ms!) ?? t.toUpperCase();
}

function json(v: unknown): unknown {
  if (typeof v !== "string") return checkDepth(v);
  try {
    return checkDepth(JSON.parse(v));
  } catch (e) {
    if (e instanceof InputProblem) throw e;
    return fail(`must be JSON: ${(e as Error).message}`);
  }
}

function yaml(v: unknown): unknown {
  if (typeof v !== "string") return checkDepth(v);
  const doc = parseDocument(v, { prettyErrors: false });
  if (doc.errors.length) fail(`must be YAML: ${doc.errors[0].message.split("\n")[0]}`);
  try {
    return checkDepth(doc.toJS({ maxAliasCount: 100 }) ?? null);
  } catch (e) {
    return fail(`must be YAML: ${(e as Error).message}`);
  }
}

const checkDepth = (v: unknown) => (nestedDeeperThan(v) ? fail(`must be nested at most ${MAX_VALUE_DEPTH} levels deep`) : v);

/** A list given as a list, or as a JSON array in text (forms and the CLI send text). */
function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") {
    const t = v.trim();
    if (t.startsWith("[")) {
      try {
        const parsed = JSON.parse(t) as unknown;
        if (Array.isArray(parsed)) return parsed;
      } catch {
        // refused below
      }
    }
  }
  return fail("must be a list (or a JSON array)");
}

/** The values a SELECT or MULTISELECT offers (`values`, or the older `options`). */
export function choicesOf(def: InputDef): string[] | null {
  const raw = def.values ?? def.options;
  if (Array.isArray(raw)) return raw.map(asText);
  return null;
}

function choice(def: InputDef, v: string, choices: string[] | null): string {
  const custom = def.allowCustomValue === true || def.allowCustomValue === "true";
  if (choices && !custom && !choices.includes(v)) fail(`must be one of ${choices.map((c) => `"${c}"`).join(", ")}, not "${v}"`);
  return v;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The typed value of a non-null given value; `choices` are a SELECT's values when they come from
 * an `expression`. FILE and SECRET answer the text to store or seal.
 */
export function convertInput(def: InputDef, value: unknown, choices: string[] | null = choicesOf(def)): unknown {
  switch (def.type) {
    case "STRING":
    case "SECRET": {
      const t = asText(value);
      if (typeof def.validator === "string" && !validatorRegExp(def.validator).test(t)) fail(`must match the regular expression ${def.validator}`);
      if (def.minLength != null && t.length < Number(def.minLength)) fail(`must be at least ${Number(def.minLength)} characters long`);
      if (def.maxLength != null && t.length > Number(def.maxLength)) fail(`must be at most ${Number(def.maxLength)} characters long`);
      return t;
    }
    case "INT":
      return number(def, value, true);
    case "FLOAT":
      return number(def, value, false);
    case "BOOLEAN": {
      if (typeof value === "boolean") return value;
      const t = asText(value).trim().toLowerCase();
      if (t !== "true" && t !== "false") fail(`must be true or false, not "${asText(value)}"`);
      return t === "true";
    }
    case "DATETIME": {
      const ms = instant(value);
      bounds(def, ms, (b) => instant(b), instantText, ["after", "before"]);
      return instantText(ms);
    }
    case "DATE": {
      const d = date(value);
      bounds(def, d, (b) => date(b), String, ["after", "before"]);
      return d;
    }
    case "TIME": {
      const t = time(value);
      bounds(def, timeKey(t), (b) => timeKey(time(b)), showTime, ["after", "before"]);
      return t;
    }
    case "DURATION":
      return duration(def, value);
    case "JSON":
      return json(value);
    case "YAML":
      return yaml(value);
    case "URI": {
      const t = asText(value).trim();
      let ok = false;
      try {
        ok = /^[a-z][a-z0-9+.-]*:/i.test(t) && !!new URL(t);
      } catch {
        ok = false;
      }
      if (!ok) fail(`must be a URI with a scheme, e.g. https://example.com, not "${t}"`);
      return t;
    }
    case "EMAIL": {
      const t = asText(value).trim();
      if (!EMAIL.test(t)) fail(`must be an email address, not "${t}"`);
      return t;
    }
    case "SELECT":
    case "ENUM":
      return choice(def, asText(value), choices);
    case "MULTISELECT": {
      const items = list(value).map(asText);
      for (const item of items) choice(def, item, choices);
      return items;
    }
    case "ARRAY": {
      const itemType = String(def.itemType ?? "STRING");
      if (itemType === "ARRAY") fail("an ARRAY input cannot hold arrays");
      return list(value).map((item, i) => {
        try {
          return convertInput({ ...def, type: itemType, id: def.id }, item);
        } catch (e) {
          if (e instanceof InputProblem) fail(`item ${i + 1}: ${e.message}`);
          throw e;
        }
      });
    }
    case "FILE":
      return fail("files are uploaded to a FILE input, not listed in an ARRAY");
    default:
      return fail(`has an unknown type ${def.type}`);
  }
}
