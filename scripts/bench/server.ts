// The production server under test: `next start` on the benchmark database (already migrated and
// bootstrapped by the dataset step, which is what scripts/start.mjs would do first), with the
// resident memory of every process of its tree sampled from /proc while it runs.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { serverNodeOptions } from "../instance-env.mjs";
import { processCpuMs } from "./cpu";
import { BENCH_DIR, ROOT, instanceEnv } from "./dataset";

const require = createRequire(import.meta.url);

// servers still running, stopped if the harness ends early (an error, Ctrl-C)
const live = new Set<() => void>();
const killAll = () => {
  for (const kill of live) kill();
  live.clear();
};
process.once("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    killAll();
    process.exit(130);
  });
}

export type Server = {
  base: string;
  pid: number;
  /** peak resident memory (MB) of the serving process: the highest VmHWM in the tree */
  peakRssMb(): number;
  /** per process of the tree: command and VmHWM (MB) */
  processes(): { pid: number; cmd: string; hwmMb: number }[];
  /** CPU time (ms) used so far by the processes of its tree */
  cpuMs(): number;
  stop(): Promise<void>;
};

function readStatus(pid: number) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return null;
  }
}

/** The pid and its descendants, from the parent links in /proc/<pid>/stat. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(Number(entry));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(root);
  return out;
}

const cmdline = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).map((a) => path.basename(a)).join(" ").slice(0, 80);
  } catch {
    return "?";
  }
};

export async function startServer(opts: { url: string; port: number; label: string; extraEnv?: Record<string, string> }): Promise<Server> {
  const base = `http://127.0.0.1:${opts.port}`;
  // nothing else may answer on the port
  const busy = await fetch(`${base}/api/v1/health`).then(() => true, () => false);
  if (busy) throw new Error(`port ${opts.port} is already in use`);
  const next = path.join(path.dirname(require.resolve("next/package.json")), "dist", "bin", "next");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...instanceEnv(opts.url),
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    NEXTAUTH_URL: base,
    NODE_ENV: "production" as const,
    ...opts.extraEnv,
  };
  // the heap limit scripts/start.mjs gives the server
  env.NODE_OPTIONS = serverNodeOptions(env);
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const log = fs.openSync(path.join(BENCH_DIR, `server-${opts.label}.log`), "w");
  const child: ChildProcess = spawn(process.execPath, [next, "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", log, log],
  });
  let exited: number | null = null;
  const kill = () => {
    for (const pid of tree(child.pid!).reverse()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  live.add(kill);
  child.on("exit", (code) => {
    exited = code ?? -1;
    live.delete(kill);
  });

  const peaks = new Map<number, { cmd: string; hwm: number }>();
  const sample = () => {
    for (const pid of tree(child.pid!)) {
      const s = readStatus(pid);
      if (!s) continue;
      const prev = peaks.get(pid);
      peaks.set(pid, { cmd: prev?.cmd ?? cmdline(pid), hwm: Math.max(prev?.hwm ?? 0, s.hwm, s.rss) });
    }
  };
  const timer = setInterval(sample, 250);

  const deadline = Date.now() + 120_000;
  try {
    for (;;) {
      if (exited !== null) throw new Error(`server ${opts.label} exited (${exited}) before answering: see data/bench/server-${opts.label}.log`);
      const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server ${opts.label} did not answer within 120 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    clearInterval(timer);
    kill();
    throw e;
  }
  sample();

  return {
    base,
    pid: child.pid!,
    peakRssMb() {
      sample();
      return Math.max(0, ...[...peaks.values()].map((p) => p.hwm)) / 1024;
    },
    processes() {
      sample();
      return [...peaks.entries()].map(([pid, p]) => ({ pid, cmd: p.cmd, hwmMb: p.hwm / 1024 }));
    },
    cpuMs() {
      return processCpuMs(tree(child.pid!));
    },
    async stop() {
      sample();
      clearInterval(timer);
      if (exited !== null) return;
      const done = new Promise((r) => child.once("exit", r));
      const pids = tree(child.pid!).reverse();
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      const timeout = setTimeout(() => pids.forEach((pid) => { try { process.kill(pid, "SIGKILL"); } catch { /* gone */ } }), 10_000);
      await done;
      clearTimeout(timeout);
      fs.closeSync(log);
    },
  };
}
