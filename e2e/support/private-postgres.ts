import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
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

/** The kernel's range of ports for outgoing connections (Linux), or its usual default. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (low > 0 && high >= low) return [low, high];
  } catch {
    // not Linux
  }
  return [32768, 60999];
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/**
 * A free port for a private cluster, below the kernel's ephemeral range: a port in that range can
 * be the local end of any outgoing connection on the machine (a pool's connection to the shared
 * server, say), which makes the cluster's start, or its restart after a stop, fail with "Address
 * already in use".
 */
export async function clusterPort(): Promise<number> {
  const [low] = ephemeralRange();
  const first = 20000;
  const span = Math.max(1, Math.min(low, 32768) - first);
  const offset = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = first + ((offset + i) % span);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${first} and ${first + span - 1}`);
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
