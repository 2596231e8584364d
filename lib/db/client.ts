import crypto from "node:crypto";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient, Prisma } from "@/generated/postgresql/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { config, isPostgres } from "../config";

// One code base, two databases: DATABASE_URL decides at run time. Both generated clients come
// from the same models, so their APIs match; the SQLite one is typed as the PostgreSQL one.
export type Db = PgClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

// Generous: a transaction may wait behind others for the database (SQLite has one writer).
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

// Statements sent to the database by this process, for the statement-budget tests (an N+1 guard
// that counts statements, not time): every SQLite statement passes the prepare cache below, every
// PostgreSQL statement a pooled connection's query().
const counter = { statements: 0 };
export const statementsRun = () => counter.statements;

// The row-level-security scope statements of a tenant-bound client (lib/db/tenant.ts) are not
// counted: their cost is measured by the benchmark instead. They start with this marker; the
// transaction a single scoped statement is wrapped in is taken off the count by its sender.
export const SCOPE_MARKER = "/* tenant scope */";
export function uncount(statements: number) {
  counter.statements -= statements;
}

const counted = new WeakSet<pg.PoolClient>();

// PostgreSQL plans an unnamed statement again on every execution, and for the gate's and the
// search's joins planning costs several times the execution (the gate: about 4 ms to plan, 0.6 ms
// to run). A parameterized statement is therefore prepared under a name derived from its text, once
// per connection, so its plan is cached (custom plans first, then a generic one when it is no worse,
// as PostgreSQL decides). At most PREPARED_PER_CONNECTION texts are named per connection; the rest
// run unnamed as before.
const PREPARED_PER_CONNECTION = 500;
const prepared = new WeakMap<pg.PoolClient, Set<string>>();

function withName(client: pg.PoolClient, arg: unknown): unknown {
  if (!arg || typeof arg !== "object") return arg;
  const config = arg as { text?: string; name?: string; values?: unknown[] };
  if (config.name || typeof config.text !== "string" || !config.values?.length) return arg;
  const names = prepared.get(client) ?? new Set<string>();
  prepared.set(client, names);
  const name = `tf_${crypto.createHash("sha1").update(config.text).digest("hex").slice(0, 20)}`;
  if (!names.has(name)) {
    if (names.size >= PREPARED_PER_CONNECTION) return arg;
    names.add(name);
  }
  return { ...config, name };
}

function countQueries(client: pg.PoolClient) {
  if (counted.has(client)) return;
  counted.add(client);
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const sql = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (!sql?.startsWith(SCOPE_MARKER)) counter.statements++;
    return query(withName(client, args[0]), ...args.slice(1));
  };
}

class CountingPool extends pg.Pool {
  // pg-pool's own query() goes through connect(callback), so single queries are covered too
  connect(): Promise<pg.PoolClient>;
  connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    const ready = super.connect().then((client) => {
      countQueries(client);
      return client;
    });
    if (!callback) return ready;
    ready.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (err: Error) => callback(err, undefined, () => {}),
    );
  }
}

// SQLite: the driver adapter prepares every statement again on each call, which for the flow
// search's many-parameter queries costs as much as running them. The connection's prepare() is
// given a cache of statements by SQL text (bounded, least recently used out); the parameters of a
// call are passed when it runs instead of bound to the shared statement. The adapter uses a
// prepared statement as prepare(sql).bind(args), then reader, columns(), raw().all() or run().
type Statement = {
  reader: boolean;
  columns(): unknown[];
  raw(on?: boolean): Statement;
  all(...args: unknown[]): unknown[];
  run(...args: unknown[]): unknown;
};
const STATEMENT_CACHE_SIZE = 500;

function cacheStatements(connection: { prepare(sql: string): Statement }) {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, Statement>();
  connection.prepare = (sql: string) => {
    counter.statements++;
    let stmt = cache.get(sql);
    if (stmt) cache.delete(sql);
    else stmt = prepare(sql);
    cache.set(sql, stmt); // most recently used last
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    const shared = stmt;
    const call = (args: unknown[]) => ({
      reader: shared.reader,
      columns: () => shared.columns(),
      raw: () => ({ all: () => shared.raw(true).all(...args) }),
      run: () => shared.run(...args),
    });
    // BEGIN and the like are prepared and run without bind()
    return { ...call([]), bind: (args: unknown[]) => call(args) } as unknown as Statement;
  };
}

