import { execFileSync } from "node:child_process";
import path from "node:path";
import pgDriver from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterPort, postgresBinaries, startPrivatePostgres } from "../../e2e/support/private-postgres";
import { isPostgres } from "@/lib/config";
import { db, tenantDb } from "@/lib/db";
import { startExecution } from "@/lib/executions/executions";
import { toTaskRun } from "@/lib/executions/store";
import { isTerminal } from "@/lib/executions/types";
import { createFlow } from "@/lib/flows/flows";
import { ctxOf, makeTenant, makeUser } from "../helpers";
import { emptyQueue, until } from "./support/data";
import { RoleProcesses } from "./support/roles";

// what earlier files left in this worker's database is not this file's work
beforeAll(emptyQueue);

// SPEC §8, faults (PostgreSQL): the engine's roles as separate `tenantflow` processes on one
// database, with the real executor and task runner. Three workers, one executor and a scheduler
// run 300 executions of mixed flows while one worker is killed with SIGKILL in the middle of an
// attempt and another is restarted (SIGTERM, then a new one): every execution ends in its flow's
// final state, none is lost, no task run succeeds twice, every attempt's log lines are kept and the
// queue ends empty.

const pg = isPostgres(process.env.DATABASE_URL);
// a dead worker's attempts go back to the queue within a few seconds
const ENV = { TENANTFLOW_WORKER_LEASE_MS: "3000" };
const EXECUTIONS = 300;

const LOG = "io.kestra.plugin.core.log.Log";
const RETURN = "io.kestra.plugin.core.debug.Return";
const SLEEP = "io.kestra.plugin.core.flow.Sleep";
const FAIL = "io.kestra.plugin.core.execution.Fail";
// the line each attempt of a Log task writes: its task run and attempt, so that a lost line shows
const LINE = "line {{ taskrun.id }} {{ taskrun.attemptsCount }}";
const lineOf = (taskRunId: string, attempt: number) => `line ${taskRunId} ${attempt - 1}`;

/** The flows run, with the final state each execution of it must end in. */
const FLOWS: { id: string; state: string; tasks: unknown[] }[] = [
  {
    id: "steps",
    state: "SUCCESS",
    tasks: [
      { id: "log", type: LOG, message: LINE },
      { id: "ret", type: RETURN, format: "{{ execution.id }}" },
    ],
  },
  ...[100, 300, 500].map((ms) => ({
    id: `nap${ms}`,
    state: "SUCCESS",
    tasks: [
      { id: "nap", type: SLEEP, duration: `PT0.${ms / 100}S` },
      { id: "log", type: LOG, message: LINE },
    ],
  })),
  {
    id: "loop",
    state: "SUCCESS",
    tasks: [{ id: "each", type: "io.kestra.plugin.core.flow.ForEach", values: [1, 2, 3], tasks: [{ id: "log", type: LOG, message: LINE }] }],
  },
  {
    // fails on its first attempt, succeeds on the second (attemptsCount counts the earlier ones)
    id: "flaky",
    state: "SUCCESS",
    tasks: [
      { id: "flaky", type: FAIL, condition: "{{ taskrun.attemptsCount < 1 }}", retry: { type: "constant", interval: "PT0.1S", maxAttempts: 3 } },
      { id: "log", type: LOG, message: LINE },
    ],
  },
  {
    id: "fanout",
    state: "SUCCESS",
    tasks: [
      {
        id: "parallel",
        type: "io.kestra.plugin.core.flow.Parallel",
        tasks: [
          { id: "log", type: LOG, message: LINE },
          { id: "ret", type: RETURN, format: "b" },
          { id: "nap", type: SLEEP, duration: "PT0.2S" },
        ],
      },
    ],
  },
  {
    id: "broken",
    state: "FAILED",
    tasks: [
      { id: "log", type: LOG, message: LINE },
      { id: "fail", type: FAIL, errorMessage: "broken on purpose" },
    ],
  },
];

const yamlOf = (f: (typeof FLOWS)[number]) => JSON.stringify({ id: f.id, namespace: "faults", tasks: f.tasks });

const roles = new RoleProcesses();
const STARTER = path.resolve("tests/executions/support/starter-main.ts");
const TERMINAL = ["SUCCESS", "FAILED", "WARNING", "KILLED"];

const clusters: { destroy(): void }[] = [];

// every child and the test's own database server go, whatever happened
afterAll(async () => {
  await roles.killAll();
  for (const c of clusters.splice(0)) c.destroy();
});

/**
 * Waits until `count` reaches `target`, for as long as it keeps moving: fails when it has not
 * changed for `stallMs` (a machine shared with other work only makes it slower; a stuck
 * execution stops it).
 */
async function progress(count: () => Promise<number>, target: number, stallMs: number, what: string, status: () => Promise<unknown>, processes = roles) {
  let last = -1;
  let changed = Date.now();
  await waitForRoles(
    processes,
    async () => {
      const n = await count();
      if (n !== last) [last, changed] = [n, Date.now()];
      return n >= target || Date.now() - changed > stallMs;
    },
    24 * 3600_000,
    what,
    status,
  );
  if (last < target) await waitForRoles(processes, async () => false, 0, `${what} (stuck at ${last} of ${target} for ${stallMs} ms)`, status);
}

