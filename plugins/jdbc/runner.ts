import { randomUUID } from "node:crypto";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { config } from "../../lib/config";
import { internalPath } from "../../lib/executions/internal-storage";
import { contentOf, safeName } from "../../lib/executions/tasks/local-files";
import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import { DRIVERS, FETCH_TYPES, JDBC, type Driver } from "./catalogue";
import { ionLine, toOutput, zoneOf } from "./convert";
import { connectMysql, connectPostgres, connectSqlite, driverMessage, type Connection, type Row } from "./drivers";
import { bindNamed, splitStatements } from "./sql";
import { JdbcUrlError, parseJdbcUrl, type ServerUrl, type SqliteUrl } from "./url";

// The JDBC Query and Queries tasks: connect (through the instance's network policy), run the SQL,
// and return its rows as the orchestrator's JDBC plugins do (fetchType FETCH, FETCH_ONE, STORE
// into an ION file of internal storage, or NONE).

export type FetchType = (typeof FETCH_TYPES)[number];

export type JdbcSettings = {
  /** the longest one statement may run (TENANTFLOW_JDBC_QUERY_TIMEOUT_MS) */
  queryTimeoutMs: number;
  /** bytes of rows FETCH and FETCH_ONE may put in the outputs (TENANTFLOW_MAX_TASK_OUTPUT_SIZE) */
  maxOutputBytes: number;
  /** bytes of a STORE file (TENANTFLOW_MAX_FILE_SIZE) */
  maxFileBytes: number;
  connectTimeoutMs: number;
};

export function jdbcSettings(): JdbcSettings {
  const c = config();
  return { queryTimeoutMs: c.jdbcQueryTimeoutMs, maxOutputBytes: c.maxTaskOutputSize, maxFileBytes: c.maxFileSize, connectTimeoutMs: 30_000 };
}

const isTrue = (v: unknown) => v === true || v === "true";

/** The fetch type, the deprecated booleans first as the orchestrator reads them (fetch, fetchOne, store). */
export function fetchTypeOf(props: Record<string, unknown>): FetchType {
  if (isTrue(props.fetch)) return "FETCH";
  if (isTrue(props.fetchOne)) return "FETCH_ONE";
  if (isTrue(props.store)) return "STORE";
  const t = props.fetchType ?? "NONE";
  if (!FETCH_TYPES.includes(t as FetchType)) throw new TaskFailure(`"fetchType" must be one of ${FETCH_TYPES.join(", ")}, not ${String(t)}`);
  return t as FetchType;
}

function parametersOf(raw: unknown): Record<string, unknown> | null {
  if (raw === undefined || raw === null) return null;
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new TaskFailure('"parameters" must be a mapping of parameter names to values');
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TaskFailure('"parameters" must be a mapping of parameter names to values');
  return Object.keys(value).length ? (value as Record<string, unknown>) : null;
}

/** What one statement gives back, as the orchestrator's Output: row (always), rows, uri, size. */
type StatementOutput = { row: unknown; rows?: unknown[]; uri?: string; size?: number };

class Bounded extends TaskFailure {}

async function runStatement(
  ctx: RunnerContext,
  conn: Connection,
  sql: string,
  parameters: Record<string, unknown> | null,
  fetchType: FetchType,
  settings: JdbcSettings,
): Promise<StatementOutput | null> {
  const bound = parameters ? bindNamed(sql, parameters, (i) => conn.placeholder(i)) : { sql, values: [] };
  ctx.log("DEBUG", `Starting query: ${sql}`);
  let size = 0;
  let first: Row | null = null;
  const rows: unknown[] = [];
  const lines: string[] = [];
  let bytes = 0;
  const onRow = (row: Row) => {
    if (fetchType === "NONE") return;
    if (fetchType === "FETCH_ONE") {
      if (size++ === 0) {
        first = row;
        if (Buffer.byteLength(JSON.stringify(toOutput(row))) > settings.maxOutputBytes) throw new Bounded(outputLimit(settings));
      }
      return;
    }
    size++;
    if (fetchType === "FETCH") {
      const out = toOutput(row);
      bytes += Buffer.byteLength(JSON.stringify(out)) + 1;
      if (bytes > settings.maxOutputBytes) throw new Bounded(outputLimit(settings));
      rows.push(out);
    } else {
      const line = ionLine(row);
      bytes += Buffer.byteLength(line);
      if (bytes > settings.maxFileBytes)
        throw new Bounded(`The query's rows passed ${settings.maxFileBytes} bytes, the largest file of internal storage (setting TENANTFLOW_MAX_FILE_SIZE)`);
      lines.push(line);
    }
  };
  const { hasResult } = await conn.run(bound.sql, bound.values, onRow);
  if (!hasResult) return null;
  switch (fetchType) {
    case "FETCH_ONE":
      return { row: first === null ? null : toOutput(first), size: first === null ? 0 : 1 };
    case "FETCH":
      return { row: null, rows, size };
    case "STORE": {
      const uri = await ctx.storage.put(`${ctx.folder}/${randomUUID()}.ion`, lines.join(""), "application/octet-stream");
      return { row: null, uri, size };
    }
    default:
      return { row: null };
  }
}

