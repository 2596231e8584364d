import { Prisma } from "@/generated/postgresql/client";
import { config, isPostgres } from "../config";
import { type Db, type Tx, getDb, scopeSql, scopeTag, uncount } from "./client";

// Tenant data is reached through a client bound to one tenant: every query on a table with a
// `tenantId` column gets the tenant in its `where` (and in the data it creates), and a caller's
// where or data naming another tenant is refused. Tables without the column (users, tenants,
// tokens, sessions, instance settings) are refused: they are instance-level, read through the raw
// client by the modules eslint.config.mjs lists.
//
// On PostgreSQL with row-level security (prisma/postgresql/migrations/*_pg_row_level_security)
// the tenant-bound client also carries the database's own wall, explicitly: a single statement runs
// in a transaction that first sets the policy-bound role and the tenant with set_config(..., true),
// which last until that transaction ends (Prisma's documented pattern); `$transaction(fn)` sets
// them once as the first statement of its interactive transaction. A raw statement names its
// tenant in a leading comment instead, which the driver turns into the same transaction
// (lib/db/client.ts). Nothing is read from ambient async state, so concurrent requests on one
// pool can never lend each other their scope. The driver sends a transaction's BEGIN and scope
// together with its first statement, in one round trip.

export class TenantScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TenantScopeError";
  }
}

type Args = Record<string, unknown>;
type Delegate = Record<string, (args?: unknown) => Prisma.PrismaPromise<unknown>>;
type TxOptions = { maxWait?: number; timeout?: number; isolationLevel?: Prisma.TransactionIsolationLevel };

/** Models whose table carries a tenantId column (read from the generated client). */
const tenantModels = new Set<string>(
  Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
    return !!fields && "tenantId" in fields;
  }),
);

export const isTenantModel = (model: string) => tenantModels.has(model);

const WHERE = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy",
  "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany",
]);
const CREATE = new Set(["create", "createMany", "createManyAndReturn"]);
const UPDATE = new Set(["update", "updateMany", "updateManyAndReturn"]);

function refuseOther(tenantId: string, value: unknown, what: string) {
  if (value !== undefined && value !== tenantId) {
    throw new TenantScopeError(`A client bound to tenant ${tenantId} refuses ${what} naming another tenant (${JSON.stringify(value)})`);
  }
}

function boundWhere(tenantId: string, where: unknown): Args {
  const w = { ...((where ?? {}) as Args) };
  refuseOther(tenantId, w.tenantId, "a where");
  // compound unique keys: { tenantId_name: { tenantId, name } }
  for (const [key, value] of Object.entries(w)) {
    if (key.includes("_") && key.split("_").includes("tenantId") && value && typeof value === "object") {
      refuseOther(tenantId, (value as Args).tenantId, "a where");
    }
  }
  w.tenantId = tenantId;
  return w;
}

function boundData(tenantId: string, data: unknown): Args {
  const d = { ...((data ?? {}) as Args) };
  refuseOther(tenantId, d.tenantId, "data");
  // data that connects the tenant relation instead of naming the column
  if (d.tenant && typeof d.tenant === "object") {
    refuseOther(tenantId, ((d.tenant as Args).connect as Args | undefined)?.id, "data");
    return d;
  }
  d.tenantId = tenantId;
  return d;
}

function checkUpdate(tenantId: string, data: unknown) {
  const value = (data as Args | undefined)?.tenantId;
  // an update may only keep the row in its tenant
  if (value !== undefined && value !== tenantId && !(value && typeof value === "object" && (value as Args).set === tenantId)) {
    throw new TenantScopeError(`A client bound to tenant ${tenantId} refuses to move a row to another tenant`);
  }
}

/** The operation's arguments bound to the tenant. */
function bindArgs(tenantId: string, model: string | undefined, operation: string, args: unknown): Args {
  if (!model || !tenantModels.has(model)) {
    throw new TenantScopeError(
      `${model ?? "This operation"} is not a tenant table: a tenant-bound client cannot reach it (instance-level data is read through the raw client by the modules eslint.config.mjs lists)`,
    );
  }
  const a = { ...((args ?? {}) as Args) };
  if (WHERE.has(operation)) a.where = boundWhere(tenantId, a.where);
  if (CREATE.has(operation)) a.data = Array.isArray(a.data) ? a.data.map((d) => boundData(tenantId, d)) : boundData(tenantId, a.data);
  if (operation === "upsert") {
    a.create = boundData(tenantId, a.create);
    checkUpdate(tenantId, a.update);
  }
  if (UPDATE.has(operation)) checkUpdate(tenantId, a.data);
  return a;
}

/** `{ tenantId_name: { tenantId, name } }` becomes its fields, for findFirst. */
function flattenUnique(where: Args): Args {
  const flat: Args = {};
  for (const [key, value] of Object.entries(where)) {
    const parts = key.split("_");
    const compound =
      parts.length > 1 && value !== null && typeof value === "object" && !Array.isArray(value) &&
      Object.keys(value).length === parts.length && parts.every((p) => p in (value as object));
    if (compound) Object.assign(flat, value);
    else flat[key] = value;
  }
  return flat;
}

const delegateName = (model: string) => model[0].toLowerCase() + model.slice(1);

