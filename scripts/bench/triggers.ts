// Triggers: how fast a Flow trigger chains executions, and how late Schedule triggers fire when
// many come due at once, on SQLite and PostgreSQL, each on a fresh database created and dropped
// here. Part of `npm run bench`; alone:
//
//   npm run bench -- --triggers-only [--db sqlite|postgres|both] [--quick]
//
// (a) Flow trigger throughput: a one-task flow `down` has a Flow trigger on the SUCCESS of a
//     one-task flow `up`; N executions of `up` are started (64 in flight at most) and the
//     executions of `down` the ends create are counted: `down` executions ended per second from
//     the first one created to the last one ended, and the delay from an `up` end to its `down`'s
//     SUCCESS. The executor and a worker run in the driver's process.
// (b) Schedule lateness: S Schedule triggers over T tenants all due at the same instant (the next
//     minute; hourly crons at that minute, so nothing else comes due meanwhile); one scheduler fires them; the fire time (the execution's creation)
//     minus the due date (trigger.date), median, p99 and max. The scheduler runs alone: the
//     executions it creates are not run, so what is measured is the firing.
// Writes (or replaces) the "Triggers" section of docs/benchmarks.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BENCH_DIR, type DbKind, ROOT, instanceEnv } from "./dataset";
import { dbVersion, freshDatabase, tsNode } from "./executions";
import { loadSentence, readSection, writeSection } from "./sections";

export type TriggersOptions = { dbs: DbKind[]; quick: boolean; pgPrefix: string };
type Sizes = { chain: number; schedules: number; tenants: number };
export type ChainResult = { n: number; ended: number; perSecond: number; seconds: number; endToDownSuccessP50: number; endToDownSuccessP99: number };
export type LatenessResult = { schedules: number; tenants: number; fired: number; p50: number; p99: number; max: number; seedSeconds: number };
export type DbTriggers = { db: DbKind; version: string; chain: ChainResult; lateness: LatenessResult };
export type TriggersResult = { sizes: Sizes; quick: boolean; loadBefore: number[]; results: DbTriggers[]; finished: string; command?: string };

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(values: number[], p: number) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const sizesOf = (quick: boolean): Sizes => (quick ? { chain: 200, schedules: 1000, tenants: 100 } : { chain: 1000, schedules: 10_000, tenants: 100 });

export async function triggersBench(o: TriggersOptions): Promise<TriggersResult> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const loadBefore = os.loadavg();
  const sizes = sizesOf(o.quick);
  const results: DbTriggers[] = [];
  for (const db of o.dbs) {
    log(`triggers, ${db}: fresh database`);
    const { url, drop, name } = await freshDatabase(db, o.pgPrefix, "triggers");
    try {
      const version = await dbVersion(db, url);
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, tsNode([path.join(ROOT, "scripts/bench/triggers.ts"), "--driver", JSON.stringify({ db, sizes })]), {
          cwd: ROOT,
          env: { ...process.env, ...instanceEnv(url), TENANTFLOW_EMBEDDED_ROLES: "false" },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let text = "";
        child.stdout.on("data", (d) => (text += d));
        child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`the triggers driver on ${name} exited ${code}`))));
      });
      const r = JSON.parse(out.trim().split("\n").at(-1)!) as { chain: ChainResult; lateness: LatenessResult };
      results.push({ db, version, ...r });
    } finally {
      await drop();
    }
  }
  return { sizes, quick: o.quick, loadBefore, results, finished: new Date().toISOString() };
}

// ---------------------------------------------------------------------------------------------
// The driver: one process bound to the fresh database

const NS = "bench.triggers";
const oneTask = (id: string, trigger = "") =>
  `id: ${id}\nnamespace: ${NS}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ execution.id }}"\n${trigger}`;

