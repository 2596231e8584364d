import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { load } from "ion-js";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfigCache } from "../../lib/config";
import type { RunnerContext } from "../../lib/executions/tasks/types";
import type { LogLevel } from "../../lib/executions/types";
import type { Driver } from "./catalogue";
import { jdbcTask, type JdbcSettings } from "./runner";

// The JDBC tasks against real databases: the local PostgreSQL (a database of the test's own), the
// local MariaDB (tables of unique names in `test`, dropped after) and SQLite files.

const PG_TARGET = "h_jdbc_target";
const PG_URL = `jdbc:postgresql://127.0.0.1:5432/${PG_TARGET}`;
const MY_URL = "jdbc:mariadb://127.0.0.1:3306/test";
const SUFFIX = Math.random().toString(36).slice(2, 8);
const SETTINGS: Partial<JdbcSettings> = { queryTimeoutMs: 60_000, maxOutputBytes: 1024 * 1024, maxFileBytes: 1024 * 1024 };

const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigCache();
};

type Fake = { ctx: RunnerContext; logs: [LogLevel, string][]; stored: Map<string, Buffer>; controller: AbortController };

function fake(props: Record<string, unknown>, opts: { workingDir?: string } = {}): Fake {
  const logs: [LogLevel, string][] = [];
  const stored = new Map<string, Buffer>();
  const controller = new AbortController();
  const ctx = {
    props,
    log: (level: LogLevel, message: string) => logs.push([level, message]),
    signal: controller.signal,
    storage: {
      put: async (p: string, body: Uint8Array | string) => {
        stored.set(p, Buffer.from(body));
        return `kestra:///${p}`;
      },
      get: async (p: string) => stored.get(p.replace(/^kestra:\/\/\//, "")) ?? null,
    },
    folder: "company/team/f/executions/e1/tasks/t/tr1",
    flow: { id: "f", namespace: "company.team", revision: 1 },
    execution: { id: "e1", namespace: "company.team", flowId: "f" },
    ...(opts.workingDir ? { workingDir: opts.workingDir } : {}),
  } as unknown as RunnerContext;
  return { ctx, logs, stored, controller };
}

const run = (driver: Driver, kind: "Query" | "Queries", f: Fake, settings: Partial<JdbcSettings> = {}) => jdbcTask(driver, kind, { ...SETTINGS, ...settings })(f.ctx);
const ionRows = (f: Fake, uri: string) => {
  const text = f.stored.get(uri.replace(/^kestra:\/\/\//, ""))!.toString("utf8");
  const lines = text.split("\n").filter(Boolean);
  return { lines, values: lines.map((l) => JSON.parse(JSON.stringify(load(l)))) };
};

let admin: pg.Client;
let my: mysql.Connection;
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "tenantflow-jdbc-test-"));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
  admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [PG_TARGET]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE ${PG_TARGET}`);
  my = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", database: "test" });
});

afterAll(async () => {
  await admin.end();
  await my.end();
  setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: undefined });
});

afterEach(() => {
  setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true", TENANTFLOW_ALLOWED_HOSTS: undefined });
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("PostgreSQL", () => {
  const T = `jdbc_types_${SUFFIX}`;
  const pgProps = (extra: Record<string, unknown>) => ({ url: PG_URL, username: "postgres", ...extra });

  beforeAll(async () => {
    const target = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: PG_TARGET });
    await target.connect();
    await target.query(`DROP TABLE IF EXISTS ${T}`);
    await target.query(`CREATE TABLE ${T} (
      id int PRIMARY KEY, name text, big bigint, amount numeric(10,2), ok boolean, born date,
      seen timestamp, at timestamptz, doc jsonb, tags text[], blob bytea, span interval, t time)`);
    await target.query(`INSERT INTO ${T} VALUES
      (1, 'Ada', 9007199254740993, 12.50, true, '1815-12-10', '2024-01-02 03:04:05.25', '2024-01-02 03:04:05+00', '{"a":[1,2]}', '{x,y}', '\\x6869', '1 day 02:03:04', '04:05:06'),
      (2, 'Bob', 2, 0.10, false, null, null, null, null, null, null, null, null)`);
    await target.end();
  });
  afterAll(async () => {
    const target = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: PG_TARGET });
    await target.connect();
    await target.query(`DROP TABLE IF EXISTS ${T}`);
    await target.end();
  });

  it("FETCH returns every row with the plugin's conversions of dates, timestamps, decimals and JSON", async () => {
    const f = fake(pgProps({ sql: `SELECT * FROM ${T} ORDER BY id`, fetchType: "FETCH", timeZoneId: "Europe/Paris" }));
    const { outputs } = await run("postgresql", "Query", f);
    expect(outputs?.size).toBe(2);
    const rows = outputs?.rows as Record<string, unknown>[];
    expect(rows[0]).toEqual({
      id: 1, name: "Ada", big: "9007199254740993", amount: 12.5, ok: true, born: "1815-12-10",
      seen: "2024-01-02T03:04:05.25", at: "2024-01-02T04:04:05+01:00", doc: { a: [1, 2] }, tags: ["x", "y"],
      blob: Buffer.from("hi").toString("base64"), span: "P0Y0M1DT2H3M4S", t: "04:05:06",
    });
    expect(rows[1]).toMatchObject({ id: 2, big: 2, amount: 0.1, born: null, doc: null });
  });

  it("FETCH_ONE returns the first row, and named parameters are bound apart from the SQL", async () => {
    const f = fake(pgProps({ sql: `SELECT id, name FROM ${T} WHERE name = :name AND id >= :min`, parameters: { name: "Bob", min: 1 }, fetchType: "FETCH_ONE" }));
    expect((await run("postgresql", "Query", f)).outputs).toEqual({ row: { id: 2, name: "Bob" }, size: 1 });
    const none = fake(pgProps({ sql: `SELECT id FROM ${T} WHERE name = :name`, parameters: { name: "x' OR '1'='1" }, fetchOne: true }));
    expect((await run("postgresql", "Query", none)).outputs).toEqual({ row: null, size: 0 });
  });

  it("STORE writes the rows to an ION file of the task run's folder, one row per line", async () => {
    const f = fake(pgProps({ sql: `SELECT id, name, amount, born, at FROM ${T} ORDER BY id`, fetchType: "STORE" }));
    const { outputs } = await run("postgresql", "Query", f);
    expect(outputs?.size).toBe(2);
    const uri = outputs?.uri as string;
    expect(uri).toMatch(/^kestra:\/\/\/company\/team\/f\/executions\/e1\/tasks\/t\/tr1\/[\w-]+\.ion$/);
    const { lines, values } = ionRows(f, uri);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("amount:12.50");
    expect(lines[0]).toContain("born:1815-12-10T");
    expect(values[0]).toMatchObject({ id: 1, name: "Ada", amount: 12.5 });
    expect(values[1]).toMatchObject({ id: 2, name: "Bob", born: null });
  });

  it("NONE keeps no rows", async () => {
    const f = fake(pgProps({ sql: `SELECT * FROM ${T}` }));
    expect((await run("postgresql", "Query", f)).outputs).toEqual({ row: null });
  });

  it("Queries run in one transaction, rolled back when a statement fails, with one output per result", async () => {
    const ok = fake(pgProps({ sql: `INSERT INTO ${T}(id, name) VALUES (10, 'Cy');\nSELECT count(*) AS n FROM ${T};\nSELECT name FROM ${T} WHERE id = :id;`, parameters: { id: 10 }, fetchType: "FETCH" }));
    const res = await run("postgresql", "Queries", ok);
    expect(res.outputs).toEqual({ outputs: [{ row: null, rows: [{ n: 3 }], size: 1 }, { row: null, rows: [{ name: "Cy" }], size: 1 }] });

    const bad = fake(pgProps({ sql: `DELETE FROM ${T} WHERE id = 10; INSERT INTO ${T}(id) VALUES (1);` }));
    await expect(run("postgresql", "Queries", bad)).rejects.toThrow(/duplicate key value violates unique constraint/);
    const check = fake(pgProps({ sql: `SELECT name FROM ${T} WHERE id = 10`, fetchType: "FETCH_ONE" }));
    expect((await run("postgresql", "Query", check)).outputs?.row).toEqual({ name: "Cy" });

    const noTx = fake(pgProps({ sql: `DELETE FROM ${T} WHERE id = 10; INSERT INTO ${T}(id) VALUES (1);`, transaction: false }));
    await expect(run("postgresql", "Queries", noTx)).rejects.toThrow(/duplicate key/);
    expect((await run("postgresql", "Query", fake(pgProps({ sql: `SELECT name FROM ${T} WHERE id = 10`, fetchType: "FETCH_ONE" })))).outputs?.row).toBeNull();
  });

  it("a SQL error fails the task with the database's message; Query refuses several statements", async () => {
    await expect(run("postgresql", "Query", fake(pgProps({ sql: "SELECT * FROM no_such_table_here" })))).rejects.toThrow('relation "no_such_table_here" does not exist');
    await expect(run("postgresql", "Query", fake(pgProps({ sql: "SELECT 1; SELECT 2" })))).rejects.toThrow(/only a single SQL statement/);
  });

  it("FETCH is bounded by the task output size", async () => {
    const f = fake(pgProps({ sql: "SELECT repeat('x', 1000) AS s FROM generate_series(1, 100)", fetchType: "FETCH" }));
    await expect(run("postgresql", "Query", f, { maxOutputBytes: 10_000 })).rejects.toThrow(/TENANTFLOW_MAX_TASK_OUTPUT_SIZE/);
    const stored = fake(pgProps({ sql: "SELECT repeat('x', 1000) AS s FROM generate_series(1, 100)", fetchType: "STORE" }));
    await expect(run("postgresql", "Query", stored, { maxFileBytes: 10_000 })).rejects.toThrow(/TENANTFLOW_MAX_FILE_SIZE/);
  });

  it("refuses the local server unless the instance allows private addresses, and an unsupported URL", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: undefined });
    await expect(run("postgresql", "Query", fake(pgProps({ sql: "SELECT 1" })))).rejects.toThrow(/Refused to connect to 127.0.0.1.*TENANTFLOW_HTTP_ALLOW_PRIVATE/);
    await expect(run("postgresql", "Query", fake({ url: "jdbc:postgresql://localhost/x", sql: "SELECT 1" }))).rejects.toThrow(/loopback/);
    await expect(run("postgresql", "Query", fake({ url: "jdbc:oracle:thin:@h:1521:x", sql: "SELECT 1" }))).rejects.toThrow(/must be a JDBC URL of jdbc:postgresql:/);
    await expect(run("postgresql", "Query", fake({ url: "jdbc:postgresql://a,b/x", sql: "SELECT 1" }))).rejects.toThrow(/only one host/);
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true", TENANTFLOW_ALLOWED_HOSTS: "db.example.com" });
    await expect(run("postgresql", "Query", fake(pgProps({ sql: "SELECT 1" })))).rejects.toThrow(/not among the instance's allowed hosts/);
  });

  it("never logs the password, nor the URL's", async () => {
    const f = fake({ url: `jdbc:postgresql://127.0.0.1:5432/${PG_TARGET}?user=postgres&password=s3cr3t-url-pw`, password: "s3cr3t-prop-pw", sql: "SELECT 1 AS one", fetchType: "FETCH_ONE" });
    expect((await run("postgresql", "Query", f)).outputs?.row).toEqual({ one: 1 });
    const wrong = fake({ url: "jdbc:postgresql://127.0.0.1:5432/no_such_db_jdbc?password=s3cr3t-url-pw", username: "postgres", sql: "SELECT 1" });
    await expect(run("postgresql", "Query", wrong)).rejects.toThrow(/no_such_db_jdbc/);
    const all = [...f.logs, ...wrong.logs].map(([, m]) => m).join("\n");
    expect(all).toContain("Connecting to postgresql://127.0.0.1:5432/");
    expect(all).not.toMatch(/s3cr3t/);
  });

  it("a kill cancels a running query on the server", async () => {
    const f = fake(pgProps({ sql: "SELECT pg_sleep(60), 'jdbc-kill-test' AS tag" }));
    const running = run("postgresql", "Query", f);
    const active = async () =>
      (await admin.query("SELECT pid FROM pg_stat_activity WHERE query LIKE '%jdbc-kill-test%' AND state = 'active' AND pid <> pg_backend_pid()")).rowCount ?? 0;
    while ((await active()) === 0) await new Promise((r) => setTimeout(r, 50));
    f.controller.abort();
    await expect(running).rejects.toThrow("The query was cancelled: the task was killed");
    while ((await active()) > 0) await new Promise((r) => setTimeout(r, 50));
    expect(await active()).toBe(0);
  });

  it("a statement past the query timeout is cancelled", async () => {
    const f = fake(pgProps({ sql: "SELECT pg_sleep(60)" }));
    await expect(run("postgresql", "Query", f, { queryTimeoutMs: 200 })).rejects.toThrow(/TENANTFLOW_JDBC_QUERY_TIMEOUT_MS/);
  });
});

