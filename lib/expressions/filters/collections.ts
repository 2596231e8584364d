import type { CallSite } from "../context";
import { compare } from "../operators";
import type { Args, FilterDef } from "../registry";
import { toJson } from "../serialize";
import { isPlainMap, mapKeys, numberText, typeName } from "../values";
import { formatNumber } from "./number-format";
import { integer, list, nullable, text } from "./input";

function length(input: unknown, site: CallSite): number {
  if (input === null) return 0;
  if (typeof input === "string" || Array.isArray(input)) return input.length;
  if (isPlainMap(input)) return mapKeys(input).length;
  return site.fail(`cannot measure a ${typeName(input)}`);
}

function sorted(input: unknown, site: CallSite): unknown[] {
  const items = [...list(input, site)];
  site.tick(items.length * Math.max(1, Math.ceil(Math.log2(items.length + 1))));
  return items.sort((a, b) => compare(a, b, site));
}

/** Numbers parsed as the orchestrator's `number` filter: integers or decimals, optionally typed. */
function toNumber(input: unknown, args: Args, site: CallSite): number {
  if (typeof input === "number") return input;
  const s = text(input, site).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) site.fail(`"${s.slice(0, 64)}" is not a number`);
  const type = args.type === undefined ? undefined : text(args.type, site, "type").toUpperCase();
  const n = Number(s);
  if (type === "INT" || type === "LONG" || type === "BIGINTEGER") {
    if (!Number.isInteger(n)) site.fail(`"${s}" is not an integer`);
  } else if (type !== undefined && !["FLOAT", "DOUBLE", "BIGDECIMAL"].includes(type)) {
    site.fail(`unknown number type ${type} (INT, LONG, FLOAT, DOUBLE, BIGDECIMAL, BIGINTEGER)`);
  }
  return n;
}

function round(input: unknown, args: Args, site: CallSite): number {
  if (typeof input !== "number") return site.fail(`expects a number, got ${typeName(input)}`);
  const precision = args.precision === undefined ? 0 : integer(args.precision, site, "precision");
  const method = text(args.method ?? "common", site, "method");
  const f = 10 ** precision;
  const fn = method === "ceil" ? Math.ceil : method === "floor" ? Math.floor : method === "common" ? (x: number) => Math.sign(x) * Math.round(Math.abs(x)) : null;
  if (!fn) site.fail("method must be common, ceil or floor");
  return Number(numberText(fn!(input * f) / f));
}

function slice(input: unknown, args: Args, site: CallSite): unknown {
  const size = length(input, site);
  const from = args.fromIndex === undefined ? 0 : integer(args.fromIndex, site, "fromIndex");
  const to = args.toIndex === undefined ? size : integer(args.toIndex, site, "toIndex");
  if (from < 0 || to > size || from > to) site.fail(`indexes ${from}..${to} are out of bounds for a length of ${size}`);
  if (typeof input === "string" || Array.isArray(input)) return input.slice(from, to);
  return site.fail(`cannot slice a ${typeName(input)}`);
}

export const COLLECTION_FILTERS: Record<string, FilterDef> = {
  default: {
    args: ["default"],
    apply: (input, args) => {
      const empty = input === null || typeof input === "symbol" || ((typeof input === "string" || Array.isArray(input)) && input.length === 0) || (isPlainMap(input) && mapKeys(input).length === 0);
      return empty ? (args.default ?? null) : input;
    },
  },
  length: { args: [], apply: (input, _a, site) => length(input, site) },
  first: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      if (typeof input === "string" || Array.isArray(input)) return input.length ? input[0] : null;
      return site.fail(`cannot take the first item of a ${typeName(input)}`);
    }),
  },
  last: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      if (typeof input === "string" || Array.isArray(input)) return input.length ? input[input.length - 1] : null;
      return site.fail(`cannot take the last item of a ${typeName(input)}`);
    }),
  },
  join: {
    args: ["separator"],
    apply: nullable((input, args: Args, site: CallSite) => {
      const sep = args.separator === undefined ? "" : text(args.separator, site, "separator");
      const items = list(input, site);
      site.tick(items.length);
      const parts = items.map((i) => (i === null ? "null" : typeof i === "string" || typeof i === "number" || typeof i === "boolean" ? text(i, site) : site.fail("can only join text, numbers and booleans")));
      return parts.join(sep);
    }),
  },
  keys: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      if (Array.isArray(input)) return input.map((_v, i) => i);
      if (isPlainMap(input)) return mapKeys(input);
      return site.fail(`expects a map or a list, got ${typeName(input)}`);
    }),
  },
  values: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      if (isPlainMap(input)) return mapKeys(input).map((k) => input[k]);
      return site.fail(`expects a map, got ${typeName(input)}`);
    }),
  },
  abs: { args: [], apply: nullable((input, _a: Args, site: CallSite) => (typeof input === "number" ? Math.abs(input) : site.fail(`expects a number, got ${typeName(input)}`))) },
  number: { args: ["type"], apply: nullable((input, args: Args, site: CallSite) => toNumber(input, args, site)) },
  numberFormat: {
    args: ["format"],
    apply: nullable((input, args: Args, site: CallSite) => {
      if (typeof input !== "number") return site.fail(`expects a number, got ${typeName(input)}`);
      const out = formatNumber(input, text(args.format, site, "format"));
      return typeof out === "string" ? out : site.fail(out.error);
    }),
  },
  round: { args: ["precision", "method"], apply: nullable((input, args: Args, site: CallSite) => round(input, args, site)) },
  chunk: {
    args: ["size"],
    apply: nullable((input, args: Args, site: CallSite) => {
      const items = list(input, site);
      const size = integer(args.size, site, "size");
      if (size < 1) site.fail("expects a size of at least 1");
      site.tick(items.length);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      return out;
    }),
  },
  flatten: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      const out: unknown[] = [];
      for (const item of list(input, site)) {
        if (Array.isArray(item)) {
          site.tick(item.length);
          site.checkSize(out.length + item.length);
          out.push(...item);
        } else out.push(item);
      }
      return out;
    }),
  },
  sort: { args: [], apply: nullable((input, _a: Args, site: CallSite) => sorted(input, site)) },
  rsort: { args: [], apply: nullable((input, _a: Args, site: CallSite) => sorted(input, site).reverse()) },
  reverse: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      if (typeof input === "string") return [...input].reverse().join("");
      return [...list(input, site)].reverse();
    }),
  },
  slice: { args: ["fromIndex", "toIndex"], apply: nullable((input, args: Args, site: CallSite) => slice(input, args, site)) },
  distinct: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      const items = list(input, site);
      site.tick(items.length);
      const seen = new Set<string>();
      return items.filter((i) => {
        const key = typeof i + ":" + (typeof i === "object" ? toJson(i, site) : String(i));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }),
  },
};
