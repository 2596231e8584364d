import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient, Prisma } from "@/generated/postgresql/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { config, isPostgres } from "./config";

// One code base, two databases: DATABASE_URL decides at run time. Both generated clients come
// from the same models, so their APIs match; the SQLite one is typed as the PostgreSQL one.
export type Db = PgClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

// Generous: a transaction may wait behind others for the database (SQLite has one writer).
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

function createClient(): Db {
  const url = config().databaseUrl;
  if (isPostgres(url)) {
    return new PgClient({ adapter: new PrismaPg({ connectionString: url }), transactionOptions });
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
