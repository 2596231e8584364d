import net from "node:net";
import Database from "better-sqlite3";
import mysql from "mysql2";
import pg from "pg";
import { resolveAllowed } from "../../lib/plugins/network";
import { TaskFailure } from "../../lib/executions/tasks/types";
import { SqlDecimal, bigInteger, dateFromText, localFromText, zonedFromText } from "./convert";
import type { ServerUrl } from "./url";

// One connection to a database, whatever the driver: statements run one at a time, their rows are
// handed over one by one (never all held by the driver), and a running statement can be cancelled
// (PostgreSQL's cancel request, MySQL's KILL QUERY) before the connection is closed.

export type Row = Record<string, unknown>;
export type RunResult = { hasResult: boolean };

export interface Connection {
  /** `?` placeholders are the driver's own ($1.. for PostgreSQL) through `placeholder` */
  placeholder(index: number): string;
  /** runs one statement; `onRow` may throw to stop it (the statement is cancelled, the error rethrown) */
  run(sql: string, params: unknown[], onRow: (row: Row) => void): Promise<RunResult>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** stops the running statement, if any (best effort) */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export type ServerOptions = {
  url: ServerUrl;
  user: string | null;
  password: string | null;
  zone: string;
  connectTimeoutMs: number;
  /** PostgreSQL's ssl properties of the task */
  ssl?: { enabled: boolean; verify: boolean; ca?: string; cert?: string; key?: string; passphrase?: string };
};

const noop = () => undefined;

/** The address to connect to: the host's, checked against the instance's network policy. */
async function address(host: string): Promise<string> {
  const addresses = await resolveAllowed(host);
  return addresses[0].address;
}

// ---- PostgreSQL ----------------------------------------------------------------------------

const PG = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184, TIME: 1083, TIMETZ: 1266, INTERVAL: 1186 } as const;
const RAW = new Set<number>([PG.INT8, PG.NUMERIC, PG.DATE, PG.TIMESTAMP, PG.TIMESTAMPTZ, PG.TIME, PG.TIMETZ]);

type PgInterval = { years?: number; months?: number; days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number };

function pgValue(oid: number, value: unknown, zone: string): unknown {
  if (value === null || value === undefined) return null;
  switch (oid) {
    case PG.INT8:
      return bigInteger(String(value));
    case PG.NUMERIC:
      return /^-?\d+(\.\d+)?$/.test(String(value)) ? new SqlDecimal(String(value)) : String(value);
    case PG.DATE:
      return dateFromText(String(value));
    case PG.TIMESTAMP:
      return localFromText(String(value));
    case PG.TIMESTAMPTZ:
      return zonedFromText(String(value), zone);
    case PG.TIME:
    case PG.TIMETZ:
      return String(value).replace(/[+-]\d\d(:\d\d)?$/, "");
    case PG.INTERVAL: {
      // as the orchestrator writes it: P{y}Y{m}M{d}DT{h}H{m}M{s}S
      const i = value as PgInterval;
      return `P${i.years ?? 0}Y${i.months ?? 0}M${i.days ?? 0}DT${i.hours ?? 0}H${i.minutes ?? 0}M${i.seconds ?? 0}S`;
    }
  }
  return value;
}

/** Sends PostgreSQL's cancel request for the backend `pid` (a new connection to the same address). */
function pgCancelRequest(host: string, port: number, pid: number, secret: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      const packet = Buffer.alloc(16);
      packet.writeInt32BE(16, 0);
      packet.writeInt32BE(80877102, 4);
      packet.writeInt32BE(pid, 8);
      packet.writeInt32BE(secret, 12);
      socket.end(packet);
    });
    socket.setTimeout(5000, () => socket.destroy());
    socket.on("close", () => resolve());
    socket.on("error", noop);
  });
}