// SQLite runs each statement synchronously on the event loop, and the driver adapter answers at
// once, so a request's statements and the JavaScript between them run as one unbroken piece, and a
// turn of the loop that finds 32 requests ready serves all of them (32 × ~5 ms) before it polls
// again. Node accepts one new connection per turn (libuv 1.46 calls accept() once each time the
// listening socket is ready: seen with strace), so under load new connections waited through one
// long turn each: their first responses took 1–4 s at 32 connections (docs/benchmarks.md, "The
// SQLite p99 outliers"). Statements outside a transaction therefore take turns: each waits for a
// turn of its own (one per check phase, in order of arrival), so a turn runs one statement and the
// JavaScript up to its request's next one, and the loop polls its sockets in between. A
// transaction's statements do not wait: the transaction holds the adapter's lock until it ends.
const turns: (() => void)[] = [];
let turnArmed = false;
function nextTurn() {
  const run = turns.shift();
  if (turns.length > 0) setImmediate(nextTurn);
  else turnArmed = false;
  run?.();
}
/** Resolves in a later turn of the event loop than the statements that asked before it. */
export function statementTurn(): Promise<void> {
  return new Promise((resolve) => {
    turns.push(resolve);
    if (!turnArmed) {
      turnArmed = true;
      setImmediate(nextTurn);
    }
  });
}

type Queryable = { queryRaw(q: unknown): Promise<unknown>; executeRaw(q: unknown): Promise<unknown> };

function sqliteAdapter(url: string) {
  const factory = new PrismaBetterSqlite3({ url, timeout: 15_000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    cacheStatements((adapter as unknown as { client: { prepare(sql: string): Statement } }).client);
    const top = adapter as unknown as Queryable;
    const queryRaw = top.queryRaw.bind(adapter);
    const executeRaw = top.executeRaw.bind(adapter);
    top.queryRaw = async (q) => {
      await statementTurn();
      return queryRaw(q);
    };
    top.executeRaw = async (q) => {
      await statementTurn();
      return executeRaw(q);
    };
    return adapter;
  };
  return factory;
}

function createClient(): Db {
  const url = config().databaseUrl;
  if (isPostgres(url)) {
    const pool = new CountingPool({ connectionString: url });
    // A connection's error between two queries (the server shut down or restarted) is emitted on
    // the connection: the pool listens while it is idle and the driver adapter while a transaction
    // holds it, but not in between (a new connection handed out in the same read as the server's
    // "terminating connection"), and an 'error' nobody listens to ends the process. The connection
    // is unusable after it: the next query on it fails and the pool drops it when it comes back.
    pool.on("connect", (client) => client.on("error", () => undefined));
    // the pool is the client's own: $disconnect ends it (else idle connections keep a CLI alive)
    return new PgClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), transactionOptions });
  }
  // a relative file: URL is relative to the working directory of the process
  return new SqliteClient({
    adapter: sqliteAdapter(url),
    transactionOptions,
  }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { __tenantflowDb?: Db };

export function getDb(): Db {
  globalForDb.__tenantflowDb ??= createClient();
  return globalForDb.__tenantflowDb;
}

/**
 * The raw client, lazily created so that importing a module never opens a connection. It reads
 * across tenants: only instance-level modules use it (eslint.config.mjs lists them); tenant data
 * goes through tenantDb (lib/db/tenant.ts).
 */
export const db: Db = new Proxy({} as Db, {
  get(_t, prop) {
    const client = getDb() as unknown as Record<PropertyKey, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export async function disconnectDb() {
  if (globalForDb.__tenantflowDb) {
    await globalForDb.__tenantflowDb.$disconnect();
    globalForDb.__tenantflowDb = undefined;
  }
}

/** True when the error is a unique-constraint violation (a duplicate). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
