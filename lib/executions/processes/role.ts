import crypto from "node:crypto";
import os from "node:os";

/** A long-running loop of one role; stop() lets the work in hand finish, then resolves. */
export type Role = { readonly id: string; stop(): Promise<void> };

/** A readable, unique name for one running role (shown as the attempt's workerId). */
export const roleId = (role: string) => `${role}-${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;

const CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);
const CONNECTION_MESSAGE =
  /can't reach database|database system is (shutting down|starting up|in recovery)|terminating connection|connection (terminated|refused|reset|error|closed)|server closed the connection|not queryable|ECONNREFUSED|ECONNRESET|timed out fetching a new connection/i;

/** True when the error says the database is away (down, restarting, or the connection dropped),
 * not that the work itself went wrong: the same work is tried again once it is back. */
export function isConnectionError(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (CONNECTION_MESSAGE.test(String((x as { message?: unknown }).message ?? x))) return true;
  }
  return false;
}

// what the database client says when the database itself is away (not a task's own connection)
const DATABASE_AWAY = /can't reach database server|database system is (shutting down|starting up|in recovery)|terminating connection due to administrator command|has encountered a connection error and is not queryable/i;

/** True when a task's error text is the engine's own database being away (the attempt is run again
 * once it is back rather than failed). */
export const isDatabaseAway = (error: string | null | undefined) => !!error && DATABASE_AWAY.test(error);

/** Errors of a loop are reported, never fatal: the loop carries on after its polling interval. A
 * lost database is one line (it is expected during a restart), anything else its stack. */
export function reportError(role: string, e: unknown, retryMs?: number) {
  const retry = retryMs === undefined ? "" : `; trying again in ${retryMs} ms`;
  if (isConnectionError(e)) {
    const message = (e instanceof Error ? e.message : String(e)).trim().split("\n").filter(Boolean).at(-1);
    process.stderr.write(`tenantflow ${role}: the database is unavailable (${message})${retry}\n`);
  } else process.stderr.write(`tenantflow ${role}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}${retry}\n`);
}

/** The wait after a failed pass of a loop: doubles with each failure in a row (from `baseMs` up
 * to `maxMs`), back to nothing after a pass that worked. */
export class Backoff {
  private failures = 0;
  constructor(
    private readonly baseMs = 200,
    private readonly maxMs = 2_000,
  ) {}

  failed(): number {
    this.failures++;
    return Math.min(this.maxMs, this.baseMs * 2 ** (this.failures - 1));
  }

  succeeded() {
    this.failures = 0;
  }
}

/** Runs `fn`, again after a growing pause while it fails because the database is away, for at
 * most `withinMs`; any other error, or the last one, is thrown. */
export async function retryConnection<T>(fn: () => Promise<T>, withinMs: number, onRetry?: (e: unknown, waitMs: number) => void): Promise<T> {
  const end = Date.now() + withinMs;
  const backoff = new Backoff(100, 1_000);
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      const wait = backoff.failed();
      if (!isConnectionError(e) || Date.now() + wait > end) throw e;
      onRetry?.(e, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
