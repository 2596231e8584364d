// A ForEach over N values (concurrencyLimit 0, one Return child): how long the whole execution
// takes, for N = 100, 1000 and 10000 (10000 only while the previous size stays under a minute, so
// that it can end in 5 minutes). Two measures:
// - "pure": the executor alone (the in-memory driver: no database, no worker process);
// - "sqlite" (and "postgres" when BENCH_PG_URL is set, e.g. postgresql://postgres@127.0.0.1:5432/postgres):
//   the real engine in one process (executor, worker and scheduler loops) on a fresh database.
//
//   node bin/tenantflow-script.mjs scripts/bench/foreach.ts [--sizes 100,1000,10000] [--only pure|sqlite|postgres]
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const BENCH_DIR = path.join(ROOT, "data", "bench");
const PG_NAME = "tenantflow_bench_foreach";

const flowYaml = (n: number) => `id: foreach_${n}
namespace: bench.foreach
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    concurrencyLimit: 0
    values: [${Array.from({ length: n }, (_, i) => `"v${i}"`).join(", ")}]
    tasks:
      - id: ret
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}"
`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** extra node options for the engine's process (e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof") */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const sizes = (arg("sizes") ?? "100,1000,10000").split(",").map(Number);
/** the next size is only tried when the last one took less than this (s): 10x the work in < 5 min */
const NEXT_SIZE_UNDER_S = 60;

/** The executor alone, with the in-memory driver. */
async function pure(n: number): Promise<{ seconds: number; taskRuns: number; state: string }> {
  const { parse } = await import("yaml");
  const { TestDriver } = await import("../../lib/executions/executor/test-driver");
  const driver = new TestDriver(parse(flowYaml(n)) as Record<string, unknown>, { maxTaskRuns: 100_000 });
  const t0 = performance.now();
  const state = await driver.run();
  return { seconds: (performance.now() - t0) / 1000, taskRuns: driver.state.taskRuns.length, state };
}

/** Inside the child process: the real engine on the database of DATABASE_URL. */
async function real(n: number): Promise<{ seconds: number; taskRuns: number; state: string }> {
  const { parse } = await import("yaml");
  const helpers = await import("../../tests/helpers");
  const { installEngine } = await import("../../lib/executions/install-engine");
  const { runExecutor, runScheduler, runWorker } = await import("../../lib/executions/processes");
  const { startExecution, waitForEnd } = await import("../../lib/executions/executions");
  const { createFlow } = await import("../../lib/flows/flows");
  const { tenantDb } = await import("../../lib/db");
  const admin = await helpers.makeUser();
  const tenant = await helpers.makeTenant(admin);
  const ctx = await helpers.ctxOf(admin, tenant.id);
  installEngine();
  const roles = [runExecutor({ pollMs: 100 }), runWorker({ concurrency: 8, pollMs: 100 }), runScheduler({ pollMs: 100 })];
  try {
    const flow = await createFlow(ctx, flowYaml(n));
    const t0 = performance.now();
    const started = await startExecution(ctx, { namespace: flow.namespace, flowId: flow.id, inputs: {}, trigger: { kind: "api" } });
    const ended = await waitForEnd(ctx, started.id, 30 * 60_000);
    const seconds = (performance.now() - t0) / 1000;
    const taskRuns = await tenantDb(tenant.id).taskRun.count({ where: { executionId: started.id } });
    return { seconds, taskRuns, state: ended.state.current };
  } finally {
    await Promise.all(roles.map((r) => r.stop()));
  }
}

function env(url: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    TENANTS_ENABLED: "true",
    NEXTAUTH_SECRET: "bench-session-secret-not-for-production",
    TENANTFLOW_SECRET_KEY: "bench-instance-key-0123456789abcdef0123456789",
    TENANTFLOW_STORAGE_ROOT: path.join(BENCH_DIR, "storage"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

async function pgAdmin(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database for one size; its URL. */
async function freshDb(kind: "sqlite" | "postgres"): Promise<string> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  let url: string;
  if (kind === "sqlite") {
    const file = path.join(BENCH_DIR, "foreach.db");
    for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + s, { force: true });
    url = `file:${file}`;
  } else {
    const admin = process.env.BENCH_PG_URL!;
    await pgAdmin(admin, `DROP DATABASE IF EXISTS "${PG_NAME}" WITH (FORCE)`);
    await pgAdmin(admin, `CREATE DATABASE "${PG_NAME}"`);
    const u = new URL(admin);
    u.pathname = `/${PG_NAME}`;
    url = u.toString();
  }
  execFileSync(process.execPath, [path.join(ROOT, "scripts/db-migrate.mjs"), "deploy"], { env: env(url), cwd: ROOT, stdio: "pipe" });
  return url;
}

async function main() {
  const child = arg("child");
  if (child) {
    const r = await real(Number(child));
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  }
  const only = arg("only");
  const kinds = (["pure", "sqlite", "postgres"] as const).filter(
    (k) => (!only || only === k) && (k !== "postgres" || !!process.env.BENCH_PG_URL),
  );
  for (const kind of kinds) {
    for (const n of sizes) {
      let r: { seconds: number; taskRuns: number; state: string };
      if (kind === "pure") r = await pure(n);
      else {
        const url = await freshDb(kind);
        const out = spawnSync(process.execPath, [...nodeArgs, "--import", "tsx", "--conditions=react-server", new URL(import.meta.url).pathname, "--child", String(n)], {
          env: env(url),
          cwd: ROOT,
          encoding: "utf8",
          maxBuffer: 1 << 26,
        });
        const line = out.stdout.trim().split("\n").at(-1) ?? "";
        if (out.status !== 0 || !line.startsWith("{")) throw new Error(`${kind} N=${n} failed:\n${out.stderr}\n${out.stdout}`);
        r = JSON.parse(line);
        if (kind === "postgres") await pgAdmin(process.env.BENCH_PG_URL!, `DROP DATABASE IF EXISTS "${PG_NAME}" WITH (FORCE)`);
      }
      process.stdout.write(`${kind}\tN=${n}\t${r.seconds.toFixed(2)} s\t${r.taskRuns} task runs\t${r.state}\n`);
      if (r.seconds > NEXT_SIZE_UNDER_S) {
        process.stdout.write(`${kind}\tlarger sizes skipped (N=${n} took more than ${NEXT_SIZE_UNDER_S} s)\n`);
        break;
      }
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
