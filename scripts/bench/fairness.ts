// Fairness between tenants: what a backlog of one tenant costs the others, on SQLite and
// PostgreSQL, each on a fresh database created and dropped here. Part of `npm run bench`; alone:
//
//   npm run bench -- --fairness-only [--db sqlite|postgres|both] [--quick]
//
// Two measures, in a driver process bound to the fresh database, with an executor and a worker in
// that process (as `npm start` runs them):
// - tenant A holds a backlog of 10,000 one-task executions (1,000 with --quick); tenant B then
//   starts executions one after the other (each once the previous one ended). B's queue wait is
//   the time from its start to its first task running on a worker (the dates the engine records);
//   target: p99 under 100 ms.
// - 10 equally weighted tenants each hold a backlog of 1,000 (200 with --quick); once 3,000
//   (600) of them started (the executor's turns: out of CREATED), Jain's fairness index of the
//   per-tenant counts (1: perfectly even; target >= 0.95).
// Writes (or replaces) the "Fairness" section of docs/benchmarks.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BENCH_DIR, type DbKind, ROOT, instanceEnv } from "./dataset";
import { dbVersion, freshDatabase, tsNode } from "./executions";
import { readSection, writeSection } from "./sections";

export const FAIRNESS_TARGETS = { waitP99: 100, jain: 0.95 };

export type FairnessOptions = { dbs: DbKind[]; quick: boolean; pgPrefix: string };
export type DbFairness = {
  db: DbKind;
  version: string;
  backlog: number;
  probes: number;
  waitP50: number;
  waitP99: number;
  waitMax: number;
  /** the executor's part of the wait (start → the execution RUNNING) */
  startP50: number;
  startP99: number;
  /** the start's own part (its CREATED date → its insert committed and answered) */
  answerP50: number;
  answerP99: number;
  /** executions of A that ended while B's probes ran */
  backlogEndedMeanwhile: number;
  tenants: number;
  perTenantBacklog: number;
  window: number;
  counts: number[];
  jain: number;
};
export type FairnessResult = { results: DbFairness[]; loadBefore: number[]; command?: string; finished?: string };

const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

function pct(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

/** Jain's fairness index of the shares: (Σx)² / (n·Σx²). */
export const jainIndex = (xs: number[]) => {
  const sum = xs.reduce((a, b) => a + b, 0);
  const squares = xs.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (xs.length * squares);
};

export async function fairnessBench(o: FairnessOptions): Promise<FairnessResult> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const loadBefore = os.loadavg();
  const results: DbFairness[] = [];
  for (const db of o.dbs) {
    log(`fairness, ${db}: fresh database`);
    const { url, drop, name } = await freshDatabase(db, o.pgPrefix, "fairness");
    try {
      const version = await dbVersion(db, url);
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, tsNode([path.join(ROOT, "scripts/bench/fairness.ts"), "--driver", JSON.stringify({ quick: o.quick })]), {
          cwd: ROOT,
          env: { ...process.env, ...instanceEnv(url), TENANTFLOW_EMBEDDED_ROLES: "false" },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let text = "";
        child.stdout.on("data", (d) => (text += d));
        child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`the fairness driver on ${name} exited ${code}`))));
      });
      results.push({ db, version, ...(JSON.parse(out.trim().split("\n").at(-1)!) as Omit<DbFairness, "db" | "version">) });
    } finally {
      await drop();
    }
  }
  return { results, loadBefore, finished: new Date().toISOString() };
}

// ---------------------------------------------------------------------------------------------
// The driver: runs in a process bound to the fresh database (DATABASE_URL)

const FLOW = (ns: string) => `id: one
namespace: ${ns}
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Hello from {{ execution.id }}"
`;

