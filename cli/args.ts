import { type ParseArgsConfig, parseArgs } from "node:util";

export type Io = { out: (line: string) => void; err: (line: string) => void };

/** Bad command-line input: reported as one line on stderr with exit code 2. */
export class UsageError extends Error {}

/** A whole number given to a flag, or null for `none` (when allowed). */
export function wholeNumber(flag: string, value: string, noneAllowed: boolean): number | null {
  if (noneAllowed && value === "none") return null;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a whole number${noneAllowed ? " or none" : ""}`);
  return Number(value);
}

/** A key given to a flag, or null for `none` (a setting lifted). */
export const keyOrNone = (value: string): string | null => (value === "none" ? null : value);

export function args(argv: string[], options: NonNullable<ParseArgsConfig["options"]> = {}) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
