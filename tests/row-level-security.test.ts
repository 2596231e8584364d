import { describe, expect, it } from "vitest";
import { withTenant } from "@/lib/api/handler";
import { isPostgres } from "@/lib/config";
import { db, tenantDb } from "@/lib/db";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// The second wall: on PostgreSQL, a query through a tenant-bound client (lib/db/tenant.ts) that
// forgot its tenant filter (raw SQL) still sees only that client's tenant
// (prisma/postgresql/migrations/*_pg_row_level_security). SQLite has no row-level security; there
// the tenant in every where (put there by the tenant-bound client) is the only wall.
const pg = isPostgres(process.env.DATABASE_URL);

async function tenantWithData(tag: string) {
  const t = await makeTenant();
  await db.flow.create({
    data: { tenantId: t.id, namespace: "company", flowId: `flow-${tag}`, revision: 1, source: "id: x", parsed: "{}" },
  });
  await db.secret.create({ data: { tenantId: t.id, namespace: "company", key: `KEY_${tag}`, ciphertext: "c" } });
  await db.kvEntry.create({ data: { tenantId: t.id, namespace: "company", key: `kv-${tag}`, type: "STRING", value: "v" } });
  return t.id;
}

const tenantsOf = (rows: { tenantId: string }[]) => [...new Set(rows.map((r) => r.tenantId))];

