import { type ChildProcess, spawn } from "node:child_process";
import { E2E_ENV } from "./env";

/** Starts another instance of the production build on the same database, with other settings. */
export async function startServer(port: number, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, ...E2E_ENV, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      // the page read to its end: a response left unread holds its connection, and a stop waits for it
      const res = await fetch(`${url}/login`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`server on ${port} did not start: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    /** What the server wrote to stderr so far (its error log). */
    stderr: () => stderr,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