async function driver(o: { quick: boolean }): Promise<Omit<DbFairness, "db" | "version">> {
  const { cliActor } = await import("@/lib/authz/actor");
  const { tenantContext } = await import("@/lib/authz/context");
  const { db, tenantDb } = await import("@/lib/db");
  const { createFlow } = await import("@/lib/flows/flows");
  const { startExecution } = await import("@/lib/executions/executions");
  const { newId } = await import("@/lib/executions/store");
  const { installEngine } = await import("@/lib/executions/install-engine");
  const { runExecutor, runWorker } = await import("@/lib/executions/processes");
  const { createTenant } = await import("@/lib/tenants/tenants");
  const { closeFollowers, nextChange } = await import("@/lib/executions/follow");
  installEngine();

  const tenant = async (id: string) => {
    await createTenant(cliActor(), { id, name: id });
    const ctx = await tenantContext(cliActor(), id);
    await createFlow(ctx, FLOW("bench.fairness"));
    return ctx;
  };
  /** `n` executions of the tenant's flow, CREATED with their start events, written in bulk. */
  const backlog = async (tenantId: string, n: number) => {
    const now = new Date();
    const histories = JSON.stringify([{ state: "CREATED", date: now.toISOString() }]);
    for (let i = 0; i < n; i += 500) {
      const ids = Array.from({ length: Math.min(500, n - i) }, () => newId());
      await tenantDb(tenantId).$transaction(async (tx) => {
        await tx.execution.createMany({
          data: ids.map((id) => ({ id, tenantId, namespace: "bench.fairness", flowId: "one", flowRevision: 1, state: "CREATED", histories, startDate: now, createdAt: now })),
        });
        await tx.executionEvent.createMany({ data: ids.map((id) => ({ tenantId, executionId: id, payload: JSON.stringify({ type: "start" }) })) });
      });
    }
  };
  const roles = () => [runExecutor({ pollMs: 200 }), runWorker({ concurrency: 8, pollMs: 200 })];
  const ended = (tenantId: string) => db.execution.count({ where: { tenantId, endDate: { not: null } } });

  // 1. B's queue wait behind A's backlog
  const size = o.quick ? 1_000 : 10_000;
  // 200 waits: their p99 is the third largest, not the largest (as it was of 50), so one wait does not decide it
  const probes = o.quick ? 50 : 200;
  await tenant("tenant-a");
  const b = await tenant("tenant-b");
  await backlog("tenant-a", size);
  let running = roles();
  const waits: number[] = [];
  // the executor's part of the wait: from the start to the execution's RUNNING
  const startWaits: number[] = [];
  // the start's own part: from its CREATED date to the answer (its insert committed)
  const answers: number[] = [];
  const aBefore = await ended("tenant-a");
  for (let i = 0; i < probes; i++) {
    const e = await startExecution(b, { namespace: "bench.fairness", flowId: "one", trigger: { kind: "api" } });
    const answeredAt = Date.now();
    for (;;) {
      const row = await tenantDb("tenant-b").execution.findFirst({ where: { id: e.id }, select: { endDate: true } });
      if (row?.endDate) break;
      await nextChange(200);
    }
    const runs = await tenantDb("tenant-b").taskRun.findMany({ where: { executionId: e.id }, select: { histories: true } });
    const started = (JSON.parse(runs[0].histories) as { state: string; date: string }[]).find((h) => h.state === "RUNNING")!;
    const history = JSON.parse((await tenantDb("tenant-b").execution.findFirstOrThrow({ where: { id: e.id }, select: { histories: true } })).histories) as { state: string; date: string }[];
    const created = Date.parse(history[0].date);
    waits.push(Date.parse(started.date) - created);
    startWaits.push(Date.parse(history.find((h) => h.state === "RUNNING")!.date) - created);
    answers.push(answeredAt - created);
  }
  const backlogEndedMeanwhile = (await ended("tenant-a")) - aBefore;
  await Promise.all(running.map((r) => r.stop()));
  await db.executionEvent.deleteMany({});
  await db.taskJob.deleteMany({});
  log(`B's queue wait behind ${size}: p50 ${pct(waits, 50)} ms, p99 ${pct(waits, 99)} ms (the executor's part: p50 ${pct(startWaits, 50)} ms, p99 ${pct(startWaits, 99)} ms; the start's answer: p50 ${pct(answers, 50)} ms, p99 ${pct(answers, 99)} ms); A ended ${backlogEndedMeanwhile} meanwhile`);

  // 2. Jain's index over 10 equally weighted backlogged tenants
  const tenants = 10;
  const each = o.quick ? 200 : 1_000;
  const window = o.quick ? 600 : 3_000;
  const ids = Array.from({ length: tenants }, (_v, i) => `fair-${i}`);
  for (const id of ids) {
    await tenant(id);
    await backlog(id, each);
  }
  const started = (tenantId: string) => db.execution.count({ where: { tenantId, state: { not: "CREATED" } } });
  running = roles();
  let counts: number[] = [];
  for (;;) {
    counts = await Promise.all(ids.map(started));
    if (counts.reduce((a, c) => a + c, 0) >= window) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(running.map((r) => r.stop()));
  const jain = jainIndex(counts);
  await closeFollowers();
  log(`Jain's index over ${tenants} tenants after ${window} started: ${jain.toFixed(3)} (${counts.join(", ")})`);
  return {
    backlog: size,
    probes,
    waitP50: pct(waits, 50),
    waitP99: pct(waits, 99),
    waitMax: Math.max(...waits),
    startP50: pct(startWaits, 50),
    startP99: pct(startWaits, 99),
    answerP50: pct(answers, 50),
    answerP99: pct(answers, 99),
    backlogEndedMeanwhile,
    tenants,
    perTenantBacklog: each,
    window,
    counts,
    jain,
  };
}

// ---------------------------------------------------------------------------------------------
// The report's section

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : "–");
const met = (ok: boolean) => (ok ? "met" : "**not met**");

