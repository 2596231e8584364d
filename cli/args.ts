import { type ParseArgsConfig, parseArgs } from "node:util";

export type Io = { out: (line: string) => void; err: (line: string) => void };

/** Bad command-line input: reported as one line on stderr with exit code 2. */
export class UsageError extends Error {}

export function args(argv: string[], options: NonNullable<ParseArgsConfig["options"]> = {}) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
