import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";

// `tenantflow worker|executor|scheduler` as child processes: the real command line (cli/main.ts,
// which installs the real engine) run directly by node, so that a signal reaches the role itself.

const MAIN = path.resolve("cli/main.ts");
const START_MS = 90_000;

export type RoleProcess = { child: ChildProcess; pid: number; output: () => string };

export class RoleProcesses {
  readonly all: RoleProcess[] = [];

  /** Starts one role (or another entry) and resolves when it says it started (`ready`); fails if it exits first. */
  async start(args: string[], env: Record<string, string> = {}, opts: { entry?: string; ready?: string } = {}): Promise<RoleProcess> {
    const ready = opts.ready ?? " started";
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", opts.entry ?? MAIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const role: RoleProcess = { child, pid: child.pid!, output: () => out };
    this.all.push(role);
    await new Promise<void>((resolve, reject) => {
      const onData = () => {
        if (out.includes(ready)) {
          child.stdout!.off("data", onData);
          child.off("exit", onExit);
          resolve();
        }
      };
      const onExit = (code: number | null) => reject(new Error(`${args[0] ?? opts.entry} exited with ${code} before it started: ${out}`));
      child.stdout!.on("data", onData);
      child.on("exit", onExit);
      // a start that takes this long is a failure of its own (with what the process said)
      setTimeout(() => reject(new Error(`${args[0] ?? opts.entry} did not start within ${START_MS} ms: ${out}`)), START_MS).unref();
    });
    return role;
  }

  /** SIGTERM (the role drains and exits) and the exit code; `"hung"` (and SIGKILL) if it has not
   * exited within `ms`. */
  async stop(role: RoleProcess, ms = 60_000): Promise<number | null | "hung"> {
    if (exited(role.child)) return role.child.exitCode;
    const exit = once(role.child, "exit");
    role.child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), ms)));
    const r = await Promise.race([exit.then(([code]) => code as number | null), hung]);
    clearTimeout(timer);
    if (r === "hung") role.child.kill("SIGKILL");
    return r;
  }

  /** Ends every child still running: SIGTERM, then SIGKILL if it has not exited within a few seconds. */
  async killAll() {
    await Promise.all(
      this.all.map(async ({ child }) => {
        if (exited(child)) return;
        const exit = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exit;
        clearTimeout(timer);
      }),
    );
  }
}

const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
