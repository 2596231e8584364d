// Settings the embedded default needs but a first-time user has not chosen: the session signing
// secret and the instance key for secrets. They are generated once into data/instance.json (mode
// 600) and reused; with PostgreSQL (production) they must be set explicitly.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export function prepareEnv(env = process.env) {
  const url = env.DATABASE_URL || "file:./data/tenantflow.db";
  const embedded = url.startsWith("file:");
  if (embedded) {
    const file = url.replace(/^file:/, "");
    fs.mkdirSync(path.dirname(path.resolve(root, file)), { recursive: true });
  }
  if (embedded && (!env.NEXTAUTH_SECRET || !env.TENANTFLOW_SECRET_KEY)) {
    const store = path.join(root, "data", "instance.json");
    let saved = {};
    if (fs.existsSync(store)) saved = JSON.parse(fs.readFileSync(store, "utf8"));
    if (!saved.nextauthSecret || !saved.secretKey) {
      saved = {
        nextauthSecret: saved.nextauthSecret ?? crypto.randomBytes(32).toString("base64url"),
        secretKey: saved.secretKey ?? crypto.randomBytes(32).toString("base64"),
      };
      fs.mkdirSync(path.dirname(store), { recursive: true });
      fs.writeFileSync(store, JSON.stringify(saved, null, 2), { mode: 0o600 });
    }
    env.NEXTAUTH_SECRET ||= saved.nextauthSecret;
    env.TENANTFLOW_SECRET_KEY ||= saved.secretKey;
  }
  return env;
}

/**
 * NODE_OPTIONS for the server: a V8 heap limit, so that the server collects garbage before its
 * resident memory grows far past what it uses (with the default limit, a few GB on a large
 * machine, V8 lets the heap grow under load: about 450-550 MB resident where 300 MB suffice).
 * TENANTFLOW_MAX_HEAP_MB (320) sets it; a --max-old-space-size already in NODE_OPTIONS wins.
 * Also preloads scripts/peer-address.cjs (the client address for sign-in throttling).
 * @param {Record<string, string | undefined>} env
 */
export function serverNodeOptions(env = process.env) {
  const current = (env.NODE_OPTIONS ?? "").trim();
  // every request learns its socket's address (sign-in throttling needs the real client)
  const peer = `--require ${JSON.stringify(path.join(root, "scripts", "peer-address.cjs"))}`;
  if (/--max-old-space-size/.test(current)) return `${current} ${peer}`;
  const mb = (env.TENANTFLOW_MAX_HEAP_MB ?? "").trim() || "320";
  if (!/^\d+$/.test(mb) || Number(mb) < 128) {
    throw new Error(`TENANTFLOW_MAX_HEAP_MB must be a whole number of megabytes, at least 128 (got "${mb}")`);
  }
  return `${current} --max-old-space-size=${mb} ${peer}`.trim();
}

/** How long `npm start` lets a requested stop take before it kills the server (TENANTFLOW_STOP_GRACE_MS). */
export function stopGraceMs(env) {
  const ms = (env.TENANTFLOW_STOP_GRACE_MS ?? "").trim();
  if (!ms) return 10_000;
  if (!/^\d+$/.test(ms) || Number(ms) < 100) {
    throw new Error(`TENANTFLOW_STOP_GRACE_MS must be a whole number of milliseconds, at least 100 (got "${ms}")`);
  }
  return Number(ms);
}

/**
 * The exit status of `npm start` once the server process has ended. A stop that was asked for
 * (SIGINT/SIGTERM passed on to the server) is a clean 0; anything else (a crash, the heap
 * exhausted, a kill) is non-zero, so a supervisor restarts the instance instead of leaving it
 * dead: the server's own code, or 128 + the signal's number as a shell reports it.
 */
export function exitStatus({ code, signal, requested, forced = false }) {
  // a requested stop that outlasted its grace and was killed (see stopGraceMs) still stopped as asked
  if (requested && forced && signal === "SIGKILL") return 0;
  // the server may also end a requested stop with 128 + the signal's number
  if (requested && (code === 0 || signal === requested || code === 128 + os.constants.signals[requested])) return 0;
  if (code !== null && code !== undefined) return code === 0 ? 1 : code;
  return 128 + (os.constants.signals[signal] ?? 0);
}
