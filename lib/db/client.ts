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
/** The scope of one statement that only reads (see "Row-level security in one round trip"). */
export const SCOPE_READ_MARKER = `${SCOPE_MARKER} /* one read */`;
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

// Row-level security in one round trip. A tenant-bound statement is sent in a transaction with its
// scope (lib/db/tenant.ts), and the driver adapter sends BEGIN, the scope's set_config and the
// statement one after the other, each waiting for the answer to the one before. Here they are
// written to the connection together as one pipeline of the extended protocol, closed by a single
// Sync, and answered together: PostgreSQL runs them in order and, if one fails, skips everything
// after it up to the Sync, so the statement never runs without its transaction or its scope.
// - A raw statement of a tenant-bound client names its tenant in a leading comment (scopeTag), and
//   runs outside any transaction: BEGIN, the scope, the statement and COMMIT go as one pipeline.
// - A model operation (a Prisma transaction of the scope and the statement): BEGIN and the scope are
//   answered at once and sent in front of the transaction's first statement. Its COMMIT is waited
//   for, unless the transaction is a single read (scope marked SCOPE_READ_MARKER, every statement a
//   plain SELECT that takes no lock and calls nothing with an effect): such a commit has nothing to
//   make durable, so it is written and not waited for, and whatever the connection runs next is
//   queued behind it.
type Step = { text: string; values: unknown[] };
type Deferred = { before: Step[]; read: boolean; readOnly: boolean };
const transactions = new WeakMap<object, Deferred>();
const PLAIN_SELECT = /^\s*SELECT\b/i;
const EFFECTS = /\bFOR\s+(UPDATE|NO\s+KEY\s+UPDATE|SHARE|KEY\s+SHARE)\b|\bpg_notify\b|\bpg_advisory|\bnextval\b|\bsetval\b|\bset_config\b/i;
const emptyResult = (command: string) => ({ command, rowCount: 0, rows: [], fields: [], oid: null });
const noop = () => undefined;

const SCOPE_TAG = "/* tenantflow:scope ";
const TAGGABLE = /^[A-Za-z0-9._-]{1,200}$/;
/** SQL of the scope of one tenant's statement (marked as a read or not), its tenant as $1. */
export const scopeSql = (read = false) =>
  `${read ? SCOPE_READ_MARKER : SCOPE_MARKER} SELECT set_config('role', 'tenantflow_tenant', true), set_config('tenantflow.tenant', $1, true)`;

/** The comment that makes a raw statement run in one tenant's scope, or null when the id cannot be carried in one. */
export function scopeTag(tenantId: string): string | null {
  return TAGGABLE.test(tenantId) ? `${SCOPE_TAG}${tenantId} */ ` : null;
}

/** The tenant a statement's text names in its scope tag, and the text without it. */
export function readScopeTag(text: string): { tenantId: string; text: string } | null {
  if (!text.startsWith(SCOPE_TAG)) return null;
  const end = text.indexOf(" */ ", SCOPE_TAG.length);
  const tenantId = end < 0 ? "" : text.slice(SCOPE_TAG.length, end);
  if (!TAGGABLE.test(tenantId)) throw new Error("A statement's scope tag does not name a tenant");
  return { tenantId, text: text.slice(end + 4) };
}

type Wire = {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(q: { text: string; name?: string; types?: unknown[] }): void;
  bind(c: { portal?: string; statement?: string; values?: unknown[]; binary?: boolean }): void;
  describe(m: { type: "P"; name: string }): void;
  execute(c: { portal?: string }): void;
  sync(): void;
};
type QueryInternals = {
  text: string;
  name?: string;
  values?: unknown[];
  types?: unknown;
  binary?: boolean;
  callback?: (err: Error | null, res?: unknown) => void;
  hasBeenParsed(c: Wire): boolean;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, c: Wire): void;
  handleEmptyQuery(c: Wire): void;
};
const { prepareValue } = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils;

/**
 * A statement with the steps that must run before it (and COMMIT after it, when `commit`), written
 * as one pipeline with one Sync; it answers with the statement's own result or the first error.
 */
class PipelinedQuery extends pg.Query {
  private done = 0; // results seen so far: the steps' first, then the statement's
  constructor(config: object, readonly before: Step[], readonly commit: boolean) {
    super(config as pg.QueryConfig);
  }

