// npm run bench: Tenantflow at scale, side by side, on SQLite and PostgreSQL; writes
// docs/benchmarks.md with the command that produced it. Not part of the test suite.
//
//   npm run bench                                  # both databases, full scale (~15 min)
//   npm run bench -- --db sqlite --quick           # a small, fast run (to data/bench/quick.md)
//   npm run bench -- --flows 20000 --db postgres   # any scale; see --help
//   npm run bench -- --executions-only             # only the engine's executions per second and latencies
//   npm run bench -- --ui-only                     # only the execution page in the browser
//   npm run bench -- --triggers-only               # only Flow trigger throughput and Schedule lateness
//   npm run bench -- --fairness-only               # only fairness between tenants (a backlog's cost to others)
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { browserBench, type BrowserResult } from "./browser";
import { BENCH_DIR, type Dataset, type DbKind, ROOT, type Scale, instanceEnv, prepareDataset } from "./dataset";
import { type ExecutionPageResult, executionPageAnalysis, executionPageBench, executionPageSection, readExecutionPageSection, writeExecutionPageSection } from "./execution-page";
import { type ExecutionsResult, executionsAnalysis, executionsBench, executionsSection, readExecutionsSection, writeExecutionsSection } from "./executions";
import { type FairnessResult, fairnessBench, fairnessSection, readFairnessSection, writeFairnessSection } from "./fairness";
import { expressionsBench, expressionsSection, readExpressionsSection, writeExpressionsSection } from "./expressions";
import { type FirstLoad, firstLoadJs } from "./first-load";
import { type TriggersResult, readTriggersSection, triggersBench, triggersSection, writeTriggersSection } from "./triggers";
import { postgresCpuMs } from "./cpu";
import { type CpuReading, type LoadResult, load } from "./load";
import { type RouteKey, ROUTE_LABELS } from "./labels";
import { renderReport } from "./report";
import { type Server, startServer } from "./server";
import type { Summary } from "./stats";

const require = createRequire(import.meta.url);

const HELP = `npm run bench -- [options]
  --db sqlite|postgres|both   databases to measure (both)
  --tenants N --namespaces N --flows N --users N   scale (100, 5000, 100000, 500)
  --growth A,B,…              flow counts for the growth table besides --flows (flows/100, flows/10)
  --conns 1,8,32              connection counts
  --seconds S --warmup S      measured and warm-up seconds per run (5, 1)
  --rounds N                  rounds of the side-by-side routes at the targets' connection count (3; 1 with --quick)
  --switches N                tenant switches in the browser (20)
  --quick                     10 tenants, 200 namespaces, 2000 flows, 50 users, 2 s runs, 5 switches
  --reuse                     keep datasets already seeded at the same scale
  --seed-only                 prepare the datasets and stop
  --report-only               write the report again from the last run's raw numbers
                              (data/bench/results.json), e.g. after editing scripts/bench/analysis.md;
                              with --executions-only, only its Executions section (data/bench/executions.json)
  --no-build                  use the existing production build (.next)
  --port P                    server port (BENCH_PORT, 3210)
  --pg-prefix P               PostgreSQL database name prefix (BENCH_PG_PREFIX, bench_)
  --executions-only           only the Executions section (the engine's rate and latencies), into --out
  --executions-seconds S      measured seconds per rate step of the Executions section (60; 10 with --quick)
  --worker-concurrency N      attempts at once per worker in the Executions section (8)
  --profile                   CPU profiles (node --cpu-prof) of the executor and a worker in the Executions section
  --ui-only                   only the Execution page section (the execution page in the browser), into --out;
                              with --report-only, that section again from data/bench/execution-page.json
  --fairness-only             only the Fairness section (B's queue wait behind A's backlog of 10,000; Jain's
                              index over 10 backlogged tenants), into --out; with --report-only, that section
                              again from data/bench/fairness.json
  --ui-runs N                 Execute → first log line runs of the Execution page section (20; 5 with --quick)
  --ui-loads N                loads of the large execution's page per tab (3; 1 with --quick)
  --triggers-only             only the Triggers section (a flow triggered by another's end: executions/s;
                              10,000 schedules over 100 tenants due at once: lateness), into --out;
                              with --quick 200 chained executions and 1,000 schedules; with --report-only,
                              that section again from data/bench/triggers.json
  --out FILE                  report (docs/benchmarks.md; data/bench/quick.md with --quick)`;

