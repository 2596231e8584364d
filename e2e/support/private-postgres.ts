import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// A throw-away PostgreSQL cluster of its own (initdb + pg_ctl, trust authentication on
// 127.0.0.1), for tests that stop and start the database server. Never the shared server.

/** The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinaries(): string | null {
  const base = process.env.PG_BIN_DIR ? [process.env.PG_BIN_DIR] : [];
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const majors = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    base.push(...majors.map((m) => path.join(debian, m, "bin")));
  }
  return base.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) ?? null;
}

export function startPrivatePostgres(bin: string, port: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantflow-pg-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  // initdb refuses to run as root: run the server binaries as the postgres system user then
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : path.join(bin, cmd), asRoot ? ["-u", "postgres", "--", path.join(bin, cmd), ...args] : args, {
      stdio: "pipe",
      cwd: dir,
    });
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`;
  const start = () => run("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    /** A fast shutdown: open connections are terminated, as in a restart or failover. */
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]),
    start,
    log: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8") : ""),
    destroy() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