/** What the last run's numbers mean, kept next to the bench (written after reading a run). */
export function fairnessAnalysis(): string | undefined {
  const f = path.join(ROOT, "scripts/bench/fairness-analysis.md");
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined;
}

export function fairnessSection(r: FairnessResult, command: string, analysis = fairnessAnalysis()): string {
  const L = [
    "## Fairness",
    "",
    `\`${command}\`, ${r.finished ?? ""}; load before ${r.loadBefore.map((l) => l.toFixed(2)).join(" ")}. Each database fresh; an executor and a worker (8 attempts at once) in one process, as \`npm start\` runs them. Flows of one Log task.`,
    "",
    "B's queue wait: tenant A holds a backlog (CREATED executions with their start events); tenant B starts one execution at a time, each once the previous one ended; the wait is from B's start to its first task running on the worker, from the dates the engine records. Jain's index: equally weighted tenants, each with a backlog, counted by executions started (out of CREATED: the executor's turns) once the window's total started ((Σx)² / (n·Σx²); 1 is perfectly even).",
    "",
    "| database | A's backlog | B's executions | B's wait p50 | p99 | max | of which the start's answer p50 / p99 | the execution RUNNING p50 / p99 | A's ended meanwhile | tenants × backlog | window (started) | started per tenant | Jain's index |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
  ];
  for (const d of r.results) {
    L.push(
      `| ${d.version} | ${d.backlog.toLocaleString("en")} | ${d.probes} | ${ms(d.waitP50)} | ${ms(d.waitP99)} | ${ms(d.waitMax)} | ${ms(d.answerP50)} / ${ms(d.answerP99)} | ${ms(d.startP50)} / ${ms(d.startP99)} | ${d.backlogEndedMeanwhile} | ${d.tenants} × ${d.perTenantBacklog.toLocaleString("en")} | ${d.window.toLocaleString("en")} | ${d.counts.join(", ")} | ${d.jain.toFixed(3)} |`,
    );
  }
  L.push("", "| target | " + r.results.map((d) => d.db).join(" | ") + " |", "|---|" + r.results.map(() => "---|").join(""));
  L.push(`| B's queue wait p99 < ${FAIRNESS_TARGETS.waitP99} ms | ${r.results.map((d) => `${ms(d.waitP99)}: ${met(d.waitP99 < FAIRNESS_TARGETS.waitP99)}`).join(" | ")} |`);
  L.push(`| Jain's index >= ${FAIRNESS_TARGETS.jain} | ${r.results.map((d) => `${d.jain.toFixed(3)}: ${met(d.jain >= FAIRNESS_TARGETS.jain)}`).join(" | ")} |`);
  L.push("");
  if (analysis) L.push("### What these numbers say", "", analysis.trim(), "");
  return L.join("\n");
}

export const readFairnessSection = (file: string) => readSection(file, "Fairness");
export const writeFairnessSection = (file: string, section: string) => writeSection(file, "Fairness", section, ["Analysis"]);

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--driver");
  if (i < 0) {
    console.error("scripts/bench/fairness.ts runs as part of `npm run bench` (--fairness-only to run it alone)");
    process.exit(2);
  }
  driver(JSON.parse(process.argv[i + 1]) as { quick: boolean }).then(
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