type Options = {
  dbs: DbKind[];
  scale: Scale;
  growth: number[];
  conns: number[];
  seconds: number;
  warmup: number;
  /** rounds of the side-by-side routes at the targets' connection count (absent in older runs' records) */
  rounds?: number;
  switches: number;
  quick: boolean;
  reuse: boolean;
  seedOnly: boolean;
  reportOnly: boolean;
  build: boolean;
  port: number;
  pgPrefix: string;
  out: string;
  executionsOnly: boolean;
  executionsSeconds: number;
  workerConcurrency: number;
  profile: boolean;
  uiOnly: boolean;
  fairnessOnly: boolean;
  uiRuns: number;
  uiLoads: number;
  triggersOnly: boolean;
};

function parseArgs(argv: string[]): Options {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}\n${HELP}`);
    const [k, v] = a.slice(2).split("=", 2);
    if (v !== undefined) flags.set(k, v);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) flags.set(k, argv[++i]);
    else flags.set(k, true);
  }
  if (flags.has("help")) {
    console.log(HELP);
    process.exit(0);
  }
  const known = ["db", "tenants", "namespaces", "flows", "users", "growth", "conns", "seconds", "warmup", "rounds", "switches", "quick", "reuse", "seed-only", "report-only", "no-build", "port", "pg-prefix", "out", "executions-only", "executions-seconds", "worker-concurrency", "profile", "ui-only", "ui-runs", "ui-loads", "triggers-only", "fairness-only"];
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}\n${HELP}`);
  const quick = flags.has("quick");
  const num = (k: string, d: number) => {
    const v = flags.get(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${k} must be a positive number`);
    return n;
  };
  const list = (k: string, d: number[]) => {
    const v = flags.get(k);
    return typeof v === "string" ? v.split(",").map(Number).filter((n) => n > 0) : d;
  };
  const db = String(flags.get("db") ?? "both");
  if (!["sqlite", "postgres", "both"].includes(db)) throw new Error("--db must be sqlite, postgres or both");
  const scale: Scale = {
    tenants: num("tenants", quick ? 10 : 100),
    namespaces: num("namespaces", quick ? 200 : 5000),
    flows: num("flows", quick ? 2000 : 100_000),
    users: num("users", quick ? 50 : 500),
  };
  const growth = list("growth", [Math.round(scale.flows / 100), Math.round(scale.flows / 10)]).filter((n) => n !== scale.flows);
  return {
    dbs: db === "both" ? ["sqlite", "postgres"] : [db as DbKind],
    scale,
    growth: [...new Set(growth)].sort((a, b) => a - b),
    conns: list("conns", [1, 8, 32]),
    seconds: num("seconds", quick ? 2 : 5),
    warmup: num("warmup", quick ? 0.5 : 1),
    rounds: Math.round(num("rounds", quick ? 1 : 3)),
    switches: num("switches", quick ? 5 : 20),
    quick,
    reuse: flags.has("reuse"),
    seedOnly: flags.has("seed-only"),
    reportOnly: flags.has("report-only"),
    build: !flags.has("no-build"),
    port: num("port", Number(process.env.BENCH_PORT ?? 3210)),
    pgPrefix: String(flags.get("pg-prefix") ?? process.env.BENCH_PG_PREFIX ?? "bench_"),
    out: path.resolve(ROOT, String(flags.get("out") ?? (quick ? "data/bench/quick.md" : "docs/benchmarks.md"))),
    executionsOnly: flags.has("executions-only"),
    executionsSeconds: num("executions-seconds", quick ? 10 : 60),
    workerConcurrency: num("worker-concurrency", 8),
    profile: flags.has("profile"),
    uiOnly: flags.has("ui-only"),
    fairnessOnly: flags.has("fairness-only"),
    uiRuns: num("ui-runs", quick ? 5 : 20),
    uiLoads: num("ui-loads", quick ? 1 : 3),
    triggersOnly: flags.has("triggers-only"),
  };
}

// ---------------------------------------------------------------------------------------------


type Route = { key: RouteKey; path: string; headers: Record<string, string> };
export type Measured = Record<string, Record<number, LoadResult | Summary>>; // route -> conns -> result
export type DbResult = {
  db: DbKind;
  version: string;
  main: Dataset;
  growthSets: Dataset[];
  measured: Measured;
  rls?: { off: Record<number, LoadResult>; on: Record<number, LoadResult> };
  /** each round's throughput per route at the targets' connection count (the side by side run in rounds) */
  rounds?: { conns: number; rps: Record<string, number[]> };
  growth: Record<number, Record<string, LoadResult>>; // flows -> route -> result at the growth concurrency
  browser: BrowserResult;
  memory: { label: string; peakMb: number; processes: { pid: number; cmd: string; hwmMb: number }[] }[];
  checks: string[];
};
export type RunResult = {
  command: string;
  started: Date;
  finished: Date;
  options: Options;
  machine: Record<string, string>;
  loadBefore: number[];
  loadAfter: number[];
  buildSeconds: number | null;
  firstLoad: FirstLoad;
  results: DbResult[];
};

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");

async function sessionCookie(base: string, user: { username: string; password: string }) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, username: user.username, password: user.password, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`could not sign in as ${user.username} (${res.status})`);
  return session;
}

function routesFor(ds: Dataset, cookie: string): Route[] {
  const s = ds.seed;
  const t = s.benchTenant;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return [
    { key: "floor", path: "/api/v1/health", headers: {} },
    // what the framework costs for a server-rendered page by itself: the flow page's ceiling
    { key: "page-floor", path: "/login", headers: {} },
    { key: "search-scoped", path: `/api/v1/${t}/flows/search`, headers: bearer(s.principals.scoped.token) },
    { key: "search-admin", path: `/api/v1/${t}/flows/search`, headers: bearer(s.principals.admin.token) },
    { key: "search-viewer", path: `/api/v1/${t}/flows/search`, headers: bearer(s.principals.viewer.token) },
    { key: "tree-scoped", path: `/api/v1/${t}/namespaces`, headers: bearer(s.principals.scoped.token) },
    { key: "tree-admin", path: `/api/v1/${t}/namespaces`, headers: bearer(s.principals.admin.token) },
    { key: "flow-page", path: `/ui/${t}/flows/${encodeURIComponent(s.sampleFlow.namespace)}/${encodeURIComponent(s.sampleFlow.id)}`, headers: { cookie } },
  ];
}

/** Each route answers 200 with what the seed says it should, before anything is timed. */
async function checkRoutes(base: string, ds: Dataset, routes: Route[]): Promise<string[]> {
  const notes: string[] = [];
  const expectTotal: Partial<Record<RouteKey, number>> = {
    "search-scoped": ds.seed.visibleFlows.scoped,
    "search-admin": ds.seed.visibleFlows.admin,
    "search-viewer": ds.seed.visibleFlows.viewer,
  };
  for (const r of routes) {
    const res = await fetch(base + r.path, { headers: r.headers, redirect: "manual" });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${r.key}: GET ${r.path} answered ${res.status}: ${text.slice(0, 200)}`);
    if (expectTotal[r.key] !== undefined) {
      const body = JSON.parse(text) as { total: number; results: unknown[] };
      if (body.total !== expectTotal[r.key] || body.results.length !== Math.min(25, body.total)) {
        throw new Error(`${r.key}: total ${body.total}, expected ${expectTotal[r.key]}`);
      }
      notes.push(`${r.key}: ${body.total} flows visible, ${body.results.length} on the page`);
    }
    if (r.key.startsWith("tree")) notes.push(`${r.key}: ${(JSON.parse(text) as { total: number }).total} namespaces`);
    if (r.key === "flow-page" && !text.includes(ds.seed.sampleFlow.id)) throw new Error("flow-page: the page does not show the flow");
    if (r.key === "page-floor" && !text.includes("Sign in")) throw new Error("page-floor: the sign-in page does not show its form");
  }
  return notes;
}