const outputLimit = (s: JdbcSettings) =>
  `The query's rows passed ${s.maxOutputBytes} bytes, the limit of a task's outputs (setting TENANTFLOW_MAX_TASK_OUTPUT_SIZE): use fetchType STORE to keep them in a file`;

/** Where a SQLite database lives: a file of the task's working directory (never elsewhere on the worker). */
async function sqliteFile(ctx: RunnerContext, url: SqliteUrl, dir: string): Promise<string | null> {
  const p = ctx.props;
  if (url.file === null) {
    if (p.sqliteFile !== undefined && p.sqliteFile !== null) throw new TaskFailure('"sqliteFile" needs a file name in the url, such as jdbc:sqlite:my.db');
    return null;
  }
  let name = url.file;
  if (path.isAbsolute(name)) {
    const rel = path.relative(dir, name);
    if (rel.startsWith("..") || path.isAbsolute(rel))
      throw new TaskFailure(
        `"url": the SQLite database must be a file of the task's working directory (a relative name such as jdbc:sqlite:my.db, with sqliteFile for a file of internal storage), not ${name}`,
      );
    name = rel;
  }
  const target = path.join(dir, ...safeName(name).split("/"));
  if (p.sqliteFile !== undefined && p.sqliteFile !== null) {
    const uri = String(p.sqliteFile).trim();
    if (internalPath(uri) === null) throw new TaskFailure(`"sqliteFile" must be a kestra:/// URI of a file of internal storage, not ${uri}`);
    await insideDirectory(dir, target, name);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, await contentOf(ctx, uri));
  }
  await insideDirectory(dir, target, name);
  return target;
}

/**
 * A link left in a shared working directory (by a script, say) must not make a SQLite task open or
 * write a file elsewhere on the worker: the file, or its nearest existing folder, must resolve
 * inside the working directory, and the file must not be a link.
 */
async function insideDirectory(dir: string, target: string, name: string) {
  const root = await fsp.realpath(dir);
  let at = target;
  for (;;) {
    const real = await fsp.realpath(at).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e)));
    if (real !== null) {
      const inside = path.relative(root, real);
      if (inside.startsWith("..") || path.isAbsolute(inside) || (at === target && (await fsp.lstat(target)).isSymbolicLink()))
        throw new TaskFailure(`"url": ${name} is a link to a file outside the task's working directory`);
      return;
    }
    if (at === dir) return;
    at = path.dirname(at);
  }
}

function sslOf(props: Record<string, unknown>, url: ServerUrl) {
  const mode = String(props.sslMode ?? url.options.sslmode ?? "").toUpperCase().replace(/-/g, "_");
  const enabled = isTrue(props.ssl) || isTrue(url.options.ssl) || ["REQUIRE", "VERIFY_CA", "VERIFY_FULL"].includes(mode);
  if (!enabled || mode === "DISABLE") return undefined;
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  return {
    enabled: true,
    verify: mode === "VERIFY_CA" || mode === "VERIFY_FULL" || (mode === "" && props.sslRootCert != null),
    ca: str(props.sslRootCert),
    cert: str(props.sslCert),
    key: str(props.sslKey),
    passphrase: str(props.sslKeyPassword),
  };
}