/** Waits for `check` as `until` does; on a timeout the error tells where things stand and what the roles said. */
function waitFor<T>(check: () => Promise<T>, ms: number, what: string, status: () => Promise<unknown>) {
  return waitForRoles(roles, check, ms, what, status);
}

async function waitForRoles<T>(processes: RoleProcesses, check: () => Promise<T>, ms: number, what: string, status: () => Promise<unknown>) {
  try {
    return await until(check, ms, what);
  } catch (e) {
    const said = processes.all.map((r) => `--- ${r.pid}\n${r.output().slice(-2000)}`).join("\n");
    throw new Error(`${(e as Error).message}: ${JSON.stringify(await status().catch((x) => String(x)))}\n${said}`);
  }
}

describe.skipIf(!pg)("faults (PostgreSQL)", () => {
  it("worker processes killed and restarted under load: every execution ends, once, with its logs", { timeout: 900_000 }, async () => {
    const admin = await makeUser();
    const tenant = await makeTenant(admin);
    const ctx = await ctxOf(admin, tenant.id);
    for (const f of FLOWS) await createFlow(ctx, yamlOf(f));

    const [w1, w2, w3] = await Promise.all([0, 1, 2].map(() => roles.start(["worker", "--concurrency", "4"], ENV)));
    await Promise.all([roles.start(["executor"], ENV), roles.start(["scheduler"], ENV)]);

    // the executions, started through the API's domain function while the roles run
    const expected = new Map<string, string>();
    let next = 0;
    const starting = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < EXECUTIONS) {
          const f = FLOWS[next++ % FLOWS.length];
          const e = await startExecution(ctx, { namespace: "faults", flowId: f.id, inputs: {}, trigger: { kind: "api" } });
          expected.set(e.id, f.state);
        }
      }),
    );

    const status = async () => ({
      executions: await db.execution.groupBy({ by: ["state"], where: { tenantId: tenant.id }, _count: true }),
      jobs: await db.taskJob.findMany({ where: { tenantId: tenant.id }, take: 5 }),
      events: await db.executionEvent.count({ where: { tenantId: tenant.id } }),
    });
    // the victim: a worker seen holding an attempt it is running (a Sleep: in the middle of it)
    const pidOf = (claimedBy: string) => [w1, w2, w3].find((w) => claimedBy.includes(`-${w.pid}-`));
    const victim = await waitFor(async () => {
      const held = await db.taskJob.findMany({ where: { tenantId: tenant.id, taskId: "nap", claimedBy: { not: null } } });
      return held.map((j) => pidOf(j.claimedBy!)).find(Boolean);
    }, 60_000, "a worker running a Sleep", status);
    victim.child.kill("SIGKILL");

    // another worker restarted while it holds an attempt: it finishes the attempt and exits cleanly
    const others = [w1, w2, w3].filter((w) => w !== victim);
    const restarted = await waitFor(async () => {
      const held = await db.taskJob.findMany({ where: { tenantId: tenant.id, claimedBy: { not: null } } });
      return held.map((j) => pidOf(j.claimedBy!)).find((w) => w && others.includes(w));
    }, 60_000, "another worker holding an attempt", status);
    expect(await roles.stop(restarted)).toBe(0);
    await roles.start(["worker", "--concurrency", "4"], ENV);

    let startsDone = false;
    void starting.then(
      () => (startsDone = true),
      () => (startsDone = true),
    );
    await progress(async () => (startsDone ? EXECUTIONS : expected.size), EXECUTIONS, 60_000, "the starts", status);
    await starting;
    expect(expected.size).toBe(EXECUTIONS);
    const ids = [...expected.keys()];
    const tdb = tenantDb(tenant.id);
    // every execution ends (none stays behind), and the queue empties
    const ended = () => tdb.execution.count({ where: { id: { in: ids }, state: { in: ["SUCCESS", "FAILED", "WARNING", "KILLED"] } } });
    await progress(ended, EXECUTIONS, 60_000, "every execution to end", status);
    const queued = async () => (await db.taskJob.count({ where: { tenantId: tenant.id } })) + (await db.executionEvent.count({ where: { tenantId: tenant.id } }));
    await waitFor(async () => (await queued()) === 0, 30_000, "an empty queue", status);

    const executions = await tdb.execution.findMany({ where: { tenantId: tenant.id } });
    expect(executions).toHaveLength(EXECUTIONS);
    for (const e of executions) expect(e.state, `${e.flowId} ${e.id}`).toBe(expected.get(e.id));

    const runs = (await tdb.taskRun.findMany({ where: { executionId: { in: ids } } })).map(toTaskRun);
    const logs = await tdb.executionLog.findMany({ where: { executionId: { in: ids } }, select: { taskRunId: true, attempt: true, message: true } });
    const lines = new Set(logs.map((l) => `${l.taskRunId}/${l.attempt}/${l.message}`));
    let lost = 0;
    for (const run of runs) {
      expect(isTerminal(run.state), `${run.taskId} ${run.id} ${run.state}`).toBe(true);
      const ok = run.attempts.filter((a) => a.state === "SUCCESS");
      // a final attempt never runs twice
      expect(ok.length, `${run.taskId} ${run.id}`).toBeLessThanOrEqual(1);
      if (run.state === "SUCCESS" && run.attempts.length) expect(run.attempts.at(-1)!.state).toBe("SUCCESS");
      // its first attempt failed, or was lost with its worker (then the next one, counting it, succeeds)
      if (run.taskId === "flaky") {
        expect(run.attempts.some((a) => ["FAILED", "KILLED", "RESUBMITTED"].includes(a.state)), JSON.stringify(run.attempts)).toBe(true);
      }
      if (run.taskId === "log") {
        for (const a of ok) expect(lines.has(`${run.id}/${a.number}/${lineOf(run.id, a.number)}`), `the line of ${run.id} attempt ${a.number}`).toBe(true);
      }
      lost += run.attempts.filter((a) => a.workerId?.includes(`-${victim.pid}-`) && a.state !== "SUCCESS").length;
    }
    // the killed worker's attempts were taken back and run again by the others
    expect(lost).toBeGreaterThan(0);
    // the survivors stop cleanly (and leave the machine to the next test)
    for (const r of roles.all.filter((x) => x !== victim && x !== restarted)) expect(await roles.stop(r), r.output().slice(-2000)).toBe(0);
  });

  // The restart runs on a PostgreSQL cluster of the test's own (as the end-to-end fault test does):
  // the suite's server, which other runs share, is never stopped.
  const bin = postgresBinaries();
  // (skipped only where the PostgreSQL server binaries are not installed)
  it.skipIf(!bin)("a PostgreSQL restart under load: the roles carry on and every accepted execution ends", { timeout: 600_000 }, async () => {
    const cluster = startPrivatePostgres(bin!, await clusterPort());
    clusters.push(cluster);
    const own = roles;
    const client = new pgDriver.Client({ connectionString: cluster.url });
    try {
      const env = { ...ENV, DATABASE_URL: cluster.url };
      execFileSync(process.execPath, ["scripts/db-migrate.mjs", "deploy"], { env: { ...process.env, DATABASE_URL: cluster.url }, stdio: "pipe" });
      const started = await Promise.all([
        own.start(["worker", "--concurrency", "4"], env),
        own.start(["worker", "--concurrency", "4"], env),
        own.start(["executor"], env),
        own.start(["scheduler"], env),
      ]);
      const starter = await own.start([], env, { entry: STARTER, ready: "ready" });
      const answers = (kind: "accepted" | "refused") =>
        starter
          .output()
          .split("\n")
          .filter((l) => l.startsWith(`${kind} `))
          .map((l) => l.slice(kind.length + 1));

      // steady starts first, then the server stops (a fast shutdown: every session is cut) and stays
      // down until the starts have met the outage a few times, then it comes back
      await until(async () => answers("accepted").length >= 10, 60_000, "starts before the outage");
      cluster.stop();
      const before = answers("accepted").length;
      await until(async () => answers("refused").length >= 5, 30_000, "starts refused during the outage");
      cluster.start();
      // the starts succeed again without any restart of a process
      await until(async () => answers("accepted").length >= before + 10, 60_000, "starts after the outage");
      expect(await own.stop(starter)).toBe(0);
      const accepted = answers("accepted");

      await client.connect();
      const states = async () =>
        (await client.query<{ id: string; state: string }>(`SELECT id, state FROM "Execution" WHERE id = ANY($1)`, [accepted])).rows;
      const status = async () => ({ accepted: accepted.length, states: Object.entries(Object.groupBy(await states(), (r) => r.state)).map(([k, v]) => [k, v!.length]) });
      const done = async () => (await states()).filter((r) => TERMINAL.includes(r.state)).length;
      await progress(done, accepted.length, 60_000, "every accepted execution to end", status, own);
      const ended = await states();
      expect(ended).toHaveLength(accepted.length);
      // none lost, each ends as its flow does (the outage is not a task's failure)
      const failed = ended.filter((r) => r.state !== "SUCCESS").map((r) => r.id);
      const why = failed.length
        ? (await client.query(`SELECT "executionId", "taskId", "level", "message" FROM "ExecutionLog" WHERE "executionId" = ANY($1) AND "level" IN ('ERROR', 'WARN')`, [failed])).rows
        : [];
      expect(failed, JSON.stringify(why)).toEqual([]);
      expect(answers("refused").length).toBeGreaterThanOrEqual(5);
      // the roles rode it out: still running, and they stop cleanly
      for (const r of started) expect(await own.stop(r), r.output().slice(-2000)).toBe(0);
    } finally {
      await client.end().catch(() => undefined);
    }
  });
});