function dataFloor(ds: Dataset, conns: number[], seconds: number, warmup: number): Promise<Record<number, Summary>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "bin/tenantflow-script.mjs"), "scripts/bench/data-floor.ts", "--user", ds.seed.principals.scoped.username, "--tenant", ds.seed.benchTenant,
        "--conns", conns.join(","), "--seconds", String(seconds), "--warmup", String(warmup)],
      { cwd: ROOT, env: { ...process.env, ...instanceEnv(ds.url) }, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`data floor exited ${code}`));
      const rows = out.trim().split("\n").map((l) => JSON.parse(l) as Summary & { conns: number });
      resolve(Object.fromEntries(rows.map((r) => [r.conns, r])));
    });
  });
}

/** The round whose throughput is the median (the lower middle one of an even count). */
function medianRound(results: LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.rps - b.rps)[Math.floor((results.length - 1) / 2)];
}

function line(label: string, c: number, r: Summary | LoadResult) {
  const extra = "errors" in r && (r.errors || r.non2xx) ? `  errors ${r.errors} non-2xx ${r.non2xx}` : "";
  const cpu = "serverCpuMs" in r && r.serverCpuMs !== undefined ? `  cpu ${fmt(r.serverCpuMs, 2)}${r.databaseCpuMs ? ` + ${fmt(r.databaseCpuMs, 2)}` : ""} ms` : "";
  log(`  ${label.padEnd(56)} c=${String(c).padStart(2)}  ${fmt(r.rps, 0).padStart(6)} req/s  p50 ${fmt(r.p50, 2).padStart(7)} ms  p99 ${fmt(r.p99, 2).padStart(7)} ms${cpu}${extra}`);
}

