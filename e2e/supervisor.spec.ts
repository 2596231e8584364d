import { execFileSync, spawn } from "node:child_process";
import { E2E_ENV, PORT } from "./support/env";
import { expect, test } from "./fixtures";

// `npm start` (scripts/start.mjs) must not leave a dead instance silently: when its server
// process dies it exits non-zero, so a supervisor restarts it; a requested stop exits 0.

async function start(port: number) {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, ...E2E_ENV, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  for (const deadline = Date.now() + 90_000; ; ) {
    if ((await fetch(`http://127.0.0.1:${port}/login`).catch(() => null))?.ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, exited, stderr: () => stderr };
}

test.describe("npm start under a supervisor", () => {
  test("exits non-zero when the server process dies, and 0 when asked to stop", async () => {
    test.setTimeout(240_000);
    const first = await start(PORT + 4);
    const server = execFileSync("ps", ["-o", "pid=", "--ppid", String(first.child.pid)]).toString().trim().split(/\s+/).map(Number);
    expect(server).toHaveLength(1);
    process.kill(server[0], "SIGKILL");
    expect(await first.exited).toBe(137);
    expect(first.stderr()).toContain("the server stopped (signal SIGKILL); exiting with 137");

    const second = await start(PORT + 4);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
