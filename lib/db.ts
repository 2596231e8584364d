import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient, Prisma } from "@/generated/postgresql/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { config, isPostgres } from "./config";
import { currentTenantScope } from "./tenant-scope";

// One code base, two databases: DATABASE_URL decides at run time. Both generated clients come
// from the same models, so their APIs match; the SQLite one is typed as the PostgreSQL one.
export type Db = PgClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

// Generous: a transaction may wait behind others for the database (SQLite has one writer).
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

// Row-level security (prisma/postgresql/migrations/*_pg_row_level_security): every connection is
// handed to a query or a transaction for the tenant scope (lib/tenant-scope.ts) of the code that
// asked for it. Inside a tenant's scope, the connection first switches to the policy-bound role and
// names the tenant, so a query that forgot its tenant filter still sees only that tenant's rows;
// outside any scope it is back to its own role. A connection remembers what it was last set to,
// so the switch costs a round trip only when the pooled connection changes hands between scopes.
// The scope is read when the connection is asked for, in the caller's async context.
const scopeOf = new WeakMap<pg.PoolClient, string | null>();

// Statements sent to the database by this process, for the statement-budget tests (an N+1 guard
// that counts statements, not time): every SQLite statement passes the prepare cache below, every
// PostgreSQL statement a pooled connection's query().
const counter = { statements: 0 };
export const statementsRun = () => counter.statements;
// the scope switches of row-level security are not counted: they depend on which pooled connection
// a statement gets, and their cost is measured by the benchmark instead
const uncounted = new WeakMap<pg.PoolClient, (...a: unknown[]) => unknown>();

function countQueries(client: pg.PoolClient) {
  if (uncounted.has(client)) return;
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  uncounted.set(client, query);
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
    counter.statements++;
    return query(...args);
  };
}

async function applyScope(client: pg.PoolClient, tenantId: string | null) {
  if ((scopeOf.get(client) ?? null) === tenantId) return;
  scopeOf.delete(client); // unknown until the switch succeeds
  const query = uncounted.get(client) ?? client.query.bind(client);
  if (tenantId) {
    await query("SELECT set_config('role', 'tenantflow_tenant', false), set_config('tenantflow.tenant', $1, false)", [tenantId]);
  } else {
    await query("RESET ROLE; RESET tenantflow.tenant");
  }
  scopeOf.set(client, tenantId);
}

class TenantScopedPool extends pg.Pool {
  // pg-pool's own query() goes through connect(callback), so single queries are covered too
  connect(): Promise<pg.PoolClient>;
  connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    const tenantId = currentTenantScope();
    const ready = super.connect().then(async (client) => {
      countQueries(client);
      try {
        await applyScope(client, tenantId);
      } catch (e) {
        client.release(e instanceof Error ? e : true); // a connection in an unknown state is not reused
        throw e;
      }
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

function sqliteAdapter(url: string) {
  const factory = new PrismaBetterSqlite3({ url, timeout: 15_000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    cacheStatements((adapter as unknown as { client: { prepare(sql: string): Statement } }).client);
    return adapter;
  };
  return factory;
}

function createClient(): Db {
  const url = config().databaseUrl;
  if (isPostgres(url)) {
    const pool = config().pgRls === "on" ? new TenantScopedPool({ connectionString: url }) : new pg.Pool({ connectionString: url });
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

// Prisma batches the findUnique calls that start in one tick into one statement, run in the async
// context of whichever call came first: on PostgreSQL that is one connection in one tenant scope,
// so a call made in another scope would be answered by the wrong row-level-security wall. Outside
// transactions (inside one, every call shares the transaction's scope) a findUnique therefore runs
// as the equivalent findFirst, which is never batched. A compound unique key
// `{ tenantId_userId: { tenantId, userId } }` becomes its fields.
type Delegate = Record<string, (args?: unknown) => unknown>;

function flattenUnique(args: unknown): unknown {
  if (!args || typeof args !== "object" || !("where" in args)) return args;
  const { where, ...rest } = args as { where: Record<string, unknown> };
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(where ?? {})) {
    const parts = key.split("_");
    const compound =
      parts.length > 1 && value !== null && typeof value === "object" && !Array.isArray(value) &&
      Object.keys(value).length === parts.length && parts.every((p) => p in (value as object));
    if (compound) Object.assign(flat, value);
    else flat[key] = value;
  }
  return { ...rest, where: flat };
}

const unbatched = new WeakMap<object, Delegate>();

function unbatchedDelegate(delegate: Delegate): Delegate {
  let wrapped = unbatched.get(delegate);
  if (!wrapped) {
    wrapped = new Proxy(delegate, {
      get(target, op) {
        if (op === "findUnique") return (args: unknown) => target.findFirst(flattenUnique(args));
        if (op === "findUniqueOrThrow") return (args: unknown) => target.findFirstOrThrow(flattenUnique(args));
        const value = target[op as string];
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    unbatched.set(delegate, wrapped);
  }
  return wrapped;
}

/** Lazily created so that importing a module never opens a connection. */
export const db: Db = new Proxy({} as Db, {
  get(_t, prop) {
    const client = getDb() as unknown as Record<PropertyKey, unknown>;
    const value = client[prop];
    if (typeof value === "function") return (value as (...a: unknown[]) => unknown).bind(client);
    if (value && typeof value === "object" && typeof (value as Delegate).findUnique === "function") return unbatchedDelegate(value as Delegate);
    return value;
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