async function dbVersion(db: DbKind, url: string) {
  if (db === "sqlite") {
    const Database = require("better-sqlite3");
    const mem = new Database(":memory:");
    const v = mem.prepare("select sqlite_version() as v").get().v as string;
    mem.close();
    return `SQLite ${v} (better-sqlite3)`;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const v = (await c.query("SHOW server_version")).rows[0].server_version as string;
  const coll = (await c.query("SELECT datcollate FROM pg_database WHERE datname = current_database()")).rows[0].datcollate as string;
  await c.end();
  return `PostgreSQL ${v} (collation ${coll})`;
}

async function benchDb(db: DbKind, o: Options): Promise<DbResult> {
  const prep = (flows: number) => prepareDataset(db, { ...o.scale, flows }, { reuse: o.reuse, pgPrefix: o.pgPrefix, log });
  const main = await prep(o.scale.flows);
  const growthSets: Dataset[] = [];
  for (const flows of o.growth) growthSets.push(await prep(flows));
  const version = await dbVersion(db, main.url);
  const memory: DbResult["memory"] = [];
  const measured: Measured = {};
  let rounds: DbResult["rounds"];
  const rlsEnv = (v: "on" | "off"): Record<string, string> => (db === "postgres" ? { TENANTFLOW_PG_RLS: v } : {});
  const growthConns = o.conns.includes(8) ? 8 : o.conns[Math.floor(o.conns.length / 2)];
  const GROWTH_ROUTES: RouteKey[] = ["search-scoped", "search-admin", "tree-scoped"];

  // 1. side by side, on the full dataset
  log(`${db}: server on ${main.name}`);
  let server: Server = await startServer({ url: main.url, port: o.port, label: `${db}-main`, extraEnv: rlsEnv("on") });
  // the server's CPU per response, and on PostgreSQL the database server's (SQLite runs inside the server)
  const cpu: CpuReading = () => ({ server: server.cpuMs(), database: db === "postgres" ? postgresCpuMs() : 0 });
  let browser: BrowserResult;
  let checks: string[];
  try {
    const cookie = await sessionCookie(server.base, { username: main.seed.principals.scoped.username, password: main.seed.password });
    const routes = routesFor(main, cookie);
    checks = await checkRoutes(server.base, main, routes);
    for (const c of o.conns) {
      // at the targets' connection count the routes run in rounds, each round all of them one after
      // the other: a route's ratio to the floor is then taken within a round, minutes apart at most
      const times = c === growthConns ? (o.rounds ?? 1) : 1;
      const perRound: Record<string, LoadResult[]> = {};
      for (let round = 1; round <= times; round++) {
        for (const r of routes) {
          const result = await load({ url: server.base + r.path, headers: r.headers, connections: c, seconds: o.seconds, warmupSeconds: o.warmup, cpu });
          (perRound[r.key] ??= []).push(result);
          line(times > 1 ? `${ROUTE_LABELS[r.key]} (round ${round})` : ROUTE_LABELS[r.key], c, result);
        }
      }
      // a route's result is its median round by throughput
      for (const [key, results] of Object.entries(perRound)) (measured[key] ??= {})[c] = medianRound(results);
      if (times > 1) rounds = { conns: c, rps: Object.fromEntries(Object.entries(perRound).map(([key, results]) => [key, results.map((x) => x.rps)])) };
    }
    log(`${db}: data floor (in-process searchFlows)`);
    measured["data-floor"] = await dataFloor(main, o.conns, o.seconds, o.warmup);
    for (const c of o.conns) line(ROUTE_LABELS["data-floor"], c, measured["data-floor"][c]);
    for (const c of o.conns) {
      const f = measured.floor[c].rps;
      const d = measured["data-floor"][c].rps;
      for (const key of Object.keys(ROUTE_LABELS) as RouteKey[]) {
        if (key === "floor" || !measured[key]) continue;
        log(`  ratio c=${c} ${key.padEnd(14)} ${fmt(measured[key][c].rps / f, 2)} of the framework floor, ${fmt(measured[key][c].rps / d, 2)} of the data floor`);
      }
    }
    log(`${db}: browser (${o.switches} tenant switches)`);
    const firstFlow: Record<string, string> = {};
    for (const t of [main.seed.benchTenant, main.seed.otherTenant]) {
      const res = await fetch(`${server.base}/api/v1/${t}/flows/search?size=1`, { headers: { authorization: `Bearer ${main.seed.principals.admin.token}` } });
      firstFlow[t] = ((await res.json()) as { results: { id: string }[] }).results[0].id;
    }
    browser = await browserBench({
      base: server.base,
      user: { username: main.seed.principals.admin.username, password: main.seed.password },
      tenants: [main.seed.benchTenant, main.seed.otherTenant],
      firstFlow,
      switches: o.switches,
    });
    log(`  tenant switch median ${fmt(browser.median, 0)} ms (p90 ${fmt(browser.p90, 0)}, max ${fmt(browser.max, 0)}); first load ${browser.firstLoad.scripts} scripts, ${fmt(browser.firstLoad.transferred / 1024)} kB transferred`);
  } finally {
    await server.stop();
    memory.push({ label: `${main.name} (side by side, browser)`, peakMb: server.peakRssMb(), processes: server.processes() });
    log(`  peak RSS ${fmt(server.peakRssMb(), 0)} MB`);
  }

  // 2. PostgreSQL row-level security (on above, the default): the RBAC search with it off
  let rls: DbResult["rls"];
  if (db === "postgres") {
    log(`${db}: server with TENANTFLOW_PG_RLS=off`);
    server = await startServer({ url: main.url, port: o.port, label: `${db}-rls-off`, extraEnv: rlsEnv("off") });
    try {
      const r = routesFor(main, "").find((x) => x.key === "search-scoped")!;
      await checkRoutes(server.base, main, [r]);
      const off: Record<number, LoadResult> = {};
      for (const c of o.conns) {
        off[c] = await load({ url: server.base + r.path, headers: r.headers, connections: c, seconds: o.seconds, warmupSeconds: o.warmup });
        line(`${ROUTE_LABELS["search-scoped"]} (RLS off)`, c, off[c]);
      }
      rls = { off, on: measured["search-scoped"] as Record<number, LoadResult> };
    } finally {
      await server.stop();
      memory.push({ label: `${main.name} (RLS off)`, peakMb: server.peakRssMb(), processes: server.processes() });
    }
  }

  // 3. growth: the same routes on smaller datasets (the full one is measured above)
  const growth: DbResult["growth"] = {};
  for (const ds of growthSets) {
    log(`${db}: growth, server on ${ds.name}`);
    server = await startServer({ url: ds.url, port: o.port, label: `${db}-f${ds.scale.flows}`, extraEnv: rlsEnv("on") });
    try {
      const routes = routesFor(ds, "").filter((r) => GROWTH_ROUTES.includes(r.key));
      await checkRoutes(server.base, ds, routes);
      growth[ds.scale.flows] = {};
      for (const r of routes) {
        const result = await load({ url: server.base + r.path, headers: r.headers, connections: growthConns, seconds: o.seconds, warmupSeconds: o.warmup });
        growth[ds.scale.flows][r.key] = result;
        line(`${ROUTE_LABELS[r.key]} @ ${ds.scale.flows} flows`, growthConns, result);
      }
    } finally {
      await server.stop();
      memory.push({ label: ds.name, peakMb: server.peakRssMb(), processes: server.processes() });
    }
  }
  growth[o.scale.flows] = Object.fromEntries(GROWTH_ROUTES.map((k) => [k, measured[k][growthConns] as LoadResult]));
  const smallest = Math.min(...Object.keys(growth).map(Number));
  for (const k of GROWTH_ROUTES) {
    log(`  growth ${k}: ${o.scale.flows}/${smallest} flows = ${fmt(growth[smallest][k].rps / growth[o.scale.flows][k].rps, 2)}× the time per request`);
  }
  return { db, version, main, growthSets, measured, rls, rounds, growth, browser: browser!, memory, checks: checks! };
}

function machineFacts(): Record<string, string> {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "?";
    }
  };
  return {
    nproc: sh("nproc", []),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    cpu: os.cpus()[0]?.model ?? "?",
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    next: require("next/package.json").version,
    autocannon: require("autocannon/package.json").version,
    playwright: require("@playwright/test/package.json").version,
    chromium: sh(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", ["--version"]),
  };
}

