/**
 * The values a template works on: JSON-like data (strings, numbers, booleans, null, arrays and
 * plain objects) plus DateTime. Nothing else is reachable: no functions, no prototypes, no host
 * objects, so a template can never climb from data to code.
 */

/** What a missing variable or attribute evaluates to where that is allowed (`??`, `default`, `is defined`). */
export const UNDEFINED: unique symbol = Symbol("undefined");
export type Undefined = typeof UNDEFINED;

/** Names that lead from data to the language runtime in some engine; never readable. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]);

/** An instant with the time zone it is shown in (the orchestrator's ZonedDateTime). */
export class DateTime {
  constructor(
    readonly epochMs: number,
    readonly zone: string = "UTC",
    /** the nanoseconds below the millisecond (0..999999), kept so micro-precision inputs print back whole */
    readonly subMsNanos: number = 0,
  ) {
    Object.freeze(this);
  }
}

export type PlainMap = Record<string, unknown>;

export function isPlainMap(value: unknown): value is PlainMap {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Why a key can never be read, or null when it may be. */
export function forbiddenKey(key: unknown): string | null {
  if (typeof key === "string" && FORBIDDEN_KEYS.has(key)) return `access to \`${key}\` is not allowed`;
  return null;
}

/**
 * Reads one attribute: an own, enumerable data property of a plain object, or an index of a
 * list. Everything else (getters, inherited members, methods, string internals) is UNDEFINED.
 */
export function getMember(object: unknown, key: unknown): unknown {
  if (Array.isArray(object)) {
    const index = typeof key === "number" ? key : typeof key === "string" && /^\d+$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(index) || index < 0 || index >= object.length) return UNDEFINED;
    return readOwn(object, String(index));
  }
  if (isPlainMap(object)) {
    if (typeof key !== "string" && typeof key !== "number") return UNDEFINED;
    return readOwn(object, String(key));
  }
  return UNDEFINED;
}

function readOwn(object: object, key: string): unknown {
  const desc = Object.getOwnPropertyDescriptor(object, key);
  if (!desc || !("value" in desc) || !desc.enumerable) return UNDEFINED;
  return desc.value;
}

/** Own enumerable data keys of a plain map, in insertion order. */
export function mapKeys(map: PlainMap): string[] {
  return Object.keys(map).filter((k) => "value" in (Object.getOwnPropertyDescriptor(map, k) ?? {}));
}

/** A fresh map without a prototype, so no key written into it can reach Object.prototype. */
export function newMap(entries: Iterable<[string, unknown]> = []): PlainMap {
  const map: PlainMap = Object.create(null);
  for (const [k, v] of entries) map[k] = v;
  return map;
}

export function typeName(value: unknown): string {
  if (value === UNDEFINED) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (value instanceof DateTime) return "date";
  if (isPlainMap(value)) return "map";
  if (typeof value === "object" || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") return "host object";
  return typeof value;
}

/** Whether a value is data the engine may hold (caller data is checked lazily, where it is read). */
export function isData(value: unknown): boolean {
  const t = typeof value;
  if (value === null || t === "string" || t === "number" || t === "boolean") return true;
  return Array.isArray(value) || isPlainMap(value) || value instanceof DateTime;
}

export function isEmpty(value: unknown): boolean {
  if (value === null || value === UNDEFINED || value === undefined) return true;
  if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
  if (isPlainMap(value)) return mapKeys(value).length === 0;
  return false;
}

/** The condition of `if`, `and`, `or`, `not` and the ternary. */
export function truthy(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "string") return value.length > 0 && value !== "false";
  return !isEmpty(value);
}

/** Numbers as the orchestrator prints them: integers without a fraction, no exponent for ordinary sizes. */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}
