import type { CallSite } from "../context";
import type { Args } from "../registry";
import { toText } from "../serialize";
import { typeName } from "../values";

/** A filter's input or argument read as text: strings as they are, numbers and booleans printed. */
export function text(value: unknown, site: CallSite, what = "input"): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return toText(value, site);
  return site.fail(`expects text as its ${what}, got ${typeName(value)}`);
}

export function integer(value: unknown, site: CallSite, what: string): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
  return site.fail(`expects an integer as \`${what}\`, got ${typeName(value)}`);
}

export function list(value: unknown, site: CallSite): unknown[] {
  if (Array.isArray(value)) return value;
  return site.fail(`expects a list, got ${typeName(value)}`);
}

/** Null in, null out: most of the orchestrator's filters let a null pass through untouched. */
export function nullable(fn: (input: unknown, args: Args, site: CallSite) => unknown) {
  return (input: unknown, args: Args, site: CallSite) => (input === null ? null : fn(input, args, site));
}

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]/;

/**
 * A user-written regular expression (split, replace with regexp=true). Backreferences and nested
 * quantifiers are refused: they are how a pattern backtracks for ever, and no budget can stop
 * the regex engine once it has started.
 */
export function safeRegex(pattern: string, site: CallSite, flags = ""): RegExp {
  if (pattern.length > 200) site.fail("the regular expression is longer than 200 characters");
  if (/\\[1-9]|\\k</.test(pattern) || NESTED_QUANTIFIER.test(pattern)) {
    site.fail("the regular expression uses backreferences or nested quantifiers, which are not allowed");
  }
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    return site.fail(`invalid regular expression: ${(e as Error).message}`);
  }
}
