// Executions: how fast the engine runs flows, on SQLite and PostgreSQL, each on a fresh database
// created and dropped here. Part of `npm run bench`; alone:
//
//   npm run bench -- --executions-only [--db sqlite|postgres|both] [--quick] [--executions-seconds S] [--profile]
//
// On PostgreSQL the roles are processes of their own (`tenantflow worker`, 1 then 3 of them, one
// `tenantflow executor`, one `tenantflow scheduler`); on SQLite they run in one process with the
// starts (SQLite is single-process by design). Executions of a one-task Log flow are started
// through the domain function the API calls (startExecution) at an open-loop rate that is raised
// until the backlog grows; latencies are read from the dates the engine records (the start's
// answer, the first task run's RUNNING, the execution's SUCCESS), so watching costs the engine
// nothing. Writes (or replaces) the "Executions" section of docs/benchmarks.md.
import { loadSentence, readSection, writeSection } from "./sections";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { BENCH_DIR, type DbKind, ROOT, instanceEnv } from "./dataset";

const require = createRequire(import.meta.url);
const PG_ADMIN_URL = process.env.PG_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const TENANT = "main";
const MAX_IN_FLIGHT = 64;
const COUNTER = pathToFileURL(path.join(ROOT, "scripts/bench/count-statements.mjs")).href;
const NAMESPACE = "bench.executions";

export const TARGETS = { rate: 200, loadedRate: 150, loadedP99: 250, idleFirstTask: 10, fortyTasks: 800 };

export type ExecutionsOptions = {
  dbs: DbKind[];
  /** measured seconds of each rate step */
  seconds: number;
  quick: boolean;
  /** attempts at once per worker */
  workerConcurrency: number;
  /** --cpu-prof on the executor and the first worker (PostgreSQL) or on the one process (SQLite) */
  profile: boolean;
  pgPrefix: string;
};

export type Latency = { n: number; firstTaskP50: number; firstTaskP99: number; successP50: number; successP99: number };
export type RateStep = { rate: number; started: number; startRate: number; endedInWindow: number; backlogAtEnd: number; drainMs: number; sustained: boolean; latency: Latency };
export type ProfileTop = { file: string; totalMs: number; top: { fn: string; where: string; selfMs: number; share: number }[]; areas?: { area: string; share: number }[] };