export async function connectPostgres(o: ServerOptions): Promise<Connection> {
  const ip = await address(o.url.host);
  const ssl = o.ssl?.enabled
    ? { servername: net.isIP(o.url.host) ? undefined : o.url.host, rejectUnauthorized: o.ssl.verify, ca: o.ssl.ca, cert: o.ssl.cert, key: o.ssl.key, passphrase: o.ssl.passphrase }
    : false;
  const client = new pg.Client({
    host: ip,
    port: o.url.port,
    user: o.user ?? undefined,
    password: o.password ?? undefined,
    database: o.url.database ?? undefined,
    ssl,
    connectionTimeoutMillis: o.connectTimeoutMs,
    application_name: o.url.options.applicationname ?? "tenantflow",
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (RAW.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format ?? "text"))) as typeof pg.types.getTypeParser },
  });
  client.on("error", noop);
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  const backend = client as unknown as { processID: number; secretKey: number };
  let running = false;
  return {
    placeholder: (i) => `$${i}`,
    run: (sql, params, onRow) =>
      new Promise((resolve, reject) => {
        let failed: unknown = null;
        let fields: { name: string; dataTypeID: number }[] | null = null;
        const query = new pg.Query({ text: sql, values: params.length ? params : undefined });
        running = true;
        query.on("row", (row: Row, result?: { fields: { name: string; dataTypeID: number }[] }) => {
          if (failed) return;
          fields ??= result?.fields ?? [];
          const out: Row = {};
          for (const f of fields) out[f.name] = pgValue(f.dataTypeID, row[f.name], o.zone);
          try {
            onRow(out);
          } catch (e) {
            failed = e;
            void pgCancelRequest(ip, o.url.port, backend.processID, backend.secretKey);
          }
        });
        query.on("end", (result: { fields?: unknown[] }) => {
          running = false;
          if (failed) reject(failed);
          else resolve({ hasResult: (result?.fields?.length ?? 0) > 0 });
        });
        query.on("error", (e: Error) => {
          running = false;
          reject(failed ?? e);
        });
        client.query(query);
      }),
    begin: async () => void (await client.query("BEGIN")),
    commit: async () => void (await client.query("COMMIT")),
    rollback: async () => void (await client.query("ROLLBACK")),
    cancel: async () => {
      if (running) await pgCancelRequest(ip, o.url.port, backend.processID, backend.secretKey);
    },
    close: async () => {
      await client.end().catch(noop);
    },
  };
}

// ---- MySQL / MariaDB ------------------------------------------------------------------------

type MysqlField = { type: string; string(): string | null; buffer(): Buffer | null };

const mysqlTypeCast = (zone: string) => (field: MysqlField, next: () => unknown) => {
  switch (field.type) {
    case "NEWDECIMAL":
    case "DECIMAL": {
      const s = field.string();
      return s === null ? null : new SqlDecimal(s);
    }
    case "LONGLONG": {
      const s = field.string();
      return s === null ? null : bigInteger(s);
    }
    case "DATE": {
      const s = field.string();
      return s === null ? null : dateFromText(s);
    }
    case "DATETIME": {
      const s = field.string();
      return s === null ? null : localFromText(s);
    }
    case "TIMESTAMP": {
      // the session's time zone is UTC
      const s = field.string();
      return s === null ? null : zonedFromText(`${s}Z`, zone);
    }
    case "JSON": {
      const s = field.string();
      if (s === null) return null;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        return s;
      }
    }
  }
  return next();
};

type MysqlConnection = mysql.Connection & { threadId: number | null };

function mysqlConnect(options: mysql.ConnectionOptions): Promise<MysqlConnection> {
  return new Promise((resolve, reject) => {
    const conn = mysql.createConnection(options) as MysqlConnection;
    conn.on("error", noop);
    conn.connect((err) => (err ? reject(err) : resolve(conn)));
  });
}

