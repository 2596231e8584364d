import { spawn } from "node:child_process";
import { LineSplitter } from "./lines";

// Runs one child process in its own process group (detached), so that a kill, a timeout or the end
// of the script reaches everything it started: SIGTERM to the group, then SIGKILL after a grace.

export type ProcessSpec = {
  /** the interpreter and its arguments, the script last; no shell is put in between */
  argv: readonly string[];
  cwd: string;
  /** the whole environment of the process (nothing of the server's is added) */
  env: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  onLine: (stream: "stdout" | "stderr", line: string) => void;
  /** another user to run as (the worker must be allowed to switch) */
  runAs?: { uid: number; gid: number };
  /** how long a SIGTERM is given before SIGKILL */
  graceMs?: number;
};

export type ProcessOutcome = { exitCode: number | null; killedBy: "abort" | "timeout" | null; error?: string };

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Resolves once the process has ended and its output is read to the end (every process of its group gone or detached from it). */
export function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const [command, ...args] = spec.argv;
    const child = spawn(command, args, { cwd: spec.cwd, env: spec.env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"], ...(spec.runAs ?? {}) });
    const out = new LineSplitter((l) => spec.onLine("stdout", l));
    const err = new LineSplitter((l) => spec.onLine("stderr", l));
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));

    let killedBy: ProcessOutcome["killedBy"] = null;
    let exitCode: number | null = null;
    let forceKill: NodeJS.Timeout | undefined;
    const stop = (why: "abort" | "timeout") => {
      if (killedBy || child.pid === undefined) return;
      killedBy = why;
      killGroup(child.pid, "SIGTERM");
      forceKill = setTimeout(() => killGroup(child.pid!, "SIGKILL"), spec.graceMs ?? 2000);
    };
    const onAbort = () => stop("abort");
    if (spec.signal.aborted) onAbort();
    else spec.signal.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => stop("timeout"), spec.timeoutMs);

    child.on("error", (e) => {
      clearTimeout(timer);
      spec.signal.removeEventListener("abort", onAbort);
      resolve({ exitCode: null, killedBy, error: e.message });
    });
    // the script ended: what it left running in its group ends with it, so that no output pipe stays open
    child.on("exit", (code) => {
      exitCode = code;
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      spec.signal.removeEventListener("abort", onAbort);
      out.end();
      err.end();
      resolve({ exitCode: exitCode ?? code, killedBy });
    });
  });
}
