import crypto from "node:crypto";
import os from "node:os";

/** A long-running loop of one role; stop() lets the work in hand finish, then resolves. */
export type Role = { readonly id: string; stop(): Promise<void> };

/** A readable, unique name for one running role (shown as the attempt's workerId). */
export const roleId = (role: string) => `${role}-${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;

/** Errors of a loop are reported, never fatal: the loop carries on after its polling interval. */
export function reportError(role: string, e: unknown) {
  process.stderr.write(`tenantflow ${role}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
}