export async function connectMysql(o: ServerOptions): Promise<Connection> {
  const ip = await address(o.url.host);
  const opts = o.url.options;
  const sslMode = (opts.sslmode ?? "").toLowerCase().replace(/_/g, "-");
  const sslOn = opts.usessl === "true" || opts.usessl === "1" || ["required", "require", "verify-ca", "verify-identity", "verify-full", "trust"].includes(sslMode);
  const verify = ["verify-ca", "verify-identity", "verify-full"].includes(sslMode);
  const options: mysql.ConnectionOptions = {
    // the name (TLS checks it), and a socket to the address the network policy allowed
    host: o.url.host,
    stream: () => net.connect({ host: ip, port: o.url.port }),
    port: o.url.port,
    user: o.user ?? undefined,
    password: o.password ?? undefined,
    database: o.url.database ?? undefined,
    connectTimeout: o.connectTimeoutMs,
    timezone: "Z",
    multipleStatements: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    typeCast: mysqlTypeCast(o.zone) as mysql.ConnectionOptions["typeCast"],
    ...(sslOn ? { ssl: { rejectUnauthorized: verify, verifyIdentity: verify && sslMode !== "verify-ca" } } : {}),
  };
  const conn = await mysqlConnect(options);
  await new Promise<void>((resolve, reject) => conn.query("SET time_zone = '+00:00'", (e) => (e ? reject(e) : resolve())));
  let running = false;
  const simple = (sql: string) => new Promise<void>((resolve, reject) => conn.query(sql, (e) => (e ? reject(e) : resolve())));
  const kill = async () => {
    // KILL QUERY from a second connection, as the JDBC driver's Statement.cancel does
    const threadId = conn.threadId;
    if (threadId === null) return;
    const other = await mysqlConnect({ ...options, typeCast: undefined }).catch(() => null);
    if (!other) return;
    await new Promise<void>((resolve) => other.query(`KILL QUERY ${Number(threadId)}`, () => resolve()));
    other.destroy();
  };
  return {
    placeholder: () => "?",
    run: (sql, params, onRow) =>
      new Promise((resolve, reject) => {
        let failed: unknown = null;
        let hasResult = false;
        running = true;
        const values = params.map((v) => (v !== null && typeof v === "object" && !Array.isArray(v) && !Buffer.isBuffer(v) ? JSON.stringify(v) : v));
        const query = conn.query({ sql, values });
        query.on("fields", () => {
          hasResult = true;
        });
        query.on("result", (row: unknown) => {
          if (failed || !hasResult) return;
          try {
            onRow(row as Row);
          } catch (e) {
            failed = e;
            void kill();
          }
        });
        query.on("error", (e: Error) => {
          running = false;
          reject(failed ?? e);
        });
        query.on("end", () => {
          if (!running) return;
          running = false;
          if (failed) reject(failed);
          else resolve({ hasResult });
        });
      }),
    begin: () => simple("START TRANSACTION"),
    commit: () => simple("COMMIT"),
    rollback: () => simple("ROLLBACK"),
    cancel: async () => {
      if (running) await kill();
    },
    close: async () => {
      conn.destroy();
    },
  };
}

// ---- SQLite ---------------------------------------------------------------------------------

/** A SQLite database file (or in memory when `file` is null); statements run on the worker's thread. */
export function connectSqlite(file: string | null, busyTimeoutMs: number): Connection {
  const db = new Database(file ?? ":memory:", { timeout: busyTimeoutMs });
  const bind = (v: unknown) =>
    v === true ? 1 : v === false ? 0 : v !== null && typeof v === "object" && !Buffer.isBuffer(v) && !(v instanceof Uint8Array) ? JSON.stringify(v) : v;
  const exec = (sql: string) => {
    db.exec(sql);
  };
  return {
    placeholder: () => "?",
    run: async (sql, params, onRow) => {
      const stmt = db.prepare(sql);
      const values = params.map(bind);
      if (!stmt.reader) {
        stmt.run(...values);
        return { hasResult: false };
      }
      stmt.safeIntegers(true);
      for (const row of stmt.iterate(...values) as Iterable<Row>) {
        const out: Row = {};
        for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? bigInteger(v) : v;
        onRow(out);
      }
      return { hasResult: true };
    },
    begin: async () => exec("BEGIN"),
    commit: async () => exec("COMMIT"),
    rollback: async () => {
      if (db.inTransaction) exec("ROLLBACK");
    },
    cancel: async () => undefined,
    close: async () => {
      db.close();
    },
  };
}

export function driverMessage(e: unknown): string {
  if (e instanceof TaskFailure) return e.message;
  const err = e as { message?: string; code?: string; sqlMessage?: string };
  return err.sqlMessage ?? err.message ?? String(e);
}