/** The Executions section: the engine's sustained rate and latencies on fresh databases. */
async function measureExecutions(o: Options, command: string) {
  log(`executions: rate and latencies (${o.executionsSeconds} s per rate step)`);
  const r = await executionsBench({
    dbs: o.dbs,
    seconds: o.executionsSeconds,
    quick: o.quick,
    workerConcurrency: o.workerConcurrency,
    profile: o.profile,
    pgPrefix: o.pgPrefix,
  });
  r.command = command;
  fs.writeFileSync(path.join(BENCH_DIR, `executions${o.quick ? "-quick" : ""}.json`), JSON.stringify(r, null, 2));
  writeExecutionsSection(o.out, executionsSection(r, command, executionsAnalysis()));
}

/** The Triggers section: Flow trigger throughput and Schedule lateness, on fresh databases. */
async function measureTriggers(o: Options, command: string) {
  log("triggers: a flow triggered by another's end, and schedules due at once");
  const r = await triggersBench({ dbs: o.dbs, quick: o.quick, pgPrefix: o.pgPrefix });
  r.command = command;
  fs.writeFileSync(path.join(BENCH_DIR, `triggers${o.quick ? "-quick" : ""}.json`), JSON.stringify(r, null, 2));
  writeTriggersSection(o.out, triggersSection(r, command));
}