/** Where a function's code lives, to say what dominates a profile. */
function areaOf(fn: string, url: string) {
  if (fn === "(garbage collector)") return "garbage collection";
  if (!url) return fn === "writev" || fn === "writeBuffer" || fn === "write" ? "socket writes (statements sent)" : "native and runtime";
  if (url.includes("@prisma/")) return "Prisma client (query building, results)";
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//.test(url)) return "pg driver";
  if (url.includes("/lib/expressions/")) return "expression engine";
  if (url.includes("/lib/")) return "engine and domain code";
  if (url.includes("node_modules/tsx") || url.includes("esbuild") || url.startsWith("node:internal/modules")) return "TypeScript loading (start-up)";
  if (url.startsWith("node:")) return "Node.js internals";
  return "other libraries";
}
export type RolesResult = {
  label: string;
  workers: number;
  idle: Latency;
  steps: RateStep[];
  sustained: number;
  sustainedThroughput: number;
  half: RateStep | null;
  atTarget: RateStep | null;
  forty: { runs: number[]; median: number };
  profiles: ProfileTop[];
  /** PostgreSQL: statements each role sent per execution, idle (BEGIN and COMMIT included) */
  statements?: Record<string, number>;
};
export type DbExecutions = { db: DbKind; version: string; configs: RolesResult[] };
export type ExecutionsResult = { seconds: number; workerConcurrency: number; loadBefore: number[]; results: DbExecutions[]; command?: string; finished?: string };

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(values: number[], p: number) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// The harness: a fresh database per kind, a driver process bound to it, the database dropped after.

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A migrated, bootstrapped database of its own (`label` and the pid in its name), and how to drop it. */
export async function freshDatabase(db: DbKind, pgPrefix: string, label = "executions") {
  const name = `${db === "sqlite" ? `${label}-` : `${pgPrefix}${label}_`}${process.pid}`;
  let url: string;
  let drop: () => Promise<void>;
  if (db === "sqlite") {
    const file = path.join(BENCH_DIR, `${name}.db`);
    const rm = () => {
      for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${s}`, { force: true });
    };
    rm();
    url = `file:${file}`;
    drop = async () => rm();
  } else {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
    await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await pgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = () => pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  }
  const env = { ...process.env, ...instanceEnv(url) };
  execFileSync(process.execPath, [path.join(ROOT, "scripts/db-migrate.mjs"), "deploy"], { env, cwd: ROOT, stdio: "pipe" });
  execFileSync(process.execPath, [path.join(ROOT, "bin/tenantflow.mjs"), "bootstrap"], { env, cwd: ROOT, stdio: "pipe" });
  return { name, url, drop };
}

export async function dbVersion(db: DbKind, url: string) {
  if (db === "sqlite") {
    const Database = require("better-sqlite3");
    const mem = new Database(":memory:");
    const v = mem.prepare("select sqlite_version() as v").get().v as string;
    mem.close();
    return `SQLite ${v}`;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const v = (await c.query("SHOW server_version")).rows[0].server_version as string;
  await c.end();
  return `PostgreSQL ${v}`;
}

/** Node with the project's TypeScript loader, as `tenantflow` and the scripts run. */
export function tsNode(args: string[], nodeArgs: string[] = []) {
  return [...nodeArgs, "--import", "tsx", "--conditions=react-server", ...args];
}

export async function executionsBench(o: ExecutionsOptions): Promise<ExecutionsResult> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const loadBefore = os.loadavg();
  const results: DbExecutions[] = [];
  for (const db of o.dbs) {
    log(`executions, ${db}: fresh database`);
    const { url, drop, name } = await freshDatabase(db, o.pgPrefix);
    try {
      const version = await dbVersion(db, url);
      const profileDir = path.join(BENCH_DIR, "profiles", `${db}-${process.pid}`);
      const driverProfile = path.join(profileDir, "driver");
      const nodeArgs = [...(o.profile ? ["--cpu-prof", `--cpu-prof-dir=${driverProfile}`] : []), ...(db === "postgres" ? ["--import", COUNTER] : [])];
      const driverOpts = JSON.stringify({ db, seconds: o.seconds, quick: o.quick, workerConcurrency: o.workerConcurrency, profile: o.profile, profileDir });
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, tsNode([path.join(ROOT, "scripts/bench/executions.ts"), "--driver", driverOpts], nodeArgs), {
          cwd: ROOT,
          env: {
            ...process.env,
            ...instanceEnv(url),
            TENANTFLOW_EMBEDDED_ROLES: db === "sqlite" ? "true" : "false",
            BENCH_STATEMENTS_DIR: path.join(profileDir, "statements"),
            BENCH_ROLE: "starting process",
          },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let text = "";
        child.stdout.on("data", (d) => (text += d));
        child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`the executions driver on ${name} exited ${code}`))));
      });
      const configs = JSON.parse(out.trim().split("\n").at(-1)!) as RolesResult[];
      if (o.profile && db === "sqlite") configs[0].profiles = profilesIn(driverProfile, "the one process (roles and starts)");
      if (o.profile && db === "postgres") configs[0].profiles.push(...profilesIn(driverProfile, "the starting process (startExecution, the whole run)"));
      results.push({ db, version, configs });
    } finally {
      await drop();
    }
  }
  return { seconds: o.seconds, workerConcurrency: o.workerConcurrency, loadBefore, results, finished: new Date().toISOString() };
}

// ---------------------------------------------------------------------------------------------
// CPU profiles: the functions with the most self time

function profilesIn(dir: string, label: string): ProfileTop[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => topSelf(path.join(dir, f), label))
    .sort((a, b) => b.totalMs - a.totalMs);
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};

export function topSelf(file: string, label: string, n = 12): ProfileTop {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${f.url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "")}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    if (f.functionName !== "(idle)") areas.set(areaOf(f.functionName, f.url), (areas.get(areaOf(f.functionName, f.url)) ?? 0) + dt);
  });
  const busy = total - (self.get("(idle)\t") ?? 0);
  const top = [...self]
    .filter(([k]) => k !== "(idle)\t")
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => {
      const [fn, where] = k.split("\t");
      return { fn, where, selfMs: ms, share: busy ? ms / busy : 0 };
    });
  const byArea = [...areas].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, share: busy ? ms / busy : 0 }));
  return { file: `${label}: ${path.relative(ROOT, file)}`, totalMs: busy, top, areas: byArea };
}

// ---------------------------------------------------------------------------------------------
// The driver: runs in a process bound to the fresh database (DATABASE_URL)

type DriverOpts = { db: DbKind; seconds: number; quick: boolean; workerConcurrency: number; profile: boolean; profileDir: string };

const ONE_TASK = `id: one
namespace: ${NAMESPACE}
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Hello from {{ execution.id }}"
`;

const FORTY_TASKS = `id: forty
namespace: ${NAMESPACE}
tasks:
${Array.from({ length: 40 }, (_v, i) => `  - id: step${i + 1}\n    type: io.kestra.plugin.core.log.Log\n    message: "step ${i + 1}"\n`).join("")}`;

async function driver(o: DriverOpts): Promise<RolesResult[]> {
  const { cliActor } = await import("@/lib/authz/actor");
  const { tenantContext } = await import("@/lib/authz/context");
  const { tenantDb } = await import("@/lib/db");
  const { createFlow } = await import("@/lib/flows/flows");
  const { startExecution, waitForEnd } = await import("@/lib/executions/executions");
  const { closeFollowers } = await import("@/lib/executions/follow");
  const { installEngine } = await import("@/lib/executions/install-engine");
  const { runExecutor, runScheduler, runWorker } = await import("@/lib/executions/processes");
  const { TERMINAL_STATES } = await import("@/lib/executions/types");

  const ctx = await tenantContext(cliActor(), TENANT);
  const tdb = tenantDb(TENANT);
  await createFlow(ctx, ONE_TASK);
  await createFlow(ctx, FORTY_TASKS);
  const start = async (flowId: string) => {
    const e = await startExecution(ctx, { namespace: NAMESPACE, flowId, trigger: { kind: "api" } });
    return { id: e.id, answeredAt: Date.now() };
  };

  type Started = { id: string; answeredAt: number };
  type Dates = { created: number; firstRunning: number; success: number; state: string };

  /** The recorded dates of each execution: CREATED and SUCCESS (execution), first RUNNING (its task runs). */
  async function datesOf(ids: string[]): Promise<Map<string, Dates>> {
    const out = new Map<string, Dates>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [execs, runs] = await Promise.all([
        tdb.execution.findMany({ where: { id: { in: chunk } }, select: { id: true, state: true, histories: true } }),
        tdb.taskRun.findMany({ where: { executionId: { in: chunk } }, select: { executionId: true, histories: true } }),
      ]);
      const first = new Map<string, number>();
      for (const r of runs) {
        const h = (JSON.parse(r.histories) as { state: string; date: string }[]).find((x) => x.state === "RUNNING");
        if (!h) continue;
        const t = Date.parse(h.date);
        if (!first.has(r.executionId) || t < first.get(r.executionId)!) first.set(r.executionId, t);
      }
      for (const e of execs) {
        const h = JSON.parse(e.histories) as { state: string; date: string }[];
        const at = (s: string) => Date.parse(h.find((x) => x.state === s)?.date ?? "");
        out.set(e.id, { created: at("CREATED"), firstRunning: first.get(e.id) ?? NaN, success: at("SUCCESS"), state: e.state });
      }
    }
    return out;
  }

  async function latencyOf(started: Started[]): Promise<Latency> {
    const dates = await datesOf(started.map((s) => s.id));
    const first: number[] = [];
    const success: number[] = [];
    for (const s of started) {
      const d = dates.get(s.id);
      if (!d || d.state !== "SUCCESS") continue;
      first.push(d.firstRunning - s.answeredAt);
      success.push(d.success - s.answeredAt);
    }
    return { n: success.length, firstTaskP50: pct(first, 50), firstTaskP99: pct(first, 99), successP50: pct(success, 50), successP99: pct(success, 99) };
  }

  const terminal = { in: [...TERMINAL_STATES] };
  const endedSince = (since: Date) => tdb.execution.count({ where: { flowId: "one", createdAt: { gte: since }, state: terminal } }).catch(() => NaN);
  async function drain(limitMs: number) {
    const until = Date.now() + limitMs;
    while (Date.now() < until) {
      const left = await tdb.execution.count({ where: { state: { notIn: [...TERMINAL_STATES] } } }).catch(() => -1);
      if (left === 0) return true;
      await sleep(200);
    }
    return false;
  }

  /** Open loop: starts at `rate` per second for `seconds`, whatever the answers take. */
  async function openLoop(rate: number, seconds: number): Promise<RateStep> {
    const since = new Date(Date.now() - 5);
    const started: Started[] = [];
    const pending = new Set<Promise<void>>();
    const t0 = Date.now();
    const windowEnd = t0 + seconds * 1000;
    let fired = 0;
    let failed = 0;
    while (Date.now() < windowEnd) {
      const due = Math.min(Math.floor(((Date.now() - t0) / 1000) * rate), rate * seconds);
      // at most MAX_IN_FLIGHT starts waiting for their answer, as an API server's connections bound
      // them: a start due beyond that is late (it shows in the answered rate), never an error
      while (fired < due && pending.size < MAX_IN_FLIGHT) {
        fired++;
        const p: Promise<void> = start("one")
          .then((s) => void started.push(s))
          .catch(() => void failed++)
          .finally(() => pending.delete(p));
        pending.add(p);
      }
      await sleep(5);
    }
    // a busy process may wake late from its last sleep: the window's schedule is started in full
    // (late starts show in the answered rate)
    while (fired < rate * seconds) {
      if (pending.size >= MAX_IN_FLIGHT) await Promise.race(pending);
      fired++;
      const p: Promise<void> = start("one")
        .then((s) => void started.push(s))
        .catch(() => void failed++)
        .finally(() => pending.delete(p));
      pending.add(p);
    }
    // answered in the window (a start fired at its very end gets half a second)
    const answeredInWindow = () => started.filter((s) => s.answeredAt <= windowEnd + 500).length;
    const endedInWindow = await endedSince(since);
    await Promise.all([...pending]);
    const backlogAtEnd = fired - endedInWindow;
    const drainStart = Date.now();
    // every execution ends before the latencies are read: an unsustained step's slow ones count too
    const drained = await drain(Math.max(120_000, seconds * 4000));
    const drainMs = Date.now() - drainStart;
    const startRate = answeredInWindow() / seconds;
    // sustained: the starts kept pace, the executions ended as fast as they came (what was left
    // at the end is under a second of work) and the rest ended soon after
    const sustained = failed === 0 && drained && startRate >= 0.95 * rate && backlogAtEnd <= Math.max(5, rate) && drainMs < 3000;
    const latency = await latencyOf(started);
    const step: RateStep = { rate, started: fired, startRate, endedInWindow, backlogAtEnd, drainMs, sustained, latency };
    log(
      `  ${String(rate).padStart(4)}/s: ${fired} started (${startRate.toFixed(0)}/s answered), ${endedInWindow} ended in the window, backlog ${backlogAtEnd}, drained in ${drainMs} ms` +
        `; first task p50 ${latency.firstTaskP50} p99 ${latency.firstTaskP99} ms, success p50 ${latency.successP50} p99 ${latency.successP99} ms ${sustained ? "SUSTAINED" : "not sustained"}${failed ? `, ${failed} starts failed` : ""}`,
    );
    return step;
  }

  async function idle(n: number): Promise<Latency> {
    const started: Started[] = [];
    for (let i = 0; i < n; i++) {
      const s = await start("one");
      started.push(s);
      await waitForEnd(ctx, s.id, 30_000);
      await sleep(50);
    }
    return latencyOf(started);
  }

  async function forty(n: number) {
    const runs: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = await start("forty");
      await waitForEnd(ctx, s.id, 60_000);
      const d = (await datesOf([s.id])).get(s.id)!;
      if (d.state !== "SUCCESS") throw new Error(`the 40-task flow ended ${d.state}`);
      runs.push(d.success - d.created);
    }
    return { runs, median: pct(runs, 50) };
  }

  /** Statements sent so far, by role (the preloaded counter's files; PostgreSQL only). */
  async function statementCounts(): Promise<Map<string, number>> {
    const dir = process.env.BENCH_STATEMENTS_DIR;
    if (o.db !== "postgres" || !dir) return new Map();
    for (const p of roleProcesses) if (p.exitCode === null) p.kill("SIGUSR2");
    process.kill(process.pid, "SIGUSR2");
    await sleep(300);
    const out = new Map<string, number>();
    if (!fs.existsSync(dir)) return out;
    for (const f of fs.readdirSync(dir)) {
      const m = /^(.+)-\d+\.count$/.exec(f);
      if (!m) continue;
      out.set(m[1], (out.get(m[1]) ?? 0) + (Number(fs.readFileSync(path.join(dir, f), "utf8")) || 0));
    }
    return out;
  }

  // the roles: in this process on SQLite, processes of their own on PostgreSQL
  type Roles = { stop(): Promise<void> };
  let roleProcesses: ChildProcess[] = [];
  async function startRoles(workers: number): Promise<Roles> {
    if (o.db === "sqlite") {
      installEngine();
      const roles = [runExecutor(), runWorker({ concurrency: o.workerConcurrency }), runScheduler()];
      return { stop: () => Promise.all(roles.map((r) => r.stop())).then(() => undefined) };
    }
    const procs: ChildProcess[] = [];
    roleProcesses = procs;
    const spawnRole = (args: string[], profile: boolean) =>
      new Promise<ChildProcess>((resolve, reject) => {
        const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(o.profileDir, `${args[0]}-w${workers}`)}`] : [];
        const child = spawn(process.execPath, tsNode([path.join(ROOT, "cli/main.ts"), ...args], [...nodeArgs, "--import", COUNTER]), {
          cwd: ROOT,
          env: { ...process.env, BENCH_ROLE: args[0] },
          stdio: ["ignore", "pipe", "inherit"],
        });
        procs.push(child);
        let out = "";
        child.stdout!.on("data", (d) => {
          out += d;
          if (out.includes("started")) resolve(child);
        });
        child.on("exit", (code) => reject(new Error(`tenantflow ${args.join(" ")} exited ${code}`)));
      });
    await Promise.all([
      spawnRole(["executor"], o.profile && workers === 1),
      spawnRole(["scheduler"], false),
      ...Array.from({ length: workers }, (_v, i) => spawnRole(["worker", "--concurrency", String(o.workerConcurrency)], o.profile && workers === 1 && i === 0)),
    ]);
    return {
      async stop() {
        await Promise.all(
          procs.map(
            (p) =>
              new Promise<void>((resolve) => {
                if (p.exitCode !== null) return resolve();
                p.removeAllListeners("exit");
                p.on("exit", () => resolve());
                p.kill("SIGTERM");
              }),
          ),
        );
      },
    };
  }

  const configs = o.db === "sqlite" ? [{ workers: 1, label: "executor, 1 worker, scheduler and the starts in one process" }] : [
    { workers: 1, label: "1 worker process, 1 executor process, 1 scheduler process" },
    { workers: 3, label: "3 worker processes, 1 executor process, 1 scheduler process" },
  ];
  const RATES = [5, 10, 15, 20, 30, 40, 60, 80, 100, 150, 200, 300, 400, 500];
  const results: RolesResult[] = [];
  for (const c of configs) {
    log(`executions, ${o.db}: ${c.label} (worker concurrency ${o.workerConcurrency})`);
    const roles = await startRoles(c.workers);
    try {
      // warm-up: code paths compiled, pools open
      for (let i = 0; i < 10; i++) {
        const e = await waitForEnd(ctx, (await start("one")).id, 30_000);
        if (e.state.current !== "SUCCESS") throw new Error(`a warm-up execution is ${e.state.current} after 30 s: the roles do not run it`);
      }
      const before = await statementCounts();
      const idleN = o.quick ? 20 : 50;
      const idleLatency = await idle(idleN);
      const after = await statementCounts();
      const statements = o.db === "postgres" ? Object.fromEntries([...after].map(([role, n]) => [role, (n - (before.get(role) ?? 0)) / idleN])) : undefined;
      if (statements) log(`  statements per execution, idle: ${Object.entries(statements).map(([r, n]) => `${r} ${n.toFixed(1)}`).join(", ")}`);
      log(`  idle: first task p50 ${idleLatency.firstTaskP50} p99 ${idleLatency.firstTaskP99} ms, success p50 ${idleLatency.successP50} p99 ${idleLatency.successP99} ms (${idleLatency.n})`);
      const fortyRuns = await forty(o.quick ? 3 : 5);
      log(`  40-task flow: median ${fortyRuns.median} ms (${fortyRuns.runs.join(", ")})`);
      const steps: RateStep[] = [];
      for (const rate of RATES) {
        const s = await openLoop(rate, o.seconds);
        steps.push(s);
        if (!s.sustained) break;
        await drain(30_000);
      }
      await drain(60_000);
      const best = steps.filter((s) => s.sustained).at(-1);
      const sustained = best?.rate ?? 0;
      let half: RateStep | null = null;
      if (sustained >= 2) {
        log(`  at half the sustained rate (${Math.round(sustained / 2)}/s):`);
        half = await openLoop(Math.round(sustained / 2), o.seconds);
        await drain(60_000);
      }
      let atTarget: RateStep | null = steps.find((s) => s.rate === TARGETS.loadedRate) ?? null;
      // the target's own rate, once, on the largest setup
      if (o.db === "postgres" && c.workers === configs.at(-1)!.workers && !atTarget) {
        log(`  at the target's rate (${TARGETS.loadedRate}/s):`);
        atTarget = await openLoop(TARGETS.loadedRate, o.seconds);
        await drain(120_000);
      }
      results.push({
        label: c.label,
        workers: c.workers,
        idle: idleLatency,
        steps,
        sustained,
        sustainedThroughput: best ? best.endedInWindow / o.seconds : 0,
        half,
        atTarget,
        forty: fortyRuns,
        profiles: [],
        statements,
      });
    } finally {
      await roles.stop();
    }
    if (o.profile && o.db === "postgres" && c.workers === 1) {
      results.at(-1)!.profiles = [
        ...profilesIn(path.join(o.profileDir, "executor-w1"), "executor process"),
        ...profilesIn(path.join(o.profileDir, "worker-w1"), "worker process"),
      ];
    }
  }
  closeFollowers();
  return results;
}

