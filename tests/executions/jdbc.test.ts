import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { listLogs } from "@/lib/executions/logs";
import { killExecution } from "@/lib/executions/operations";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow } from "@/lib/flows/flows";
import { putSecret } from "@/lib/secrets/secrets";
import { makeTenant } from "../helpers";
import { emptyQueue, until } from "./support/data";

// JDBC tasks through the real engine: a flow's queries on the local PostgreSQL with a password
// from secret() (masked, never logged), rows passed from task to task and stored as ION, a kill
// cancelling the running statement, and SQLite files shared by a WorkingDirectory.

const NS = "company.team";
const TARGET = "h_jdbc_target";
const URL = `jdbc:postgresql://127.0.0.1:5432/${TARGET}`;
const T = `engine_${Math.random().toString(36).slice(2, 8)}`;
let roles: Role[] = [];
let ctx: TenantContext;
let admin: pg.Client;

beforeAll(async () => {
  process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE = "true";
  resetConfigCache();
  admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" });
  await admin.connect();
  if (!(await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [TARGET])).rowCount) await admin.query(`CREATE DATABASE ${TARGET}`);
  await emptyQueue();
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 2, leaseMs: 30_000, heartbeatMs: 300 })];
  ctx = await tenantContext(cliActor(), (await makeTenant()).id);
  await putSecret(ctx, NS, "DB_PASSWORD", { value: "pw-very-secret-77" });
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
  const target = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: TARGET });
  await target.connect();
  await target.query(`DROP TABLE IF EXISTS ${T}`);
  await target.end();
  await admin.end();
  delete process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE;
  resetConfigCache();
});

async function run(id: string, body: string) {
  await createFlow(ctx, `id: ${id}\nnamespace: ${NS}\n${body}`);
  const started = await startExecution(ctx, { namespace: NS, flowId: id, inputs: {} });
  return waitForEnd(ctx, started.id, 60_000);
}
const messages = async (executionId: string) => (await listLogs(ctx, executionId, { size: 1000 })).results.map((l: { message: string }) => l.message);
const outputsOf = async (id: string) =>
  Object.fromEntries((await getExecution(ctx, id)).taskRunList.map((t: { taskId: string; outputs?: unknown }) => [t.taskId, t.outputs]));

const conn = `    url: ${URL}\n    username: postgres\n    password: "{{ secret('DB_PASSWORD') }}"`;

describe("JDBC tasks through the engine", () => {
  it("creates, fills and reads a table, passes rows on, stores them as ION, and never logs the password", async () => {
    const done = await run(
      "pg_flow",
      `tasks:
  - id: init
    type: io.kestra.plugin.jdbc.postgresql.Queries
${conn}
    sql: |
      CREATE TABLE ${T} (id int PRIMARY KEY, name text, amount numeric(8,2));
      INSERT INTO ${T} VALUES (1, 'ada', 10.50), (2, 'grace', 3.25);
  - id: fetch
    type: io.kestra.plugin.jdbc.postgresql.Query
${conn}
    sql: SELECT id, name, amount FROM ${T} WHERE amount > :min ORDER BY id
    parameters:
      min: 1
    fetchType: FETCH
  - id: store
    type: io.kestra.plugin.jdbc.postgresql.Query
${conn}
    sql: SELECT id, name FROM ${T} ORDER BY id
    fetchType: STORE
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.fetch.rows[1].name }} {{ outputs.fetch.size }} | {{ read(outputs.store.uri) }}"`,
    );
    expect(done.state.current).toBe("SUCCESS");
    const outputs = await outputsOf(done.id);
    expect(outputs.init).toEqual({ outputs: [] });
    expect(outputs.fetch).toMatchObject({ rows: [{ id: 1, name: "ada", amount: 10.5 }, { id: 2, name: "grace", amount: 3.25 }], size: 2 });
    expect(outputs.store).toMatchObject({ size: 2 });
    expect((outputs.store as { uri: string }).uri).toMatch(new RegExp(`^kestra:///company/team/pg_flow/executions/${done.id}/tasks/store/.+\\.ion$`));
    expect(outputs.show).toEqual({ value: 'grace 2 | {id:1,name:"ada"}\n{id:2,name:"grace"}\n' });
    const logs = (await messages(done.id)).join("\n");
    expect(logs).not.toContain("pw-very-secret-77");
  });

  it("a kill cancels the running statement on the server", async () => {
    await createFlow(ctx, `id: pg_long\nnamespace: ${NS}\ntasks:\n  - id: sleepy\n    type: io.kestra.plugin.jdbc.postgresql.Query\n${conn}\n    sql: SELECT pg_sleep(120), 'engine-kill-test'`);
    const started = await startExecution(ctx, { namespace: NS, flowId: "pg_long", inputs: {} });
    const active = async () =>
      (await admin.query("SELECT pid FROM pg_stat_activity WHERE query LIKE '%engine-kill-test%' AND state = 'active' AND pid <> pg_backend_pid()")).rowCount ?? 0;
    await until(async () => ((await active()) > 0 ? true : undefined), 30_000, "the query to run");
    await killExecution(ctx, started.id);
    const done = await waitForEnd(ctx, started.id, 30_000);
    expect(done.state.current).toBe("KILLED");
    await until(async () => ((await active()) === 0 ? true : undefined), 20_000, "the query to be cancelled");
  });

  it("SQLite files live in the WorkingDirectory its tasks share; a SQL error fails the task with the database's message", async () => {
    const done = await run(
      "sqlite_flow",
      `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: create
        type: io.kestra.plugin.jdbc.sqlite.Queries
        url: jdbc:sqlite:app.db
        sql: |
          CREATE TABLE t (id INTEGER, name TEXT);
          INSERT INTO t VALUES (1, 'one'), (2, 'two');
      - id: read
        type: io.kestra.plugin.jdbc.sqlite.Query
        url: jdbc:sqlite:app.db
        sql: SELECT name FROM t ORDER BY id DESC
        fetchType: FETCH_ONE`,
    );
    expect(done.state.current).toBe("SUCCESS");
    expect((await outputsOf(done.id)).read).toEqual({ row: { name: "two" }, size: 1 });

    const failed = await run("sqlite_error", `tasks:\n  - id: bad\n    type: io.kestra.plugin.jdbc.sqlite.Query\n    url: \"jdbc:sqlite::memory:\"\n    sql: SELECT * FROM missing_table`);
    expect(failed.state.current).toBe("FAILED");
    expect((await messages(failed.id)).join("\n")).toContain("no such table: missing_table");
  });
});
