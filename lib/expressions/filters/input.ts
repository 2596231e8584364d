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

/**
 * Whether a group that repeats (`(...)*`, `(...)+`, `(...){n,}`) holds a quantifier or an
 * alternative of its own: the shapes that make a backtracking engine take exponential time.
 */
function hasNestedRepetition(pattern: string): boolean {
  const stack: boolean[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "[") {
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      continue;
    }
    if (c === "(") {
      stack.push(false);
      // `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`: the group's kind, not a quantifier
      if (pattern[i + 1] === "?") for (i++; ":=!<".includes(pattern[i + 1] ?? "x"); ) i++;
    }
    else if (c === ")") {
      const risky = stack.pop() ?? false;
      const next = pattern[i + 1];
      if (risky && (next === "*" || next === "+" || next === "{")) return true;
      if (risky && stack.length) stack[stack.length - 1] = true;
      if (!risky && stack.length && (next === "*" || next === "+" || next === "{")) stack[stack.length - 1] = true;
    } else if ((c === "*" || c === "+" || c === "{" || c === "|" || c === "?") && stack.length) {
      stack[stack.length - 1] = true;
    }
  }
  return false;
}

const UNBOUNDED = /(?<!\\)(?:[*+]|\{\d+,\})/g;
/** Longest text a user-written pattern runs over; literal patterns have no such limit. */
export const MAX_REGEX_INPUT = 20_000;

/** Whether a pattern is plain text (no metacharacter), so it can be matched without a regex engine. */
export function isLiteralPattern(pattern: string): boolean {
  return !/[\\^$.|?*+()[\]{}]/.test(pattern);
}

/**
 * A user-written regular expression (split, replace with regexp=true). The regex engine
 * backtracks and no budget can stop it once started, so the shapes that make it take exponential
 * or high polynomial time are refused: backreferences, a repeated group that repeats or
 * alternates inside, more than two unbounded quantifiers; and it only runs over bounded text.
 */
export function safeRegex(pattern: string, site: CallSite, input: string, flags = ""): RegExp {
  if (pattern.length > 200) site.fail("the regular expression is longer than 200 characters");
  if (/\\[1-9]|\\k</.test(pattern) || hasNestedRepetition(pattern) || (pattern.match(UNBOUNDED)?.length ?? 0) > 2) {
    site.fail("the regular expression uses backreferences, nested quantifiers or more than two unbounded quantifiers, which are not allowed");
  }
  if (input.length > MAX_REGEX_INPUT) site.fail(`a regular expression only runs over text of up to ${MAX_REGEX_INPUT} characters`);
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    return site.fail(`invalid regular expression: ${(e as Error).message}`);
  }
}
