import { describe, expect, it } from "vitest";
import { type TenantDb, TenantScopeError, db, statementsRun, tenantDb } from "@/lib/db";
import { makeTenant, makeUser } from "./helpers";

// The tenant-bound client (lib/db/tenant.ts) on both databases: the tenant is in every where and
// in the data it creates, whatever the caller wrote; another tenant named by the caller and
// instance-level tables are refused.

async function twoTenants() {
  const a = (await makeTenant()).id;
  const b = (await makeTenant()).id;
  for (const t of [a, b]) {
    await db.secret.create({ data: { tenantId: t, namespace: "company", key: "SHARED", ciphertext: `c-${t}` } });
    await db.kvEntry.create({ data: { tenantId: t, namespace: "company", key: "k", type: "STRING", value: `v-${t}` } });
  }
  return { a, b };
}

const secretOf = (t: string) => db.secret.findFirstOrThrow({ where: { tenantId: t, key: "SHARED" } });

describe("tenant-bound client", () => {
  it("never returns another tenant's row when the caller's where omits the tenant", async () => {
    const { a, b } = await twoTenants();
    const ta = tenantDb(a);
    const ofB = await secretOf(b);
    expect((await ta.secret.findMany({ where: { key: "SHARED" } })).map((s) => s.tenantId)).toEqual([a]);
    expect(await ta.secret.findUnique({ where: { id: ofB.id } })).toBeNull();
    await expect(ta.secret.findUniqueOrThrow({ where: { id: ofB.id } })).rejects.toThrow();
    expect(await ta.secret.findFirst({ where: { id: ofB.id } })).toBeNull();
    expect(await ta.secret.count({ where: { key: "SHARED" } })).toBe(1);
    expect((await ta.secret.aggregate({ _count: true, where: { key: "SHARED" } }))._count).toBe(1);
    // compound unique keys name the tenant themselves: this one's tenant is the client's
    expect((await ta.kvEntry.findUnique({ where: { tenantId_namespace_key: { tenantId: a, namespace: "company", key: "k" } } }))?.value).toBe(`v-${a}`);
    // and inside a transaction
    const inTx = await ta.$transaction(async (tx) => [await tx.secret.findUnique({ where: { id: ofB.id } }), await tx.secret.findMany()]);
    expect(inTx[0]).toBeNull();
    expect((inTx[1] as { tenantId: string }[]).map((s) => s.tenantId)).toEqual([a]);
  });

  it("writes by id alone never touch another tenant's row", async () => {
    const { a, b } = await twoTenants();
    const ta = tenantDb(a);
    const ofB = await secretOf(b);
    await expect(ta.secret.update({ where: { id: ofB.id }, data: { description: "touched" } })).rejects.toThrow();
    await expect(ta.secret.delete({ where: { id: ofB.id } })).rejects.toThrow();
    expect((await ta.secret.updateMany({ data: { description: "touched" } })).count).toBe(1);
    expect((await ta.kvEntry.deleteMany({ where: { key: "k" } })).count).toBe(1);
    await ta.$transaction(async (tx) => {
      expect((await tx.secret.updateMany({ where: { id: ofB.id }, data: { description: "touched" } })).count).toBe(0);
    });
    const after = await db.secret.findUniqueOrThrow({ where: { id: ofB.id } });
    expect(after.description).toBe("");
    expect(await db.kvEntry.count({ where: { tenantId: b } })).toBe(1);
  });

  it("puts its tenant in the data it creates", async () => {
    const { a } = await twoTenants();
    const ta = tenantDb(a) as TenantDb;
    // what Prisma's types demand, the client fills in anyway: an empty tenant is its own
    const created = await ta.secret.create({ data: { tenantId: a, namespace: "company", key: "NEW", ciphertext: "c" } });
    expect(created.tenantId).toBe(a);
    const many = await ta.kvEntry.createMany({
      data: [{ namespace: "company", key: "m1", type: "STRING", value: "1" }, { namespace: "company", key: "m2", type: "STRING", value: "2" }] as never,
    });
    expect(many.count).toBe(2);
    expect(await db.kvEntry.count({ where: { tenantId: a, key: { in: ["m1", "m2"] } } })).toBe(2);
    const up = await ta.kvEntry.upsert({
      where: { tenantId_namespace_key: { tenantId: a, namespace: "company", key: "u" } },
      create: { namespace: "company", key: "u", type: "STRING", value: "1" } as never,
      update: { value: "2" },
    });
    expect(up.tenantId).toBe(a);
  });

  it("refuses a where or data naming another tenant", async () => {
    const { a, b } = await twoTenants();
    const ta = tenantDb(a);
    const before = await db.secret.count({ where: { tenantId: b } });
    const refusals = [
      () => ta.secret.findMany({ where: { tenantId: b } }),
      () => ta.secret.findMany({ where: { tenantId: { in: [a, b] } } }),
      () => ta.kvEntry.findUnique({ where: { tenantId_namespace_key: { tenantId: b, namespace: "company", key: "k" } } }),
      () => ta.secret.deleteMany({ where: { tenantId: b } }),
      () => ta.secret.create({ data: { tenantId: b, namespace: "company", key: "PLANTED", ciphertext: "c" } }),
      () => ta.secret.createMany({ data: [{ tenantId: b, namespace: "company", key: "PLANTED", ciphertext: "c" }] }),
      () => ta.secret.updateMany({ data: { tenantId: b } }),
      () => ta.$transaction((tx) => tx.secret.create({ data: { tenantId: b, namespace: "company", key: "PLANTED", ciphertext: "c" } })),
    ];
    for (const refused of refusals) await expect(refused()).rejects.toThrow(TenantScopeError);
    expect(await db.secret.count({ where: { tenantId: b } })).toBe(before);
    expect(await db.secret.count({ where: { tenantId: a } })).toBe(1);
  });

  it("refuses instance-level tables, in and out of transactions", async () => {
    const { a } = await twoTenants();
    const user = await makeUser();
    const ta = tenantDb(a);
    await expect(ta.user.findUnique({ where: { id: user.id } })).rejects.toThrow(/User is not a tenant table/);
    await expect(ta.tenant.findMany()).rejects.toThrow(TenantScopeError);
    await expect(ta.apiToken.count()).rejects.toThrow(TenantScopeError);
    await expect(ta.instanceSetting.findMany()).rejects.toThrow(TenantScopeError);
    await expect(ta.$transaction((tx) => tx.user.update({ where: { id: user.id }, data: { superadmin: true } }))).rejects.toThrow(TenantScopeError);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).superadmin).toBe(false);
    expect(() => (ta.$transaction as (a: unknown) => unknown)([ta.secret.findMany()])).toThrow(TenantScopeError);
  });

  it("findUnique calls of one tick for two tenants each get their own answer", async () => {
    const { a, b } = await twoTenants();
    const [ofA, ofB] = [await secretOf(a), await secretOf(b)];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([
        tenantDb(a).secret.findUnique({ where: { id: ofA.id } }),
        tenantDb(b).secret.findUnique({ where: { id: ofA.id } }),
        tenantDb(b).secret.findUnique({ where: { id: ofB.id } }),
        tenantDb(a).secret.findUnique({ where: { id: ofB.id } }),
        db.secret.findUnique({ where: { id: ofB.id } }),
      ]);
      expect(answers.map((s) => s?.id ?? null)).toEqual([ofA.id, null, ofB.id, null, ofB.id]);
    }
  });

  it("one statement through the client counts as one, whatever the scope costs", async () => {
    const { a } = await twoTenants();
    const ta = tenantDb(a);
    await ta.secret.findMany(); // warm
    const before = statementsRun();
    await ta.secret.findMany();
    expect(statementsRun() - before).toBe(1);
    const inTx = statementsRun();
    await ta.$transaction(async (tx) => tx.secret.findMany());
    const raw = statementsRun();
    await db.$transaction(async (tx) => tx.secret.findMany({ where: { tenantId: a } }));
    expect(raw - inTx).toBe(statementsRun() - raw);
  });

  it("is one client per tenant", () => {
    expect(tenantDb("x-one")).toBe(tenantDb("x-one"));
    expect(tenantDb("x-one")).not.toBe(tenantDb("x-two"));
    expect(tenantDb("x-one").tenantId).toBe("x-one");
  });
});
