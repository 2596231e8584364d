import iconv from "iconv-lite";
import { boolean, requiredText, text } from "../../lib/executions/tasks/props";
import { readExecutionFile } from "../../lib/executions/tasks/storage-common";
import { TaskFailure, type RunnerContext } from "../../lib/executions/tasks/types";

// What the serdes runners share: reading their properties, the source file and charsets.

/** The `from` file of this execution, with its URI for messages. */
export async function source(ctx: RunnerContext): Promise<{ uri: string; bytes: Uint8Array }> {
  const uri = requiredText(ctx.props, "from").trim();
  return { uri, bytes: await readExecutionFile(ctx, uri) };
}

/** A charset by its Java name (UTF-8, ISO-8859-1, windows-1252, UTF-16, ...); UTF-8 when not set. */
export function charsetOf(ctx: RunnerContext): string {
  const name = (text(ctx.props, "charset") ?? "").trim() || "UTF-8";
  if (!iconv.encodingExists(name)) throw new TaskFailure(`property "charset": "${name}" is not a supported charset`);
  return name;
}

/** Text of bytes in a charset; a leading byte-order mark is dropped. */
export const decode = (bytes: Uint8Array, charset: string): string => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);

export const encode = (value: string, charset: string): Uint8Array => iconv.encode(value, charset);

/** A property that is one character (a separator, a quote); `fallback` when not set. */
export function charOf(ctx: RunnerContext, key: string, fallback: string): string {
  const v = text(ctx.props, key);
  if (v === undefined || v === "") return fallback;
  if ([...v].length !== 1) throw new TaskFailure(`property "${key}" must be a single character, not "${v}"`);
  return v;
}

export function intOf(ctx: RunnerContext, key: string, fallback: number): number {
  const v = text(ctx.props, key);
  if (v === undefined || v.trim() === "") return fallback;
  if (!/^[+-]?\d+$/.test(v.trim())) throw new TaskFailure(`property "${key}" must be an integer, not "${v}"`);
  return Number(v.trim());
}

export const boolOf = (ctx: RunnerContext, key: string, fallback: boolean) => boolean(ctx.props, key, fallback);

export function enumOf<T extends string>(ctx: RunnerContext, key: string, values: readonly T[], fallback: T): T;
export function enumOf<T extends string>(ctx: RunnerContext, key: string, values: readonly T[], fallback: undefined): T | undefined;
export function enumOf<T extends string>(ctx: RunnerContext, key: string, values: readonly T[], fallback: T | undefined): T | undefined {
  const v = text(ctx.props, key);
  if (v === undefined || v.trim() === "") return fallback;
  const upper = v.trim().toUpperCase() as T;
  if (!values.includes(upper)) throw new TaskFailure(`property "${key}" must be one of ${values.join(", ")}, not "${v}"`);
  return upper;
}

/** A time zone id (Europe/Paris, UTC, +02:00); `Etc/UTC` when not set. */
export function timeZoneOf(ctx: RunnerContext): string {
  const v = (text(ctx.props, "timeZoneId") ?? "").trim() || "Etc/UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
  } catch {
    throw new TaskFailure(`property "timeZoneId": "${v}" is not a time zone`);
  }
  return v;
}

export const ON_BAD_LINES = ["ERROR", "WARN", "SKIP"] as const;
export type OnBadLines = (typeof ON_BAD_LINES)[number];