  submit = (wire: pg.Connection): Error | null => {
    const connection = wire as unknown as Wire;
    const q = this as unknown as QueryInternals;
    const previous = q.name && (connection.parsedStatements[q.name] || connection.submittedNamedStatements[q.name]);
    if (previous && previous !== q.text) return new Error(`Prepared statements must be unique - '${q.name}' was used for a different statement`);
    let values: unknown[];
    let steps: { text: string; values: unknown[] }[];
    try {
      values = (q.values ?? []).map(prepareValue);
      steps = this.before.map((step) => ({ text: step.text, values: step.values.map(prepareValue) }));
    } catch (e) {
      return e as Error;
    }
    const step = (text: string, stepValues: unknown[]) => {
      connection.parse({ text, types: [] });
      connection.bind({ values: stepValues });
      connection.execute({});
    };
    connection.stream.cork?.();
    try {
      // a named statement is parsed first, so that the connection's first "parse complete" is its own
      if (q.name && !q.hasBeenParsed(connection)) {
        connection.parse({ text: q.text, name: q.name, types: q.types as unknown[] });
        connection.submittedNamedStatements[q.name] = q.text;
      }
      for (const s of steps) step(s.text, s.values);
      if (!q.name) connection.parse({ text: q.text, types: q.types as unknown[] });
      connection.bind({ statement: q.name ?? "", values, binary: q.binary });
      connection.describe({ type: "P", name: "" });
      connection.execute({});
      if (this.commit) step("COMMIT", []);
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  };

  // the steps' rows and results are not the statement's; the statement is the only one described
  handleDataRow(msg: unknown) {
    if (this.done === this.before.length) (pg.Query.prototype as unknown as QueryInternals).handleDataRow.call(this, msg);
  }
  handleCommandComplete(msg: unknown, connection: Wire) {
    if (this.done++ === this.before.length) (pg.Query.prototype as unknown as QueryInternals).handleCommandComplete.call(this, msg, connection);
  }
  handleEmptyQuery(connection: Wire) {
    if (this.done++ === this.before.length) (pg.Query.prototype as unknown as QueryInternals).handleEmptyQuery.call(this, connection);
  }
}

/** Sends a query, with the steps to pipeline before it and whether COMMIT follows it. */
type Send = (config: { text: string; values?: unknown[] }, before?: Step[], commit?: boolean) => Promise<unknown>;

/** One of the driver adapter's queries on `client` (exported for its unit test). */
export function routeQuery(client: object, send: Send, config: { text: string; values?: unknown[] }): Promise<unknown> {
  const tagged = readScopeTag(config.text);
  const open = transactions.get(client);
  if (tagged) {
    if (open) return Promise.reject(new Error("A tenant-scoped statement cannot run inside another transaction"));
    const scope = { text: scopeSql(), values: [tagged.tenantId] };
    return send({ ...config, text: tagged.text }, [{ text: "BEGIN", values: [] }, scope], true);
  }
  if (!open) {
    if (config.text !== "BEGIN") return send(config);
    transactions.set(client, { before: [{ text: "BEGIN", values: [] }], read: false, readOnly: true });
    return Promise.resolve(emptyResult("BEGIN"));
  }
  const sql = config.text.trim();
  if (sql.startsWith(SCOPE_MARKER) && open.before.length > 0) {
    open.before.push({ text: sql, values: config.values ?? [] });
    open.read = sql.startsWith(SCOPE_READ_MARKER);
    return Promise.resolve(emptyResult("SELECT"));
  }
  if (sql === "COMMIT" || sql === "ROLLBACK") {
    transactions.delete(client);
    // nothing was sent: the transaction never began on the server
    if (open.before.length > 0) return Promise.resolve(emptyResult(sql));
    if (sql === "COMMIT" && open.read && open.readOnly) {
      send(config).catch(noop);
      return Promise.resolve(emptyResult(sql));
    }
    return send(config);
  }
  if (!PLAIN_SELECT.test(sql) || EFFECTS.test(sql)) open.readOnly = false;
  if (open.before.length === 0) return send(config);
  const before = open.before;
  open.before = [];
  return send(config, before);
}

function countQueries(client: pg.PoolClient) {
  if (counted.has(client)) return;
  counted.add(client);
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  const send: Send = (config, before = [], commit = false) => {
    const named = withName(client, config) as object;
    if (before.length === 0 && !commit) return query(named) as Promise<unknown>;
    const pipelined = new PipelinedQuery(named, before, commit);
    return new Promise((resolve, reject) => {
      (pipelined as unknown as QueryInternals).callback = (err, res) => (err ? reject(err) : resolve(res));
      query(pipelined);
    });
  };
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const config = args[0] as { text?: string; values?: unknown[] } | string | undefined;
    const sql = typeof config === "string" ? config : config?.text;
    if (!sql?.startsWith(SCOPE_MARKER)) counter.statements++;
    if (typeof config !== "object" || typeof sql !== "string" || "submit" in config) return query(withName(client, config), ...args.slice(1));
    // the driver adapter's own calls: a promise in a transaction, a callback through the pool
    const callback = args.find((a) => typeof a === "function") as ((err: Error | null, res?: unknown) => void) | undefined;
    const answer = routeQuery(client, send, { ...config, text: sql });
    if (!callback) return answer;
    answer.then((res) => callback(null, res), (err: Error) => callback(err));
    return undefined;
  };
}

class CountingPool extends pg.Pool {
  // pg-pool's own query() goes through connect(callback), so single queries are covered too
  connect(): Promise<pg.PoolClient>;
  connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    const ready = super.connect().then((client) => {
      countQueries(client);
      transactions.delete(client); // a connection always comes out of the pool outside a transaction
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
