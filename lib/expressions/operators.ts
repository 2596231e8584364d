import type { CallSite } from "./context";
import { DateTime, getMember, isPlainMap, mapKeys, typeName, UNDEFINED } from "./values";

/** `==` as the orchestrator compares: numbers by value, lists and maps by content. Each node costs a step. */
export function equals(a: unknown, b: unknown, site: CallSite, depth = 0): boolean {
  site.tick();
  if (depth > 100) site.fail("values nested too deeply to compare");
  if (a === b) return true;
  if (a instanceof DateTime && b instanceof DateTime) return a.epochMs === b.epochMs && a.subMsNanos === b.subMsNanos;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i], site, depth + 1));
  if (isPlainMap(a) && isPlainMap(b)) {
    const ka = mapKeys(a);
    const kb = mapKeys(b);
    // read through getMember: an accessor on the other side must never run
    return ka.length === kb.length && ka.every((k) => {
      const other = getMember(b, k);
      return other !== UNDEFINED && equals(a[k], other, site, depth + 1);
    });
  }
  return false;
}

/** Orders numbers, strings and dates; anything else cannot be compared. */
export function compare(a: unknown, b: unknown, site: CallSite): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof DateTime && b instanceof DateTime) return a.epochMs - b.epochMs || a.subMsNanos - b.subMsNanos;
  return site.fail(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

export function contains(container: unknown, item: unknown, site: CallSite): boolean {
  if (typeof container === "string") {
    if (typeof item === "string") return container.includes(item);
    if (typeof item === "number" || typeof item === "boolean") return container.includes(String(item));
    return site.fail(`cannot look for a ${typeName(item)} in text`);
  }
  if (Array.isArray(container)) {
    if (Array.isArray(item)) return item.every((i) => container.some((c) => equals(c, i, site)));
    return container.some((c) => equals(c, item, site));
  }
  if (isPlainMap(container)) return typeof item === "string" && Object.hasOwn(container, item);
  if (container === null) return false;
  return site.fail(`cannot look into a ${typeName(container)}`);
}

function number(v: unknown, site: CallSite, op: string): number {
  if (typeof v === "number") return v;
  return site.fail(`\`${op}\` needs numbers, got ${typeName(v)}`);
}

export function arithmetic(op: string, a: unknown, b: unknown, site: CallSite, decimal = false): unknown {
  if (op === "+" && Array.isArray(a)) {
    const out = Array.isArray(b) ? [...a, ...b] : [...a, b];
    site.checkSize(out.length);
    site.tick(out.length);
    return out;
  }
  const x = number(a, site, op);
  const y = number(b, site, op);
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      if (y === 0) return site.fail("division by zero");
      // integers divide as integers, as in the orchestrator
      return !decimal && Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y;
    case "%":
      if (y === 0) return site.fail("division by zero");
      return x % y;
  }
  return site.fail(`unknown operator ${op}`);
}

/** `a..b`: the integers from a to b inclusive, refused beyond the budgets before anything is built. */
export function range(from: unknown, to: unknown, step: unknown, site: CallSite): number[] {
  const a = number(from, site, "range");
  const b = number(to, site, "range");
  const s = number(step, site, "range");
  if (s === 0 || !Number.isFinite(a) || !Number.isFinite(b)) site.fail("invalid range");
  const count = Math.max(0, Math.floor((b - a) / s) + 1);
  site.checkSize(count);
  site.tick(count);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(a + i * s);
  return out;
}
