import type { CallSite } from "../context";
import type { Args, FilterDef } from "../registry";
import { isPlainMap, mapKeys, typeName } from "../values";
import { integer, isLiteralPattern, nullable, safeRegex, text } from "./input";

const simple = (fn: (s: string, site: CallSite) => unknown): FilterDef => ({
  args: [],
  apply: nullable((input, _args: Args, site: CallSite) => fn(text(input, site), site)),
});

const around = (fn: (s: string, sep: string) => string): FilterDef => ({
  args: ["separator"],
  apply: nullable((input, args: Args, site: CallSite) => fn(text(input, site), text(args.separator ?? "", site, "separator"))),
});

function indent(kind: "indent" | "nindent"): FilterDef {
  return {
    args: ["amount", "prefix"],
    apply: nullable((input, args: Args, site: CallSite) => {
      const s = text(input, site);
      if (s === "") return s;
      if (args.amount === undefined) site.fail(`expects an integer as argument 'amount'`);
      const amount = integer(args.amount, site, "amount");
      if (amount < 0 || amount > 1000) site.fail("expects an amount between 0 and 1000");
      const pad = text(args.prefix ?? " ", site, "prefix").repeat(amount);
      const nl = s.includes("\r\n") ? "\r\n" : s.includes("\n\r") ? "\n\r" : s.includes("\n") ? "\n" : s.includes("\r") ? "\r" : "\n";
      const lines = (kind === "nindent" ? nl + s : s).split(nl).length;
      site.checkSize(s.length + lines * (pad.length + nl.length));
      return (kind === "nindent" ? nl + s : s).split(nl).join(nl + pad);
    }),
  };
}

/** Java's URLEncoder: spaces as `+`, only `A-Za-z0-9.-*_` left as they are. */
function urlencode(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, "+")
    .replace(/[!'()~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

export const STRING_FILTERS: Record<string, FilterDef> = {
  upper: simple((s) => s.toUpperCase()),
  lower: simple((s) => s.toLowerCase()),
  capitalize: simple((s) => (s ? s[0].toUpperCase() + s.slice(1) : s)),
  title: simple((s) => s.replace(/(^|[\s])(\S)/g, (_m, sep: string, c: string) => sep + c.toUpperCase())),
  trim: simple((s) => s.trim()),
  slugify: simple((s) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, ""),
  ),
  abbreviate: {
    args: ["length"],
    apply: nullable((input, args: Args, site: CallSite) => {
      const s = text(input, site);
      const max = integer(args.length, site, "length");
      if (max < 4) site.fail("the minimum abbreviation width is 4");
      return s.length <= max ? s : s.slice(0, max - 3) + "...";
    }),
  },
  substringBefore: around((s, sep) => (sep === "" ? "" : s.includes(sep) ? s.slice(0, s.indexOf(sep)) : s)),
  substringAfter: around((s, sep) => (sep === "" ? s : s.includes(sep) ? s.slice(s.indexOf(sep) + sep.length) : "")),
  substringBeforeLast: around((s, sep) => (sep === "" || !s.includes(sep) ? s : s.slice(0, s.lastIndexOf(sep)))),
  substringAfterLast: around((s, sep) => (sep === "" || !s.includes(sep) ? "" : s.slice(s.lastIndexOf(sep) + sep.length))),
  startsWith: {
    args: ["prefix"],
    apply: (input, args, site) => input !== null && text(input, site).startsWith(text(args.prefix ?? "", site, "prefix")),
  },
  endsWith: {
    args: ["suffix"],
    apply: (input, args, site) => input !== null && text(input, site).endsWith(text(args.suffix ?? "", site, "suffix")),
  },
  replace: {
    args: ["replace_pairs", "regexp"],
    apply: nullable((input, args: Args, site: CallSite) => {
      let s = text(input, site);
      const pairs = args.replace_pairs;
      if (!isPlainMap(pairs)) return site.fail(`expects a map of replacements, got ${typeName(pairs)}`);
      for (const key of mapKeys(pairs)) {
        site.tick();
        const by = text(pairs[key] ?? "", site, "replacement");
        s = args.regexp === true ? s.replace(safeRegex(key, site, s, "g"), by) : s.split(key).join(by);
        site.checkSize(s.length);
      }
      return s;
    }),
  },
  split: {
    args: ["delimiter", "limit"],
    apply: nullable((input, args: Args, site: CallSite) => {
      const s = text(input, site);
      const limit = args.limit === undefined ? 0 : integer(args.limit, site, "limit");
      const delimiter = text(args.delimiter, site, "delimiter");
      // a plain delimiter needs no regex engine (and so no limit on the text's length)
      const re = isLiteralPattern(delimiter) && delimiter !== "" ? new RegExp(delimiter, "g") : safeRegex(delimiter, site, s, "g");
      // Java's String.split: at most `limit` parts when positive; trailing empty parts dropped when 0
      const parts: string[] = [];
      let last = 0;
      for (const m of s.matchAll(re)) {
        site.tick();
        if (m[0] === "" && (m.index === 0 || m.index === s.length)) continue;
        if (limit > 0 && parts.length === limit - 1) break;
        parts.push(s.slice(last, m.index));
        last = m.index! + m[0].length;
      }
      parts.push(s.slice(last));
      if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
      return parts;
    }),
  },
  escapeChar: {
    args: ["type"],
    apply: nullable((input, args: Args, site: CallSite) => {
      const type = text(args.type ?? "", site, "type").toLowerCase();
      const escapes: Record<string, [string, string]> = { single: ["'", "\\'"], double: ['"', '\\"'], shell: ["'", "'\\''"] };
      const pair = escapes[type];
      if (!pair) site.fail("expects the value of 'type' to be either 'single', 'double', or 'shell'");
      const escape = (v: unknown): unknown => {
        site.tick();
        if (Array.isArray(v)) return v.map(escape);
        if (isPlainMap(v)) return Object.fromEntries(mapKeys(v).map((k) => [k, escape(v[k])]));
        return text(v, site).split(pair[0]).join(pair[1]);
      };
      return escape(input);
    }),
  },
  urlencode: simple((s) => urlencode(s)),
  urldecode: simple((s, site) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return site.fail("the input is not URL-encoded");
    }
  }),
  indent: indent("indent"),
  nindent: indent("nindent"),
};