describe.skipIf(!pg)("row-level security (PostgreSQL)", () => {
  it("raw SQL without a tenant filter through a tenant-bound client sees that tenant's rows only, as the policy-bound role", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    // deliberately no tenant filter: the policies alone decide
    const read = (t: string) =>
      Promise.all([
        tenantDb(t).$queryRaw<{ tenantId: string; who: string }[]>`SELECT "tenantId", current_user AS who FROM "Secret"`,
        tenantDb(t).$queryRawUnsafe<{ tenantId: string }[]>(`SELECT "tenantId" FROM "Flow"`),
        tenantDb(t).$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "KvEntry"`,
        tenantDb(t).$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "Role"`,
      ]);
    for (const tenant of [a, b]) {
      const tables = await read(tenant);
      for (const rows of tables) expect(tenantsOf(rows)).toEqual([tenant]);
      expect(tables[0][0].who).toBe("tenantflow_tenant");
    }
    // instance-level work (the raw client) still sees every tenant
    const all = await db.flow.findMany({ where: { tenantId: { in: [a, b] } } });
    expect(tenantsOf(all).sort()).toEqual([a, b].sort());
  });

  it("an interactive transaction is in scope from its first statement, and the scope ends with it", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    const inTx = await tenantDb(b).$transaction(async (tx) => [
      await tx.$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "Secret"`,
      await tx.$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "Flow" WHERE "tenantId" IN (${a}, ${b})`,
      await tx.secret.findMany(),
    ]);
    for (const rows of inTx) expect(tenantsOf(rows)).toEqual([b]);
    // the pooled connection is back to its own role
    const after = await db.$queryRaw<{ who: string; tenant: string | null }[]>`
      SELECT current_user AS who, current_setting('tenantflow.tenant', true) AS tenant`;
    expect(after[0].who).not.toBe("tenantflow_tenant");
    expect(after[0].tenant ?? "").toBe("");
  });

  it("two tenants and instance-level work interleaved on one pool each see exactly their own rows, in and out of transactions", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    // more concurrent callers than pooled connections, interleaved, so each connection serves
    // several tenants one after the other
    const sql = (client: { $queryRaw: typeof db.$queryRaw }) =>
      client.$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "Secret" WHERE "tenantId" IN (${a}, ${b})`;
    const calls = Array.from({ length: 60 }, (_, i) => {
      const tenant = [a, b, null][i % 3];
      if (!tenant) return sql(db).then((rows) => [null, rows] as const);
      const read = i % 2 ? sql(tenantDb(tenant)) : tenantDb(tenant).$transaction((tx) => sql(tx));
      return read.then((rows) => [tenant, rows] as const);
    });
    for (const [tenant, rows] of await Promise.all(calls)) {
      expect(tenantsOf(rows).sort()).toEqual(tenant ? [tenant] : [a, b].sort());
    }
  });

  it("writes cannot reach or create another tenant's rows, even in raw SQL", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    const changed = await tenantDb(a).$executeRaw`UPDATE "Secret" SET "description" = 'touched'`;
    expect(changed).toBe(1);
    const deleted = await tenantDb(a).$executeRaw`DELETE FROM "KvEntry" WHERE "key" = 'kv-b'`;
    expect(deleted).toBe(0);
    await expect(
      tenantDb(a).$executeRaw`INSERT INTO "Secret" ("id", "tenantId", "namespace", "key", "ciphertext", "updatedAt") VALUES ('planted', ${b}, 'company', 'PLANTED', 'c', now())`,
    ).rejects.toThrow(/row-level security/);
    await expect(
      tenantDb(a).$transaction((tx) => tx.$executeRaw`UPDATE "Secret" SET "tenantId" = ${b} WHERE "tenantId" = ${a}`),
    ).rejects.toThrow(/row-level security/);
    const bSecrets = await db.secret.findMany({ where: { tenantId: b } });
    expect(bSecrets.map((s) => [s.key, s.description])).toEqual([["KEY_b", ""]]);
  });

  it("a route handler behind withTenant reads through its context's tenant-bound client", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    await tenantWithData("other");
    // a handler that forgets the tenant filter in its SQL
    const careless = withTenant("GET /api/v1/{tenant}/roles", async (_req, { ctx }) => {
      const roles = await ctx.db.$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "Role"`;
      const [flows] = await ctx.db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM "Flow"`;
      return { tenants: tenantsOf(roles), flows: Number(flows.n) };
    });
    const r = await call(careless, request("GET", "/", { token }), { tenant: t.id });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ tenants: [t.id], flows: 0 });
  });

  it("every table with a tenantId column has forced row-level security and the tenant policy", async () => {
    const tables = await db.$queryRaw<{ table: string; enabled: boolean; forced: boolean; policy: boolean }[]>`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation') AS policy
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attname = 'tenantId' AND NOT a.attisdropped`;
    expect(tables.length).toBeGreaterThanOrEqual(14);
    // a new tenant-owned table needs SELECT tenantflow_protect_tenant_table('Name') in its migration
    expect(tables.filter((t) => !(t.enabled && t.forced && t.policy)).map((t) => t.table)).toEqual([]);
  });
});

// lib/db/client.ts pipelines a tenant-bound statement's BEGIN and scope with the statement, and does
// not wait for the COMMIT of a single read: each case below would fail if that lost a statement's
// scope, its error, its atomicity or its commit, or left a connection inside a transaction.
describe.skipIf(!pg)("row-level security with pipelined scopes (PostgreSQL)", () => {
  type Probe = { pid: number; who: string; tenant: string | null; own: boolean };
  // `own`: the statement began its own transaction (the one before it on this connection has ended)
  const probe = (client: { $queryRaw: typeof db.$queryRaw }) =>
    client.$queryRaw<Probe[]>`SELECT pg_backend_pid() AS pid, current_user AS who,
      current_setting('tenantflow.tenant', true) AS tenant, transaction_timestamp() = statement_timestamp() AS own`;

  it("a single read is in scope, and the next statement on its connection is out of it and in a transaction of its own", async () => {
    const a = await tenantWithData("a");
    for (let round = 0; round < 20; round++) {
      const [scoped] = await probe(tenantDb(a));
      // the same connection, taken again at once (the pool hands out the one released last)
      const [after] = await probe(db);
      // inside the transaction its scope statement began
      expect(scoped).toMatchObject({ who: "tenantflow_tenant", tenant: a, own: false });
      expect(after.pid).toBe(scoped.pid);
      expect(after.who).not.toBe("tenantflow_tenant");
      expect(after.tenant ?? "").toBe("");
      expect(after.own).toBe(true);
    }
  });

  it("a failing statement fails with its own error and leaves its connection usable and out of scope", async () => {
    const a = await tenantWithData("a");
    await expect(tenantDb(a).$queryRaw`SELECT 1 / 0 AS n`).rejects.toThrow(/division by zero/);
    await expect(tenantDb(a).$executeRaw`UPDATE "Secret" SET "namespace" = NULL`).rejects.toThrow(/null value/);
    const [after] = await probe(db);
    expect(after.who).not.toBe("tenantflow_tenant");
    expect(after.own).toBe(true);
    const [again] = await probe(tenantDb(a));
    expect(again).toMatchObject({ who: "tenantflow_tenant", tenant: a });
  });

  it("a write is committed before it answers, and a write of several statements stays atomic", async () => {
    const a = await tenantWithData("a");
    const secret = await tenantDb(a).secret.update({ where: { tenantId_namespace_key: { tenantId: a, namespace: "company", key: "KEY_a" } }, data: { description: "new" } });
    expect(secret.description).toBe("new");
    // another connection sees it at once
    const [seen] = await Promise.all([db.secret.findFirst({ where: { tenantId: a } }), probe(db)]);
    expect(seen?.description).toBe("new");
    // a group with a member that does not exist: the group's INSERT succeeds, the member's fails
    await expect(
      tenantDb(a).group.create({ data: { tenantId: a, name: "atomic", members: { create: [{ userId: "no-such-user" }] } } }),
    ).rejects.toThrow();
    expect(await db.group.count({ where: { tenantId: a, name: "atomic" } })).toBe(0);
  });

  it("many reads and writes of two tenants at once, on fewer connections than callers, each see their own scope", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    const calls = Array.from({ length: 90 }, async (_, i) => {
      const tenant = [a, b][i % 2];
      if (i % 3 === 0) {
        const n = await tenantDb(tenant).$executeRaw`UPDATE "KvEntry" SET "value" = ${`v${i}`}`;
        return { tenant, n, who: "tenantflow_tenant", seen: tenant };
      }
      const [row] = await probe(tenantDb(tenant));
      return { tenant, n: 1, who: row.who, seen: row.tenant };
    });
    for (const r of await Promise.all(calls)) expect(r).toEqual({ tenant: r.tenant, n: 1, who: "tenantflow_tenant", seen: r.tenant });
    const [after] = await probe(db);
    expect(after.who).not.toBe("tenantflow_tenant");
  });
});

describe.skipIf(!pg)("row-level security under batching (PostgreSQL)", () => {
  it("findUnique calls of one tick, for two tenants and instance-level work, each get their own answer", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    const secretOfA = await db.secret.findFirstOrThrow({ where: { tenantId: a } });
    const user = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: b, userId: user.id } });
    for (let round = 0; round < 5; round++) {
      // started in one tick: Prisma may batch findUnique calls into one statement on one connection
      const [inA, inB, unscopedAccess, accessInA, accessInB] = await Promise.all([
        tenantDb(a).secret.findUnique({ where: { id: secretOfA.id } }),
        tenantDb(b).secret.findUnique({ where: { id: secretOfA.id } }),
        db.tenantAccess.findUnique({ where: { tenantId_userId: { tenantId: b, userId: user.id } } }),
        tenantDb(a).tenantAccess.findUnique({ where: { tenantId_userId: { tenantId: a, userId: user.id } } }),
        tenantDb(b).tenantAccess.findUnique({ where: { tenantId_userId: { tenantId: b, userId: user.id } } }),
      ]);
      expect(inA?.id).toBe(secretOfA.id);
      expect(inB).toBeNull(); // A's secret is invisible to B
      expect(unscopedAccess?.userId).toBe(user.id); // instance-level work sees every tenant
      expect(accessInA).toBeNull();
      expect(accessInB?.userId).toBe(user.id);
    }
  });
});

describe.skipIf(!pg)("namespace ordering (PostgreSQL)", () => {
  it("namespace columns compare byte by byte (COLLATE \"C\"), which the subtree range filters rely on", async () => {
    const cols = await db.$queryRaw<{ table: string; column: string; collation: string | null }[]>`
      SELECT table_name AS table, column_name AS column, collation_name AS collation FROM information_schema.columns
      WHERE table_schema = current_schema() AND ((table_name = 'Flow' AND column_name = 'namespace') OR (table_name = 'Namespace' AND column_name = 'name')
        OR (table_name = 'NamespaceFlowCount' AND column_name = 'namespace'))`;
    expect(cols).toHaveLength(3);
    for (const c of cols) expect(c.collation, `${c.table}.${c.column}`).toBe("C");
    // and the comparison itself: '-' (0x2D) sorts before '.' (0x2E), 'Z' before 'a'
    const [row] = await db.$queryRaw<{ dash: boolean; upper: boolean }[]>`
      SELECT ('company-x' COLLATE "C" < 'company.' COLLATE "C") AS dash, ('Zed' COLLATE "C" < 'abc' COLLATE "C") AS upper`;
    expect(row).toEqual({ dash: true, upper: true });
  });
});
