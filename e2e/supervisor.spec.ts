import { execFileSync, spawn } from "node:child_process";
import net from "node:net";
import { E2E_ENV, PORT } from "./support/env";
import { expect, test } from "./fixtures";

// `npm start` (scripts/start.mjs) must not leave a dead instance silently: when its server
// process dies it exits non-zero, so a supervisor restarts it; a requested stop exits 0.

async function start(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, ...E2E_ENV, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  for (const deadline = Date.now() + 90_000; ; ) {
    // read to its end: an unread response holds its connection open, and a stop waits for it
    const res = await fetch(`http://127.0.0.1:${port}/login`).catch(() => null);
    await res?.arrayBuffer();
    if (res?.ok) break;
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
    expect(second.stderr()).not.toContain("did not stop");
  });

  test("a stop held up by a client that never finishes its request is forced after the grace, and still exits 0", async () => {
    test.setTimeout(120_000);
    const server = await start(PORT + 4, { TENANTFLOW_STOP_GRACE_MS: "1500" });
    // a request whose headers never end: the server's close waits for it (until its own timeouts)
    const stalled = net.connect(PORT + 4, "127.0.0.1");
    await new Promise((resolve) => stalled.once("connect", resolve));
    stalled.write("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    try {
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(server.stderr()).toContain("the server did not stop within 1500 ms of SIGTERM (a connection still open); killing it");
      // nothing is left listening
      expect(await fetch(`http://127.0.0.1:${PORT + 4}/login`).then(() => "answered", () => "refused")).toBe("refused");
    } finally {
      stalled.destroy();
    }
  });
});