/** The client bound to one tenant. Its models and transactions are those of the raw client, bound. */
export type TenantDb = Omit<Db, "$transaction" | "$extends" | "$connect" | "$disconnect" | "$on"> & {
  readonly tenantId: string;
  /** One interactive transaction, in the tenant's scope from its first statement. */
  $transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T>;
};

// A scope marked as a read lets the driver skip waiting for the commit of a transaction whose
// statements were all plain SELECTs (lib/db/client.ts checks that too).
const READS = new Set(["findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy", "$queryRaw", "$queryRawUnsafe"]);

function scopeStatement(client: Pick<Tx, "$executeRawUnsafe">, tenantId: string, read = false) {
  return client.$executeRawUnsafe(scopeSql(read), tenantId);
}

function createTenantDb(raw: Db, tenantId: string): TenantDb {
  const scoped = isPostgres(config().databaseUrl) && config().pgRls === "on";

  // one statement in the tenant's scope: an interactive transaction of the scope and the statement
  // (cheaper in Prisma than a batch whose first statement is raw SQL, whose plan is compiled anew on
  // every call), whose BEGIN and COMMIT stay off the statement count like the scope itself
  async function inScope<T>(run: (client: Db | Tx) => Prisma.PrismaPromise<T>, operation: string): Promise<T> {
    if (!scoped) return run(raw);
    try {
      return await raw.$transaction(async (tx) => {
        await scopeStatement(tx, tenantId, READS.has(operation));
        return run(tx);
      });
    } finally {
      uncount(2);
    }
  }

  // inside an interactive transaction: bound, and already in scope
  const inTransaction = raw.$extends({
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          return query(bindArgs(tenantId, model, operation, args));
        },
      },
    },
  });

  // outside: one scoped statement per operation; findUnique as findFirst, which Prisma never
  // batches with other calls of the same tick
  const single = raw.$extends({
    query: {
      $allModels: {
        $allOperations({ model, operation, args }) {
          const bound = bindArgs(tenantId, model, operation, args);
          const delegate = (client: Db | Tx) => (client as unknown as Record<string, Delegate>)[delegateName(model!)];
          if (operation === "findUnique" || operation === "findUniqueOrThrow") {
            const first = operation === "findUnique" ? "findFirst" : "findFirstOrThrow";
            return inScope((c) => delegate(c)[first]({ ...bound, where: flattenUnique(bound.where as Args) }), first);
          }
          return inScope((c) => delegate(c)[operation](bound), operation);
        },
      },
    },
  });

  // raw SQL: the statement carries its tenant in a leading comment, from which the driver runs it in
  // a transaction with its scope in one round trip (lib/db/client.ts); no Prisma transaction
  const tag = scopeTag(tenantId);
  const rawQuery = (method: "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe") =>
    (...args: unknown[]) => {
      const run = (...a: unknown[]) => (raw[method] as (...b: unknown[]) => Prisma.PrismaPromise<unknown>).apply(raw, a);
      if (!scoped) return run(...args);
      if (!tag) return inScope((c) => (c[method] as (...b: unknown[]) => Prisma.PrismaPromise<unknown>).apply(c, args), method);
      if (method === "$queryRawUnsafe" || method === "$executeRawUnsafe") return run(tag + String(args[0]), ...args.slice(1));
      const sql = args[0] instanceof Prisma.Sql ? args[0] : Prisma.sql(args[0] as TemplateStringsArray, ...args.slice(1));
      return run(Prisma.sql`${Prisma.raw(tag)}${sql}`);
    };

  const own: Record<PropertyKey, unknown> = {
    tenantId,
    $transaction(fn: unknown, options?: TxOptions) {
      if (typeof fn !== "function") {
        throw new TenantScopeError("A tenant-bound client runs transactions as $transaction(async (tx) => ...), not as a batch");
      }
      return inTransaction.$transaction(async (tx) => {
        if (scoped) {
          await scopeStatement(tx as unknown as Tx, tenantId);
        }
        return (fn as (tx: Tx) => Promise<unknown>)(tx as unknown as Tx);
      }, options);
    },
    $queryRaw: rawQuery("$queryRaw"),
    $executeRaw: rawQuery("$executeRaw"),
    $queryRawUnsafe: rawQuery("$queryRawUnsafe"),
    $executeRawUnsafe: rawQuery("$executeRawUnsafe"),
  };
  return new Proxy(single as unknown as TenantDb, {
    get(target, prop, receiver) {
      if (prop in own) return own[prop];
      // the raw client's life and extension are not the tenant's business
      if (prop === "$extends" || prop === "$connect" || prop === "$disconnect" || prop === "$on") return undefined;
      return Reflect.get(target, prop, receiver);
    },
  });
}

// Bound clients are cached per raw client (a new one after disconnectDb) and per tenant, the
// least recently used dropped past the bound.
const CACHE_SIZE = 1000;
const caches = new WeakMap<Db, Map<string, TenantDb>>();

/** The data of one tenant (a TenantContext carries it as ctx.db). */
export function tenantDb(tenantId: string): TenantDb {
  if (typeof tenantId !== "string" || tenantId === "") throw new TenantScopeError("A tenant-bound client needs a tenant id");
  const raw = getDb();
  let cache = caches.get(raw);
  if (!cache) caches.set(raw, (cache = new Map()));
  let bound = cache.get(tenantId);
  if (bound) cache.delete(tenantId);
  else bound = createTenantDb(raw, tenantId);
  cache.set(tenantId, bound);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return bound;
}