/** A runner of `io.kestra.plugin.jdbc.<driver>.Query` or `.Queries`; `override` replaces the instance's settings (tests). */
export function jdbcTask(driver: Driver, kind: "Query" | "Queries", override: Partial<JdbcSettings> = {}): TaskRunner {
  return async (ctx) => {
    const settings = { ...jdbcSettings(), ...override };
    const p = ctx.props;
    let url;
    try {
      url = parseJdbcUrl(driver, p.url);
    } catch (e) {
      throw new TaskFailure(e instanceof JdbcUrlError ? e.message : `"url" ${(e as Error).message}`);
    }
    const fetchType = fetchTypeOf(p);
    const zone = zoneOf(p.timeZoneId);
    const parameters = parametersOf(p.parameters);
    const statements = splitStatements(String(p.sql ?? ""));
    if (!statements.length) throw new TaskFailure('"sql" holds no statement');
    if (kind === "Query" && statements.length > 1)
      throw new TaskFailure("Query task support only a single SQL statement. Use the Queries task to run multiple statements.");
    const afterSQL = kind === "Query" && p.afterSQL != null && String(p.afterSQL).trim() ? String(p.afterSQL) : null;
    const transaction = kind === "Queries" ? p.transaction === undefined || p.transaction === null || isTrue(p.transaction) : afterSQL !== null;

    const password = p.password != null ? String(p.password) : url.kind === "sqlite" ? null : url.password;
    const hide = (message: string) => (password && password.length >= 3 ? message.split(password).join("***") : message);

    const ownDir = url.kind === "sqlite" && ctx.workingDir === undefined ? await fsp.mkdtemp(path.join(os.tmpdir(), "tenantflow-sqlite-")) : null;
    let conn: Connection | null = null;
    let stopped: "kill" | "timeout" | null = null;
    let timer: NodeJS.Timeout | undefined;
    let closing = false;
    const stop = (why: "kill" | "timeout") => {
      if (stopped) return;
      stopped = why;
      const c = conn;
      if (c) {
        closing = true;
        void c.cancel().finally(() => c.close());
      }
    };
    const onAbort = () => stop("kill");
    ctx.signal.addEventListener("abort", onAbort);
    let inTransaction = false;
    try {
      let dbFile: string | null = null;
      if (url.kind === "sqlite") {
        dbFile = await sqliteFile(ctx, url, ctx.workingDir ?? ownDir!);
        conn = connectSqlite(dbFile, 5000);
      } else {
        const user = p.username != null ? String(p.username) : url.user;
        ctx.log("DEBUG", `Connecting to ${url.kind === "postgresql" ? "postgresql" : driver}://${url.host}:${url.port}/${url.database ?? ""}${user ? ` as ${user}` : ""}`);
        const options = { url, user, password, zone, connectTimeoutMs: settings.connectTimeoutMs };
        conn = url.kind === "postgresql" ? await connectPostgres({ ...options, ssl: sslOf(p, url) }) : await connectMysql(options);
      }
      if (ctx.signal.aborted) stop("kill");
      if (stopped) throw new TaskFailure("The query was cancelled: the task was killed");

      const c = conn;
      const outputs: StatementOutput[] = [];
      let last: StatementOutput | null = null;
      if (transaction) {
        await c.begin();
        inTransaction = true;
      }
      if (fetchType === "NONE" && kind === "Queries") ctx.log("INFO", "fetchType is set to NONE, no output will be returned");
      for (const sql of statements) {
        timer = setTimeout(() => stop("timeout"), settings.queryTimeoutMs);
        last = await runStatement(ctx, c, sql, parameters, fetchType, settings);
        clearTimeout(timer);
        if (last) outputs.push(last);
        if (stopped) break;
      }
      if (afterSQL) {
        timer = setTimeout(() => stop("timeout"), settings.queryTimeoutMs);
        await runStatement(ctx, c, afterSQL, parameters, "NONE", settings);
        clearTimeout(timer);
      }
      if (inTransaction) {
        await c.commit();
        inTransaction = false;
      }
      const extra: Record<string, unknown> = {};
      if (dbFile && isTrue(p.outputDbFile)) {
        extra.databaseUri = await ctx.storage.put(`${ctx.folder}/${path.basename(dbFile)}`, await fsp.readFile(/*turbopackIgnore: true*/ dbFile));
      }
      if (kind === "Queries") return { outputs: { outputs, ...extra } };
      return { outputs: { ...(last ?? { row: null }), ...extra } };
    } catch (e) {
      clearTimeout(timer);
      if (inTransaction && conn && !stopped) await conn.rollback().catch(() => undefined);
      if (stopped === "kill") throw new TaskFailure("The query was cancelled: the task was killed");
      if (stopped === "timeout")
        throw new TaskFailure(`The query ran longer than ${settings.queryTimeoutMs} ms (setting TENANTFLOW_JDBC_QUERY_TIMEOUT_MS) and was cancelled`);
      if (e instanceof TaskFailure) throw new TaskFailure(hide(e.message));
      throw new TaskFailure(hide(driverMessage(e)));
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      if (conn && !closing) await conn.close().catch(() => undefined);
      if (ownDir) await fsp.rm(ownDir, { recursive: true, force: true });
    }
  };
}

export const JDBC_RUNNERS: Readonly<Record<string, TaskRunner>> = Object.fromEntries(
  DRIVERS.flatMap((d) => (["Query", "Queries"] as const).map((k) => [`${JDBC}.${d}.${k}`, jdbcTask(d, k)])),
);
