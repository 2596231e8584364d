import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ENTRY = path.resolve("tests/executions/support/worker-main.ts");

/**
 * Starts one engine role (`worker`, `scheduler`...) as a process of its own on the suite's
 * database, and resolves when it says it started. `into` collects the children for the test's cleanup.
 */
export async function startRole(into: ChildProcess[], args: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", ENTRY, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  into.push(child);
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("started")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`${args[0]} exited with ${code}: ${err}`)));
  });
  return child;
}