describe("MariaDB (the MySQL driver)", () => {
  const T = `jdbc_${SUFFIX}`;
  beforeAll(async () => {
    await my.query(`CREATE TABLE ${T} (id INT PRIMARY KEY, name VARCHAR(50), amount DECIMAL(10,2), born DATE, seen DATETIME(3), big BIGINT, doc JSON) ENGINE=InnoDB`);
    await my.query(`INSERT INTO ${T} VALUES (1, 'Ada', 12.50, '1815-12-10', '2024-01-02 03:04:05.250', 9007199254740993, '{"a":1}'), (2, 'Bob', 0.10, NULL, NULL, 2, NULL)`);
  });
  afterAll(async () => {
    await my.query(`DROP TABLE IF EXISTS ${T}`);
  });
  const myProps = (extra: Record<string, unknown>) => ({ url: MY_URL, username: "root", password: "", ...extra });

  // MariaDB's JSON is LONGTEXT: its driver, as the JDBC one, answers the text
  for (const driver of ["mysql", "mariadb"] as const) {
    it(`${driver}: FETCH and FETCH_ONE with parameters`, async () => {
      const url = driver === "mysql" ? "jdbc:mysql://127.0.0.1:3306/test" : MY_URL;
      const all = fake(myProps({ url, sql: `SELECT * FROM ${T} ORDER BY id`, fetchType: "FETCH" }));
      const { outputs } = await run(driver, "Query", all);
      expect(outputs?.size).toBe(2);
      const rows = outputs?.rows as Record<string, unknown>[];
      expect(rows[0]).toEqual({ id: 1, name: "Ada", amount: 12.5, born: "1815-12-10", seen: "2024-01-02T03:04:05.25", big: "9007199254740993", doc: '{"a":1}' });
      const one = fake(myProps({ url, sql: `SELECT name FROM ${T} WHERE id = :id`, parameters: { id: 2 }, fetchType: "FETCH_ONE" }));
      expect((await run(driver, "Query", one)).outputs).toEqual({ row: { name: "Bob" }, size: 1 });
    });
  }

  it("STORE, NONE, and Queries rolled back on error", async () => {
    const stored = fake(myProps({ sql: `SELECT id, amount FROM ${T} ORDER BY id`, fetchType: "STORE" }));
    const res = await run("mariadb", "Query", stored);
    expect(res.outputs?.size).toBe(2);
    const { lines, values } = ionRows(stored, res.outputs?.uri as string);
    expect(lines[0]).toContain("amount:12.50");
    expect(values).toEqual([{ id: 1, amount: 12.5 }, { id: 2, amount: 0.1 }]);
    expect((await run("mariadb", "Query", fake(myProps({ sql: `SELECT * FROM ${T}` })))).outputs).toEqual({ row: null });

    const bad = fake(myProps({ sql: `INSERT INTO ${T}(id, name) VALUES (5, 'Eve'); INSERT INTO ${T}(id) VALUES (1);` }));
    await expect(run("mariadb", "Queries", bad)).rejects.toThrow(/Duplicate entry '1'/);
    const [rows] = await my.query(`SELECT id FROM ${T} WHERE id = 5`);
    expect(rows).toEqual([]);
  });

  it("a SQL error's message, and the private-address refusal", async () => {
    await expect(run("mariadb", "Query", fake(myProps({ sql: "SELECT * FROM no_such_table_jdbc" })))).rejects.toThrow(/no_such_table_jdbc' doesn't exist/);
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: undefined });
    await expect(run("mariadb", "Query", fake(myProps({ sql: "SELECT 1" })))).rejects.toThrow(/Refused to connect to 127.0.0.1/);
  });

  it("a kill cancels a running SLEEP() on the server", async () => {
    const f = fake(myProps({ sql: "SELECT SLEEP(60) AS jdbc_kill_test" }));
    const running = run("mariadb", "Query", f);
    const active = async () => {
      const [rows] = await my.query("SELECT id FROM information_schema.PROCESSLIST WHERE INFO LIKE '%jdbc_kill_test%' AND INFO NOT LIKE '%PROCESSLIST%'");
      return (rows as unknown[]).length;
    };
    while ((await active()) === 0) await new Promise((r) => setTimeout(r, 50));
    f.controller.abort();
    await expect(running).rejects.toThrow("The query was cancelled: the task was killed");
    while ((await active()) > 0) await new Promise((r) => setTimeout(r, 50));
    expect(await active()).toBe(0);
  });
});

