import { LOG_LEVELS, type LogLevel } from "../types";
import { TaskFailure } from "./types";

// Reading rendered properties: after rendering, an expression's result is text, so numbers,
// booleans and enums are read from text as the orchestrator reads them.

const FALSY = new Set(["false", "0", "-0", ""]);

/** The orchestrator's truthiness of a rendered condition: only "", 0, -0 and false are false. */
export const isTruthy = (value: unknown): boolean =>
  value !== null && value !== undefined && value !== false && !FALSY.has(String(value).trim());

export function text(props: Record<string, unknown>, key: string): string | undefined {
  const v = props[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export function requiredText(props: Record<string, unknown>, key: string): string {
  const v = text(props, key);
  if (v === undefined || v === "") throw new TaskFailure(`missing required property "${key}"`);
  return v;
}

export function boolean(props: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = props[key];
  if (v === undefined || v === null || v === "") return fallback;
  if (typeof v === "boolean") return v;
  const t = String(v).trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  throw new TaskFailure(`property "${key}" must be true or false, not "${String(v)}"`);
}

export function logLevel(props: Record<string, unknown>, key: string, fallback: LogLevel = "INFO"): LogLevel {
  const v = text(props, key);
  if (v === undefined || v === "") return fallback;
  const level = v.trim().toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new TaskFailure(`property "${key}" must be one of ${LOG_LEVELS.join(", ")}, not "${v}"`);
  }
  return level as LogLevel;
}

/** Whether a line at `level` passes a minimum level (the flow's or task's `logLevel`). */
export const levelAtLeast = (level: LogLevel, min: LogLevel) => LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(min);
