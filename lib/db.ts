import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient, Prisma } from "@/generated/postgresql/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { config, isPostgres } from "./config";
import { currentTenantScope } from "./tenant-scope";

// One code base, two databases: DATABASE_URL decides at run time. Both generated clients come
// from the same models, so their APIs match; the SQLite one is typed as the PostgreSQL one.
export type Db = PgClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

// Generous: a transaction may wait behind others for the database (SQLite has one writer).
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

// Row-level security (prisma/postgresql/migrations/*_pg_row_level_security): inside a tenant's
// scope (lib/tenant-scope.ts) every statement runs in a transaction that first switches to the
// policy-bound role and names the tenant, so a query that forgot its tenant filter still sees
// only that tenant's rows. Both settings are transaction-local and vanish at COMMIT/ROLLBACK.
const scopeSql = (tenantId: string) =>
  Prisma.sql`SELECT set_config('role', 'tenantflow_tenant', true), set_config('tenantflow.tenant', ${tenantId}, true)`;

function withRowLevelSecurity(base: PgClient): Db {
  const extended = base.$extends({
    query: {
      // every model operation and raw query; one already inside a transaction was scoped when
      // the transaction began (below)
      $allOperations({ args, query, ...rest }) {
        const tenantId = currentTenantScope();
        const internal = (rest as { __internalParams?: { transaction?: unknown } }).__internalParams;
        if (!tenantId || internal?.transaction) return query(args);
        return base.$transaction([base.$executeRaw(scopeSql(tenantId)), query(args)]).then(([, result]) => result);
      },
    },
  }) as unknown as Db;
  const transaction = (arg: unknown, options?: unknown) => {
    const tenantId = currentTenantScope();
    const run = (extended.$transaction as (a: unknown, o?: unknown) => Promise<unknown>).bind(extended);
    if (!tenantId) return run(arg, options);
    if (typeof arg === "function") {
      return run(async (tx: Tx) => {
        await tx.$executeRaw(scopeSql(tenantId));
        return (arg as (tx: Tx) => Promise<unknown>)(tx);
      }, options);
    }
    const batch = [extended.$executeRaw(scopeSql(tenantId)), ...(arg as unknown[])];
    return run(batch, options).then((results) => (results as unknown[]).slice(1));
  };
  return new Proxy(extended, {
    get: (target, prop, receiver) => (prop === "$transaction" ? transaction : Reflect.get(target, prop, receiver)),
  });
}

function createClient(): Db {
  const url = config().databaseUrl;
  if (isPostgres(url)) {
    const client = new PgClient({ adapter: new PrismaPg({ connectionString: url }), transactionOptions });
    return config().pgRls === "on" ? withRowLevelSecurity(client) : client;
  }
  // a relative file: URL is relative to the working directory of the process
  return new SqliteClient({
    adapter: new PrismaBetterSqlite3({ url, timeout: 15_000 }),
    transactionOptions,
  }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { __tenantflowDb?: Db };

export function getDb(): Db {
  globalForDb.__tenantflowDb ??= createClient();
  return globalForDb.__tenantflowDb;
}

/** Lazily created so that importing a module never opens a connection. */
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