/** The Execution page section: the execution page in the browser, on fresh databases (needs the build). */
async function measureExecutionPage(o: Options, command: string) {
  log(`execution page: ${o.uiRuns} executions, ${o.uiLoads} loads of the large execution per tab`);
  const r = await executionPageBench({ dbs: o.dbs, runs: o.uiRuns, loads: o.uiLoads, port: o.port, pgPrefix: o.pgPrefix });
  r.command = command;
  fs.writeFileSync(path.join(BENCH_DIR, `execution-page${o.quick ? "-quick" : ""}.json`), JSON.stringify(r, null, 2));
  writeExecutionPageSection(o.out, executionPageSection(r, command, executionPageAnalysis()));
}

/** The Fairness section: a tenant's backlog and the others' waits, on fresh databases. */
async function measureFairness(o: Options, command: string) {
  log("fairness: B's queue wait behind A's backlog; Jain's index over 10 backlogged tenants");
  const r = await fairnessBench({ dbs: o.dbs, quick: o.quick, pgPrefix: o.pgPrefix });
  r.command = command;
  fs.writeFileSync(path.join(BENCH_DIR, `fairness${o.quick ? "-quick" : ""}.json`), JSON.stringify(r, null, 2));
  writeFairnessSection(o.out, fairnessSection(r, command));
}