async function driver(o: { db: DbKind; sizes: Sizes }) {
  const { cliActor } = await import("@/lib/authz/actor");
  const { tenantContext } = await import("@/lib/authz/context");
  const { db, tenantDb } = await import("@/lib/db");
  const { createFlow } = await import("@/lib/flows/flows");
  const { startExecution } = await import("@/lib/executions/executions");
  const { installEngine } = await import("@/lib/executions/install-engine");
  const { runExecutor, runScheduler, runWorker } = await import("@/lib/executions/processes");
  const { createTenant } = await import("@/lib/tenants/tenants");
  const { TERMINAL_STATES } = await import("@/lib/executions/types");
  installEngine();

  // (a) a flow triggered by another's end
  const main = await createTenant(cliActor(), { id: "chain", name: "Chain" }, {});
  const ctx = await tenantContext(cliActor(), main.id);
  const tdb = tenantDb(main.id);
  await createFlow(ctx, oneTask("up"));
  await createFlow(ctx, oneTask("down", `triggers:\n  - id: after-up\n    type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n      id: up\n      flows:\n        - namespace: ${NS}\n          flowId: up\n          states: [SUCCESS]\n`));
  const roles = [runExecutor(), runWorker({ concurrency: 8 })];
  const n = o.sizes.chain;
  log(`  flow trigger: ${n} executions of up, each starting one of down`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < n) {
        next++;
        await startExecution(ctx, { namespace: NS, flowId: "up" });
      }
    }),
  );
  const limit = Date.now() + 20 * 60_000;
  const terminal = { in: [...TERMINAL_STATES] };
  while (Date.now() < limit && (await tdb.execution.count({ where: { flowId: "down", state: terminal } })) < n) await sleep(250);
  await Promise.all(roles.map((r) => r.stop()));
  const rows = await tdb.execution.findMany({ where: { flowId: { in: ["up", "down"] } }, select: { id: true, flowId: true, state: true, histories: true, trigger: true, createdAt: true } });
  const at = (h: string, state: string) => Date.parse((JSON.parse(h) as { state: string; date: string }[]).find((x) => x.state === state)?.date ?? "");
  const upEnd = new Map(rows.filter((r) => r.flowId === "up").map((r) => [r.id, at(r.histories, "SUCCESS")]));
  const downs = rows.filter((r) => r.flowId === "down" && r.state === "SUCCESS");
  const firstCreated = Math.min(...downs.map((r) => r.createdAt.getTime()));
  const lastEnded = Math.max(...downs.map((r) => at(r.histories, "SUCCESS")));
  const delays = downs.map((r) => at(r.histories, "SUCCESS") - upEnd.get((JSON.parse(r.trigger!) as { variables: { executionId: string } }).variables.executionId)!);
  const seconds = (lastEnded - firstCreated) / 1000;
  const chain: ChainResult = { n, ended: downs.length, perSecond: downs.length / seconds, seconds, endToDownSuccessP50: pct(delays, 50), endToDownSuccessP99: pct(delays, 99) };
  log(`  flow trigger: ${downs.length} of ${n} down ended, ${chain.perSecond.toFixed(1)}/s over ${seconds.toFixed(1)} s; up end → down SUCCESS p50 ${chain.endToDownSuccessP50} p99 ${chain.endToDownSuccessP99} ms`);

  // (b) many schedules due at once: flows and trigger rows written directly (the seed is not what is measured)
  const t0 = Date.now();
  const { schedules, tenants } = o.sizes;
  const per = Math.ceil(schedules / tenants);
  const tenantIds: string[] = [];
  for (let t = 0; t < tenants; t++) tenantIds.push((await createTenant(cliActor(), { id: `sched-${t}`, name: `Schedules ${t}` }, {})).id);
  const minute = 60_000;
  // the next minute at least 20 s away: every trigger's next date
  const due = new Date(Math.ceil((Date.now() + 20_000) / minute) * minute);
  // hourly at that minute: the next date is an hour away, so the firing of this one is all that is measured
  const cron = `${due.getUTCMinutes()} * * * *`;
  const definition = (i: number) => JSON.stringify({ id: "hourly", type: "io.kestra.plugin.core.trigger.Schedule", cron, inputs: {}, n: i });
  for (const tenantId of tenantIds) {
    const ids = Array.from({ length: per }, (_v, i) => `scheduled-${i}`);
    await db.flow.createMany({
      data: ids.map((flowId) => {
        const parsed = { id: flowId, namespace: NS, tasks: [{ id: "hello", type: "io.kestra.plugin.core.log.Log", message: "tick" }], triggers: [{ id: "hourly", type: "io.kestra.plugin.core.trigger.Schedule", cron }] };
        return { tenantId, namespace: NS, flowId, revision: 1, source: "", parsed: JSON.stringify(parsed) };
      }),
    });
    await db.trigger.createMany({
      data: ids.map((flowId, i) => ({ tenantId, namespace: NS, flowId, triggerId: "hourly", type: "io.kestra.plugin.core.trigger.Schedule", definition: definition(i), nextDate: due })),
    });
  }
  const seedSeconds = (Date.now() - t0) / 1000;
  log(`  schedules: ${per * tenants} over ${tenants} tenants, all due at ${due.toISOString()} (seeded in ${seedSeconds.toFixed(1)} s)`);
  const scheduler = runScheduler({ pollMs: 1000 });
  const total = per * tenants;
  const where = { tenantId: { in: tenantIds } };
  const stopAt = due.getTime() + 15 * minute;
  while (Date.now() < stopAt && (await db.execution.count({ where })) < total) await sleep(500);
  await scheduler.stop();
  const fired = await db.execution.findMany({ where, select: { createdAt: true, trigger: true } });
  const late = fired
    .map((e) => ({ at: e.createdAt.getTime(), date: Date.parse((JSON.parse(e.trigger!) as { variables: { date: string } }).variables.date) }))
    .filter((x) => x.date === due.getTime())
    .map((x) => x.at - x.date);
  const lateness: LatenessResult = { schedules: total, tenants, fired: late.length, p50: pct(late, 50), p99: pct(late, 99), max: Math.max(...late), seedSeconds };
  log(`  schedules: ${late.length} of ${total} fired; lateness p50 ${lateness.p50} p99 ${lateness.p99} max ${lateness.max} ms`);
  process.stdout.write(`${JSON.stringify({ chain, lateness })}\n`);
}