// ---------------------------------------------------------------------------------------------
// The report's section

const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "–" : `${Math.round(n)} ms`);
const met = (ok: boolean) => (ok ? "met" : "**not met**");

export function executionsSection(r: ExecutionsResult, command: string, bottleneck?: string): string {
  const L: string[] = ["## Executions", ""];
  L.push(
    `Produced by \`${command}\` on ${(r.finished ?? new Date().toISOString()).slice(0, 16).replace("T", " ")} UTC (Node.js ${process.version}, ${os.cpus().length} CPUs). ` +
      loadSentence(r.loadBefore),
    "",
    `A one-task Log flow started through the domain function the API calls (\`startExecution\`), open loop, ${r.seconds} s per rate, rates raised until the backlog grows ` +
      `(sustained: the starts kept pace, at most a second of executions unfinished at the end of the window, the rest ended within 3 s). Latencies are from the start's answer to the dates the engine records (the first task run's RUNNING, the execution's SUCCESS). ` +
      `Each worker runs ${r.workerConcurrency} attempts at once. Fresh database per run, dropped after.`,
    "",
  );
  for (const d of r.results) {
    L.push(`### ${d.version}`, "");
    L.push("| roles | sustained rate | ended/s at it | idle: start → first task p50 / p99 | idle: start → SUCCESS p50 / p99 | at 50% of sustained: first task p50 / p99 | SUCCESS p50 / p99 | 40-task flow (median) |");
    L.push("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const c of d.configs) {
      const h = c.half?.latency;
      L.push(
        `| ${c.label} | ${c.sustained}/s | ${c.sustainedThroughput.toFixed(0)} | ${ms(c.idle.firstTaskP50)} / ${ms(c.idle.firstTaskP99)} | ${ms(c.idle.successP50)} / ${ms(c.idle.successP99)} | ` +
          `${c.half ? `${ms(h?.firstTaskP50)} / ${ms(h?.firstTaskP99)} (${c.half.rate}/s)` : "–"} | ${c.half ? `${ms(h?.successP50)} / ${ms(h?.successP99)}` : "–"} | ${ms(c.forty.median)} |`,
      );
    }
    L.push("");
    for (const c of d.configs) {
      if (c.statements) {
        L.push(
          `Statements per execution of the one-task flow, idle, ${c.workers} worker${c.workers > 1 ? "s" : ""} (BEGIN and COMMIT included; the polls of idle loops during the run count too): ` +
            `${Object.entries(c.statements).map(([r, n]) => `${r} ${n.toFixed(1)}`).join(", ")}.`,
          "",
        );
      }
    }
    L.push("Rate steps (started per second → what happened):", "");
    L.push("| roles | rate | answered/s | ended in window | backlog at end | drain | success p50 / p99 | sustained |");
    L.push("|---|---:|---:|---:|---:|---:|---:|---|");
    for (const c of d.configs) {
      const extra = [c.half, c.atTarget].filter((s): s is RateStep => !!s && !c.steps.includes(s));
      for (const s of [...c.steps, ...extra]) {
        L.push(`| ${c.workers} worker${c.workers > 1 ? "s" : ""} | ${s.rate}/s | ${s.startRate.toFixed(0)} | ${s.endedInWindow} | ${s.backlogAtEnd} | ${ms(s.drainMs)} | ${ms(s.latency.successP50)} / ${ms(s.latency.successP99)} | ${s.sustained ? "yes" : "no"} |`);
      }
    }
    L.push("");
    if (d.db === "postgres") {
      const best = d.configs.reduce((a, b) => (b.sustained > a.sustained ? b : a));
      const one = d.configs[0];
      const t = best.atTarget ?? d.configs.map((c) => c.atTarget).find(Boolean) ?? null;
      const forty = Math.min(...d.configs.map((c) => c.forty.median));
      const idleFirst = Math.min(...d.configs.map((c) => c.idle.firstTaskP50));
      L.push("Against the targets (PostgreSQL, 2 cores):", "");
      L.push("| target | measured | |", "|---|---|---|");
      L.push(`| ≥ ${TARGETS.rate} executions/s of the one-task flow | ${best.sustained}/s (${best.label}) | ${met(best.sustained >= TARGETS.rate)} |`);
      L.push(
        `| p99 start → SUCCESS < ${TARGETS.loadedP99} ms at ${TARGETS.loadedRate}/s | ${t ? `${ms(t.latency.successP99)} (${t.sustained ? "sustained" : `not sustained: backlog ${t.backlogAtEnd} at the end, ${t.endedInWindow} of ${t.started} ended in the window`})` : "–"} | ${met(!!t && t.sustained && t.latency.successP99 < TARGETS.loadedP99)} |`,
      );
      L.push(`| idle start → first task median < ${TARGETS.idleFirstTask} ms | ${ms(idleFirst)} (1 worker: ${ms(one.idle.firstTaskP50)}) | ${met(idleFirst < TARGETS.idleFirstTask)} |`);
      L.push(`| 40-task sequential flow < ${TARGETS.fortyTasks} ms | ${ms(forty)} | ${met(forty < TARGETS.fortyTasks)} |`);
      L.push("");
    }
    for (const c of d.configs) {
      // the main thread's profile of each process (the others are the TypeScript loader's thread)
      for (const p of c.profiles.filter((x) => !/\.\d+\.[1-9]\d*\.\d+\.cpuprofile$/.test(x.file))) {
        L.push(`CPU profile, ${p.file} (${(p.totalMs / 1000).toFixed(1)} s busy), top self time:`, "");
        L.push("| function | where | self | share of busy |", "|---|---|---:|---:|");
        for (const f of p.top) L.push(`| \`${f.fn}\` | ${f.where || "–"} | ${ms(f.selfMs)} | ${(f.share * 100).toFixed(1)}% |`);
        L.push("");
        if (p.areas) L.push(`By area: ${p.areas.map((a) => `${a.area} ${(a.share * 100).toFixed(0)}%`).join(", ")}.`, "");
      }
    }
  }
  if (bottleneck) L.push("### What limits these numbers", "", bottleneck.trim(), "");
  return L.join("\n");
}

/** The section as it stands in a report, to carry it over when the report is written again. */
export const readExecutionsSection = (file: string) => readSection(file, "Executions");

/** Replaces the section in the report, or puts it before the Analysis (or at the end). */
export const writeExecutionsSection = (file: string, section: string) => writeSection(file, "Executions", section, ["Analysis"]);

/** The analysis of the last run, kept next to the bench (written after reading a run's profiles). */
export function executionsAnalysis(): string | undefined {
  const f = path.join(ROOT, "scripts/bench/executions-analysis.md");
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--driver");
  if (i < 0) {
    console.error("scripts/bench/executions.ts runs as part of `npm run bench` (--executions-only to run it alone)");
    process.exit(2);
  }
  driver(JSON.parse(process.argv[i + 1]) as DriverOpts).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e) => {
      console.error(`bench: ${e instanceof Error ? e.stack : e}`);
      process.exit(1);
    },
  );
}