function build() {
  log("production build (next build)");
  const t = performance.now();
  execFileSync(process.execPath, [path.join(path.dirname(require.resolve("next/package.json")), "dist", "bin", "next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", fs.openSync(path.join(BENCH_DIR, "build.log"), "w"), "inherit"],
  });
  const seconds = (performance.now() - t) / 1000;
  log(`  built in ${seconds.toFixed(0)} s`);
  return seconds;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.reportOnly && o.uiOnly) {
    const raw = path.join(BENCH_DIR, `execution-page${o.quick ? "-quick" : ""}.json`);
    if (!fs.existsSync(raw)) throw new Error(`${path.relative(ROOT, raw)} is missing: run the benchmark first`);
    const r = JSON.parse(fs.readFileSync(raw, "utf8")) as ExecutionPageResult;
    writeExecutionPageSection(o.out, executionPageSection(r, r.command ?? "npm run bench -- --ui-only", executionPageAnalysis()));
    log(`wrote the Execution page section of ${path.relative(ROOT, o.out)} from ${path.relative(ROOT, raw)}`);
    return;
  }
  if (o.reportOnly && o.triggersOnly) {
    const raw = path.join(BENCH_DIR, `triggers${o.quick ? "-quick" : ""}.json`);
    if (!fs.existsSync(raw)) throw new Error(`${path.relative(ROOT, raw)} is missing: run the benchmark first`);
    const r = JSON.parse(fs.readFileSync(raw, "utf8")) as TriggersResult;
    writeTriggersSection(o.out, triggersSection(r, r.command ?? "npm run bench -- --triggers-only"));
    log(`wrote the Triggers section of ${path.relative(ROOT, o.out)} from ${path.relative(ROOT, raw)}`);
    return;
  }
  if (o.reportOnly && o.fairnessOnly) {
    const raw = path.join(BENCH_DIR, `fairness${o.quick ? "-quick" : ""}.json`);
    if (!fs.existsSync(raw)) throw new Error(`${path.relative(ROOT, raw)} is missing: run the benchmark first`);
    const r = JSON.parse(fs.readFileSync(raw, "utf8")) as FairnessResult;
    writeFairnessSection(o.out, fairnessSection(r, r.command ?? "npm run bench -- --fairness-only"));
    log(`wrote the Fairness section of ${path.relative(ROOT, o.out)} from ${path.relative(ROOT, raw)}`);
    return;
  }
  if (o.reportOnly && o.executionsOnly) {
    // the Executions section again from its last run's numbers (e.g. after editing its analysis)
    const raw = path.join(BENCH_DIR, `executions${o.quick ? "-quick" : ""}.json`);
    if (!fs.existsSync(raw)) throw new Error(`${path.relative(ROOT, raw)} is missing: run the benchmark first`);
    const r = JSON.parse(fs.readFileSync(raw, "utf8")) as ExecutionsResult;
    r.finished ??= fs.statSync(raw).mtime.toISOString();
    writeExecutionsSection(o.out, executionsSection(r, r.command ?? "npm run bench -- --executions-only", executionsAnalysis()));
    log(`wrote the Executions section of ${path.relative(ROOT, o.out)} from ${path.relative(ROOT, raw)}`);
    return;
  }
  if (o.reportOnly) {
    const raw = path.join(BENCH_DIR, `results${o.quick ? "-quick" : ""}.json`);
    if (!fs.existsSync(raw)) throw new Error(`${path.relative(ROOT, raw)} is missing: run the benchmark first`);
    const saved = JSON.parse(fs.readFileSync(raw, "utf8")) as RunResult;
    const run = { ...saved, started: new Date(saved.started), finished: new Date(saved.finished) };
    const expressions = readExpressionsSection(o.out);
    const executions = readExecutionsSection(o.out);
    const executionPage = readExecutionPageSection(o.out);
    const triggers = readTriggersSection(o.out);
    const fairness = readFairnessSection(o.out);
    fs.writeFileSync(o.out, renderReport(run));
    if (triggers) writeTriggersSection(o.out, triggers);
    if (expressions) writeExpressionsSection(o.out, expressions);
    if (executionPage) writeExecutionPageSection(o.out, executionPage);
    if (executions) writeExecutionsSection(o.out, executions);
    if (fairness) writeFairnessSection(o.out, fairness);
    log(`wrote ${path.relative(ROOT, o.out)} from ${path.relative(ROOT, raw)} (the run of ${run.started.toISOString()})`);
    return;
  }
  const started = new Date();
  const command = ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" ");
  const loadBefore = os.loadavg();
  if (o.triggersOnly) {
    log(`${command}: triggers on ${o.dbs.join(" + ")}; load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
    await measureTriggers(o, command);
    log(`wrote the Triggers section of ${path.relative(ROOT, o.out)} (${((Date.now() - started.getTime()) / 60000).toFixed(1)} min)`);
    return;
  }
  if (o.executionsOnly) {
    log(`${command}: executions on ${o.dbs.join(" + ")}; load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
    await measureExecutions(o, command);
    log(`wrote the Executions section of ${path.relative(ROOT, o.out)} (${((Date.now() - started.getTime()) / 60000).toFixed(1)} min)`);
    return;
  }
  if (o.fairnessOnly) {
    log(`${command}: fairness on ${o.dbs.join(" + ")}; load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
    await measureFairness(o, command);
    log(`wrote the Fairness section of ${path.relative(ROOT, o.out)} (${((Date.now() - started.getTime()) / 60000).toFixed(1)} min)`);
    return;
  }
  if (o.uiOnly) {
    log(`${command}: the execution page on ${o.dbs.join(" + ")}; load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
    fs.mkdirSync(BENCH_DIR, { recursive: true });
    if (o.build || !fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) build();
    await measureExecutionPage(o, command);
    log(`wrote the Execution page section of ${path.relative(ROOT, o.out)} (${((Date.now() - started.getTime()) / 60000).toFixed(1)} min)`);
    return;
  }
  log(`${command}: ${o.dbs.join(" + ")}, ${o.scale.tenants} tenants, ${o.scale.namespaces} namespaces, ${o.scale.flows} flows, ${o.scale.users} users; load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  if (o.seedOnly) {
    for (const db of o.dbs) {
      for (const flows of [...o.growth, o.scale.flows]) {
        const ds = await prepareDataset(db, { ...o.scale, flows }, { reuse: o.reuse, pgPrefix: o.pgPrefix, log });
        log(`${ds.name}: ${ds.url}`);
      }
    }
    return;
  }
  let buildSeconds: number | null = null;
  if (o.build || !fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) buildSeconds = build();
  const firstLoad = firstLoadJs();
  log(`first-load JS of /ui/[tenant]/flows: ${firstLoad.chunks.length} chunks, ${fmt(firstLoad.raw / 1024)} kB raw, ${fmt(firstLoad.gzip / 1024)} kB gzipped`);
  const results: DbResult[] = [];
  for (const db of o.dbs) results.push(await benchDb(db, o));
  const run: RunResult = {
    command,
    started,
    finished: new Date(),
    options: o,
    machine: machineFacts(),
    loadBefore,
    loadAfter: os.loadavg(),
    buildSeconds,
    firstLoad,
    results,
  };
  fs.writeFileSync(path.join(BENCH_DIR, `results${o.quick ? "-quick" : ""}.json`), JSON.stringify(run, null, 2));
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, renderReport(run));
  // the expression engine's renders per second: CPU only, measured last so the servers are gone
  log("expressions: renders per second");
  writeExpressionsSection(o.out, expressionsSection(await expressionsBench(o.quick ? 1 : 2), command));
  // the execution page in the browser, on fresh databases of its own
  await measureExecutionPage(o, command);
  // the engine: fresh databases of its own, after the servers are gone
  await measureExecutions(o, command);
  // Flow triggers and schedules: fresh databases of their own
  await measureTriggers(o, command);
  await measureFairness(o, command);
  log(`wrote ${path.relative(ROOT, o.out)} (${((run.finished.getTime() - started.getTime()) / 60000).toFixed(1)} min)`);
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.stack : e}`);
  process.exit(1);
});