// ---------------------------------------------------------------------------------------------
// The report's section

const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : "–");

/** The analysis of the last run, kept next to the bench (written after reading a run's numbers). */
export function triggersAnalysis(): string | undefined {
  const f = path.join(ROOT, "scripts/bench/triggers-analysis.md");
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined;
}

export function triggersSection(r: TriggersResult, command: string, analysis = triggersAnalysis()): string {
  const L = ["## Triggers", ""];
  L.push(
    `Produced by \`${command}\` on ${r.finished.slice(0, 16).replace("T", " ")} UTC (Node.js ${process.version}, ${os.cpus().length} CPUs${r.quick ? "; --quick sizes" : ""}). ` +
      `${loadSentence(r.loadBefore)} Fresh database per run, dropped after.`,
    "",
    `**Flow trigger throughput.** ${r.sizes.chain.toLocaleString("en")} executions of a one-task flow \`up\` started at once (64 in flight); a one-task flow \`down\` has a Flow trigger on \`up\`'s SUCCESS, so each end starts one \`down\` in the same transaction. ` +
      "The executor and one worker (8 attempts at once) run in the driver's process. Rate: `down` executions ended per second, from the first created to the last ended (the engine runs the `up` executions in the same period, so it ends about twice as many executions per second); delay: `up`'s SUCCESS to its `down`'s SUCCESS, which includes the wait behind the `up` backlog.",
    "",
    "| database | down ended | executions/s of the triggered flow | up SUCCESS → down SUCCESS p50 / p99 |",
    "|---|---:|---:|---:|",
    ...r.results.map((d) => `| ${d.version} | ${d.chain.ended} of ${d.chain.n} | ${d.chain.perSecond.toFixed(1)} | ${ms(d.chain.endToDownSuccessP50)} / ${ms(d.chain.endToDownSuccessP99)} |`),
    "",
    `**Schedule lateness.** ${r.sizes.schedules.toLocaleString("en")} Schedule triggers over ${r.sizes.tenants} tenants, all due at the same instant (the next minute: hourly crons at that minute, so that nothing else comes due while they fire); one scheduler fires them (its passes take 100 due triggers at a time, 4 at once on PostgreSQL, one at a time on SQLite). ` +
      "Lateness: the execution's creation minus its `trigger.date`. The scheduler runs alone (the executions it creates are not run), so this is the firing itself.",
    "",
    "| database | fired | lateness p50 | p99 | max |",
    "|---|---:|---:|---:|---:|",
    ...r.results.map((d) => `| ${d.version} | ${d.lateness.fired} of ${d.lateness.schedules} | ${ms(d.lateness.p50)} | ${ms(d.lateness.p99)} | ${ms(d.lateness.max)} |`),
    "",
  );
  if (analysis) L.push("### What limits these numbers", "", analysis.trim(), "");
  return L.join("\n");
}

export const readTriggersSection = (file: string) => readSection(file, "Triggers");
export const writeTriggersSection = (file: string, section: string) => writeSection(file, "Triggers", section, ["Analysis"]);

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--driver");
  if (i < 0) {
    console.error("scripts/bench/triggers.ts runs as part of `npm run bench` (--triggers-only to run it alone)");
    process.exit(2);
  }
  driver(JSON.parse(process.argv[i + 1])).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