describe("SQLite", () => {
  it("creates a database file in the working directory shared by the next tasks, and fetches from it", async () => {
    const dir = tempDir();
    const create = fake({ url: "jdbc:sqlite:my.db", sql: "CREATE TABLE t(id INTEGER, name TEXT, price REAL, data BLOB); INSERT INTO t VALUES (1, 'a', 1.5, x'6869'), (2, 'b', 2, NULL);" }, { workingDir: dir });
    expect((await run("sqlite", "Queries", create)).outputs).toEqual({ outputs: [] });
    expect(fs.existsSync(path.join(dir, "my.db"))).toBe(true);
    const rows = await run("sqlite", "Query", fake({ url: "jdbc:sqlite:my.db", sql: "SELECT * FROM t WHERE id >= :min ORDER BY id", parameters: { min: 1 }, fetchType: "FETCH" }, { workingDir: dir }));
    expect(rows.outputs).toEqual({ row: null, rows: [{ id: 1, name: "a", price: 1.5, data: "aGk=" }, { id: 2, name: "b", price: 2, data: null }], size: 2 });
    const one = await run("sqlite", "Query", fake({ url: "jdbc:sqlite:my.db", sql: "SELECT name FROM t ORDER BY id DESC", fetchType: "FETCH_ONE" }, { workingDir: dir }));
    expect(one.outputs).toEqual({ row: { name: "b" }, size: 1 });
  });

  it("refuses a database file that is a link to a file outside the working directory", async () => {
    const outside = tempDir();
    const secretDb = new Database(path.join(outside, "instance.db"));
    secretDb.exec("CREATE TABLE secrets(v TEXT); INSERT INTO secrets VALUES ('other tenant');");
    secretDb.close();
    const dir = tempDir();
    fs.symlinkSync(path.join(outside, "instance.db"), path.join(dir, "my.db"));
    await expect(run("sqlite", "Query", fake({ url: "jdbc:sqlite:my.db", sql: "SELECT * FROM secrets", fetchType: "FETCH" }, { workingDir: dir }))).rejects.toThrow(
      /my.db is a link to a file outside the task's working directory/,
    );
    fs.mkdirSync(path.join(dir, "sub"));
    fs.symlinkSync(outside, path.join(dir, "linked"));
    await expect(run("sqlite", "Query", fake({ url: "jdbc:sqlite:linked/instance.db", sql: "SELECT * FROM secrets", fetchType: "FETCH" }, { workingDir: dir }))).rejects.toThrow(/link to a file outside/);
    // nor is a sqliteFile written through such a link
    const before = fs.readFileSync(path.join(outside, "instance.db"));
    await expect(
      run("sqlite", "Query", fake({ url: "jdbc:sqlite:my.db", sqliteFile: "kestra:///company/team/flow/executions/e/file.db", sql: "SELECT 1", fetchType: "FETCH" }, { workingDir: dir })),
    ).rejects.toThrow(/link to a file outside/);
    await expect(
      run("sqlite", "Query", fake({ url: "jdbc:sqlite:linked/new.db", sqliteFile: "kestra:///company/team/flow/executions/e/file.db", sql: "SELECT 1", fetchType: "FETCH" }, { workingDir: dir })),
    ).rejects.toThrow(/link to a file outside/);
    expect(fs.readFileSync(path.join(outside, "instance.db"))).toEqual(before);
    expect(fs.existsSync(path.join(outside, "new.db"))).toBe(false);
  });

  it("STORE, and a database given by sqliteFile sent back with outputDbFile", async () => {
    const dir = tempDir();
    await run("sqlite", "Queries", fake({ url: "jdbc:sqlite:seed.db", sql: "CREATE TABLE t(id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y');" }, { workingDir: dir }));
    const f = fake({ url: "jdbc:sqlite:copy.db", sqliteFile: "kestra:///company/team/f/executions/e1/tasks/prev/tr0/seed.db", sql: "SELECT * FROM t ORDER BY id", fetchType: "STORE", outputDbFile: true });
    f.stored.set("company/team/f/executions/e1/tasks/prev/tr0/seed.db", fs.readFileSync(path.join(dir, "seed.db")));
    const res = await run("sqlite", "Query", f);
    expect(res.outputs?.size).toBe(2);
    expect(ionRows(f, res.outputs?.uri as string).values).toEqual([{ id: 1, name: "x" }, { id: 2, name: "y" }]);
    expect(res.outputs?.databaseUri).toBe("kestra:///company/team/f/executions/e1/tasks/t/tr1/copy.db");
  });

  it("Queries roll back on error, and the error is the database's", async () => {
    const dir = tempDir();
    await run("sqlite", "Queries", fake({ url: "jdbc:sqlite:tx.db", sql: "CREATE TABLE t(id INTEGER PRIMARY KEY);" }, { workingDir: dir }));
    await expect(run("sqlite", "Queries", fake({ url: "jdbc:sqlite:tx.db", sql: "INSERT INTO t VALUES (1); INSERT INTO t VALUES (1);" }, { workingDir: dir }))).rejects.toThrow(/UNIQUE constraint failed: t.id/);
    const count = await run("sqlite", "Query", fake({ url: "jdbc:sqlite:tx.db", sql: "SELECT count(*) AS n FROM t", fetchType: "FETCH_ONE" }, { workingDir: dir }));
    expect(count.outputs?.row).toEqual({ n: 0 });
  });

  it("never opens a file outside the task's working directory", async () => {
    const dir = tempDir();
    await expect(run("sqlite", "Query", fake({ url: "jdbc:sqlite:/etc/passwd", sql: "SELECT 1" }, { workingDir: dir }))).rejects.toThrow(/must be a file of the task's working directory/);
    await expect(run("sqlite", "Query", fake({ url: "jdbc:sqlite:../escape.db", sql: "SELECT 1" }, { workingDir: dir }))).rejects.toThrow(/not a file name inside the working directory/);
    await expect(run("sqlite", "Query", fake({ url: "jdbc:sqlite:x.db", sqliteFile: "/etc/passwd", sql: "SELECT 1" }, { workingDir: dir }))).rejects.toThrow(/kestra:\/\/\/ URI/);
    const mem = await run("sqlite", "Query", fake({ url: "jdbc:sqlite::memory:", sql: "SELECT 1 + 1 AS two", fetchType: "FETCH_ONE" }));
    expect(mem.outputs?.row).toEqual({ two: 2 });
  });
});
