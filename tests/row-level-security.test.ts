import { describe, expect, it } from "vitest";
import { withTenant } from "@/lib/api/handler";
import { isPostgres } from "@/lib/config";
import { db } from "@/lib/db";
import { enterTenantScope, outsideTenantScope, runInTenant } from "@/lib/tenant-scope";
import { accessibleTenants } from "@/lib/tenants/access";
import { actorOf, call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// The second wall: on PostgreSQL, a query that forgot its tenant filter still sees only the
// tenant of the scope it runs in (prisma/postgresql/migrations/*_pg_row_level_security). SQLite
// has no row-level security; there the tenant filter in every query is the only wall.
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
  it("an unscoped findMany in a tenant's scope returns that tenant's rows only", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    // deliberately no tenant filter: the policies alone decide
    const read = () => Promise.all([db.flow.findMany(), db.secret.findMany(), db.kvEntry.findMany(), db.role.findMany(), db.auditLog.findMany()]);
    for (const [tenant, other] of [[a, b], [b, a]]) {
      const tables = await runInTenant(tenant, read);
      for (const rows of tables) expect(tenantsOf(rows)).toEqual([tenant]);
      expect(tables[0].map((f) => f.flowId)).not.toContain(`flow-${other === a ? "a" : "b"}`);
    }
    // instance-level work (outside any tenant's scope) still sees every tenant
    const all = await db.flow.findMany({ where: { tenantId: { in: [a, b] } } });
    expect(tenantsOf(all).sort()).toEqual([a, b].sort());
  });

  it("raw SQL, interactive and batch transactions are scoped too, as a role that is not the connection's", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    const raw = await runInTenant(a, () =>
      db.$queryRaw<{ tenantId: string; who: string }[]>`SELECT "tenantId", current_user AS who FROM "Secret"`,
    );
    expect(tenantsOf(raw)).toEqual([a]);
    expect(raw[0].who).toBe("tenantflow_tenant");
    const inTx = await runInTenant(b, () => db.$transaction(async (tx) => [await tx.secret.findMany(), await tx.flow.findMany()]));
    for (const rows of inTx) expect(tenantsOf(rows)).toEqual([b]);
    const batch = await runInTenant(b, () => db.$transaction([db.kvEntry.findMany(), db.flowRevision.findMany()]));
    expect(batch).toHaveLength(2);
    expect(tenantsOf(batch[0])).toEqual([b]);
    // and the scope ends with the transaction: the pooled connection is back to its own role
    const after = await db.$queryRaw<{ who: string; tenant: string | null }[]>`
      SELECT current_user AS who, current_setting('tenantflow.tenant', true) AS tenant`;
    expect(after[0].who).not.toBe("tenantflow_tenant");
    expect(after[0].tenant ?? "").toBe("");
  });

  it("pooled connections changing hands between tenants and instance-level work never carry a scope over", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    // more concurrent callers than pooled connections, interleaved, so each connection serves
    // several scopes one after the other
    const calls = Array.from({ length: 60 }, (_, i) => {
      const tenant = [a, b, null][i % 3];
      const read = () => db.$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "Secret" WHERE "tenantId" IN (${a}, ${b})`;
      return tenant ? runInTenant(tenant, read).then((rows) => [tenant, rows] as const) : read().then((rows) => [null, rows] as const);
    });
    for (const [tenant, rows] of await Promise.all(calls)) {
      expect(tenantsOf(rows).sort()).toEqual(tenant ? [tenant] : [a, b].sort());
    }
  });

  it("writes cannot reach or create another tenant's rows", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    const changed = await runInTenant(a, () => db.secret.updateMany({ data: { description: "touched" } }));
    expect(changed.count).toBe(1);
    const deleted = await runInTenant(a, () => db.kvEntry.deleteMany({ where: { key: "kv-b" } }));
    expect(deleted.count).toBe(0);
    await expect(
      runInTenant(a, () => db.secret.create({ data: { tenantId: b, namespace: "company", key: "PLANTED", ciphertext: "c" } })),
    ).rejects.toThrow(/row-level security/);
    const bSecrets = await db.secret.findMany({ where: { tenantId: b } });
    expect(bSecrets.map((s) => [s.key, s.description])).toEqual([["KEY_b", ""]]);
  });

  it("a page's scope, entered before its first await, holds for the rest of the page", async () => {
    const a = await tenantWithData("a");
    await tenantWithData("b");
    const page = async () => {
      // what pageTenant does: enter the scope synchronously, fill it once the tenant is opened
      const fill = enterTenantScope();
      await Promise.resolve();
      fill(a);
      const flows = await db.flow.findMany();
      return flows;
    };
    const rows = await outsideTenantScope(page);
    expect(tenantsOf(rows)).toEqual([a]);
  });

  it("a tenant page's dropdown still lists every tenant the user can access", async () => {
    const user = await makeUser();
    const a = await makeTenant(user);
    const b = await makeTenant(user);
    // the tenant layout asks for the caller's tenants after pageTenant has entered a's scope
    const listed = await runInTenant(a.id, () => accessibleTenants(actorOf(user)));
    expect(listed.map((t) => t.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it("a route handler behind withTenant runs in its tenant's scope", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    await tenantWithData("other");
    // a handler that forgets the tenant filter
    const careless = withTenant("GET /api/v1/{tenant}/roles", async () => ({ tenants: tenantsOf(await db.role.findMany()), flows: await db.flow.count() }));
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

describe.skipIf(!pg)("row-level security under batching (PostgreSQL)", () => {
  it("findUnique calls of one tick in different scopes each run in their own scope", async () => {
    const a = await tenantWithData("a");
    const b = await tenantWithData("b");
    const secretOfA = await db.secret.findFirstOrThrow({ where: { tenantId: a } });
    const user = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: b, userId: user.id } });
    for (let round = 0; round < 5; round++) {
      // started in one tick: Prisma may batch them into one statement on one connection
      const [inA, inB, unscopedAccess, accessInA] = await Promise.all([
        runInTenant(a, () => db.secret.findUnique({ where: { id: secretOfA.id } })),
        runInTenant(b, () => db.secret.findUnique({ where: { id: secretOfA.id } })),
        outsideTenantScope(() => db.tenantAccess.findUnique({ where: { tenantId_userId: { tenantId: b, userId: user.id } } })),
        runInTenant(a, () => db.tenantAccess.findUnique({ where: { tenantId_userId: { tenantId: b, userId: user.id } } })),
      ]);
      expect(inA?.id).toBe(secretOfA.id);
      expect(inB).toBeNull(); // A's secret is invisible in B's scope
      expect(unscopedAccess?.userId).toBe(user.id); // instance-level work sees every tenant
      expect(accessInA).toBeNull();
    }
  });
});

describe.skipIf(!pg)("namespace ordering (PostgreSQL)", () => {
  it("namespace columns compare byte by byte (COLLATE \"C\"), which the subtree range filters rely on", async () => {
    const cols = await db.$queryRaw<{ table: string; column: string; collation: string | null }[]>`
      SELECT table_name AS table, column_name AS column, collation_name AS collation FROM information_schema.columns
      WHERE table_schema = current_schema() AND ((table_name = 'Flow' AND column_name = 'namespace') OR (table_name = 'Namespace' AND column_name = 'name'))`;
    expect(cols).toHaveLength(2);
    for (const c of cols) expect(c.collation, `${c.table}.${c.column}`).toBe("C");
    // and the comparison itself: '-' (0x2D) sorts before '.' (0x2E), 'Z' before 'a'
    const [row] = await db.$queryRaw<{ dash: boolean; upper: boolean }[]>`
      SELECT ('company-x' COLLATE "C" < 'company.' COLLATE "C") AS dash, ('Zed' COLLATE "C" < 'abc' COLLATE "C") AS upper`;
    expect(row).toEqual({ dash: true, upper: true });
  });
});
