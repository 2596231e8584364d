import type { CallSite } from "./context";
import { formatDate } from "./dates/format";
import { DateTime, isPlainMap, mapKeys, numberText, UNDEFINED } from "./values";

const MAX_JSON_DEPTH = 100;

/**
 * JSON text of a value, built by hand so that it is bounded: every node costs a step, the text may
 * not outgrow the output budget, and host objects are refused rather than asked to describe themselves.
 */
export function toJson(value: unknown, site: CallSite, pretty = false): string {
  const parts: string[] = [];
  let size = 0;
  const push = (s: string) => {
    size += s.length;
    site.checkSize(size);
    parts.push(s);
  };
  const write = (v: unknown, depth: number, indent: string) => {
    site.tick();
    if (depth > MAX_JSON_DEPTH) site.fail(`the value is nested more than ${MAX_JSON_DEPTH} levels deep`);
    if (v === null || v === UNDEFINED || v === undefined) return push("null");
    if (typeof v === "string") return push(JSON.stringify(v));
    if (typeof v === "number") return push(Number.isFinite(v) ? numberText(v) : "null");
    if (typeof v === "boolean") return push(String(v));
    if (v instanceof DateTime) return push(JSON.stringify(formatDate(v, "iso")));
    const inner = pretty ? `${indent}  ` : "";
    const nl = pretty ? "\n" : "";
    if (Array.isArray(v)) {
      if (v.length === 0) return push("[]");
      push(`[${nl}`);
      v.forEach((item, i) => {
        if (i) push(`,${nl}`);
        push(inner);
        write(item, depth + 1, inner);
      });
      return push(`${nl}${indent}]`);
    }
    if (isPlainMap(v)) {
      const keys = mapKeys(v);
      if (keys.length === 0) return push("{}");
      push(`{${nl}`);
      keys.forEach((k, i) => {
        if (i) push(`,${nl}`);
        push(`${inner}${JSON.stringify(k)}:${pretty ? " " : ""}`);
        write(v[k], depth + 1, inner);
      });
      return push(`${nl}${indent}}`);
    }
    return site.fail("cannot serialize a host object");
  };
  write(value, 0, "");
  return parts.join("");
}

/** How a value prints in `{{ }}`: null prints nothing, lists and maps as JSON, dates as ISO-8601. */
export function toText(value: unknown, site: CallSite): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined || value === UNDEFINED) return "";
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  if (value instanceof DateTime) return formatDate(value, "iso");
  return toJson(value, site);
}
