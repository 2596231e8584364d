import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { createFlow, deleteFlow, restoreRevision, updateFlow } from "@/lib/flows/flows";
import { listNamespaces } from "@/lib/namespaces/list";
import { getNamespace } from "@/lib/namespaces/namespaces";
import { db } from "@/lib/db";
import { ctxOf, makeTenant, makeUser } from "./helpers";

// The namespace tree's flow counts are kept by the database (triggers on Flow, migration
// namespace_flow_counts), not computed per request: every way a flow appears, disappears or comes
// back must move them, in the same transaction, on both databases.

const source = (namespace: string, id: string, message = "hi") =>
  `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;

/** The flows of a tenant counted from the flows themselves. */
async function truth(tenantId: string) {
  const rows = await db.flow.groupBy({ by: ["namespace"], where: { tenantId, deleted: false }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.namespace, r._count._all]));
}

/** What the database keeps, namespaces with no flow left included (they count 0). */
async function kept(tenantId: string) {
  const rows = await db.namespaceFlowCount.findMany({ where: { tenantId } });
  return Object.fromEntries(rows.filter((r) => r.flows !== 0).map((r) => [r.namespace, r.flows]));
}

const listed = async (ctx: Awaited<ReturnType<typeof ctxOf>>) =>
  Object.fromEntries((await listNamespaces(ctx)).filter((n) => n.flows > 0).map((n) => [n.name, n.flows]));

describe("the namespace tree's flow counts", () => {
  it("follow creation, deletion, creation again, update and restore, per tenant", async () => {
    const admin = await makeUser();
    const tenant = await makeTenant(admin);
    const other = await makeTenant(admin);
    const ctx = await ctxOf(admin, tenant.id);
    const otherCtx = await ctxOf(admin, other.id);

    for (const id of ["a1", "a2", "a3"]) await createFlow(ctx, source("team.a", id));
    await createFlow(ctx, source("team.b", "b1"));
    await createFlow(otherCtx, source("team.a", "elsewhere"));
    expect(await listed(ctx)).toEqual({ "team.a": 3, "team.b": 1 });
    expect(await listed(otherCtx)).toEqual({ "team.a": 1 });

    await deleteFlow(ctx, "team.a", "a1");
    expect(await listed(ctx)).toEqual({ "team.a": 2, "team.b": 1 });

    // the last flow of a namespace: it is no longer listed through its flows
    await deleteFlow(ctx, "team.b", "b1");
    expect(await listed(ctx)).toEqual({ "team.a": 2 });
    expect((await listNamespaces(ctx)).map((n) => n.name)).not.toContain("team.b");

    // the same id again continues the deleted flow's row
    const again = await createFlow(ctx, source("team.a", "a1", "back"));
    expect(again.revision).toBeGreaterThan(1);
    expect(await listed(ctx)).toEqual({ "team.a": 3 });

    // a new revision and a restored one change no count
    const updated = await updateFlow(ctx, "team.a", "a2", source("team.a", "a2", "changed"), 1);
    await restoreRevision(ctx, "team.a", "a2", 1, updated.revision);
    expect(await listed(ctx)).toEqual({ "team.a": 3 });

    expect(await kept(tenant.id)).toEqual(await truth(tenant.id));
    expect(await kept(other.id)).toEqual(await truth(other.id));
  });

  it("count flows created at the same time in one namespace", async () => {
    const admin = await makeUser();
    const tenant = await makeTenant(admin);
    const ctx = await ctxOf(admin, tenant.id);
    await Promise.all(Array.from({ length: 12 }, (_, i) => createFlow(ctx, source("team.busy", `f${i}`))));
    expect(await listed(ctx)).toEqual({ "team.busy": 12 });
    expect(await kept(tenant.id)).toEqual(await truth(tenant.id));
  });

  it("are listed to a namespace-scoped reader for the namespaces in their scope only", async () => {
    const admin = await makeUser();
    const reader = await makeUser();
    const tenant = await makeTenant(admin);
    const ctx = await ctxOf(admin, tenant.id);
    await grantAccess(ctx, reader.username);
    await createBinding(ctx, { user: reader.username, role: "Viewer", namespace: "team.a" });
    for (const [ns, id] of [["team.a", "x"], ["team.a.sub", "y"], ["team.ab", "z"], ["team.b", "w"]]) await createFlow(ctx, source(ns, id));
    const readerCtx = await ctxOf(reader, tenant.id);
    expect(await listed(readerCtx)).toEqual({ "team.a": 1, "team.a.sub": 1 });
    expect(await listed(ctx)).toEqual({ "team.a": 1, "team.a.sub": 1, "team.ab": 1, "team.b": 1 });

    // a namespace's page counts the flows of its whole subtree that the reader may see
    expect((await getNamespace(ctx, "team")).flows).toBe(4);
    expect((await getNamespace(ctx, "team.a")).flows).toBe(2);
    expect((await getNamespace(readerCtx, "team.a")).flows).toBe(2);
    expect((await getNamespace(readerCtx, "team.a.sub")).flows).toBe(1);
    await deleteFlow(ctx, "team.a.sub", "y");
    expect((await getNamespace(ctx, "team")).flows).toBe(3);
    expect((await getNamespace(readerCtx, "team.a")).flows).toBe(1);
  });
});

describe("the migration that adds the counts", () => {
  it("counts the flows already there (SQLite, the migrations applied one by one to an in-memory database)", () => {
    const dir = path.join(process.cwd(), "prisma", "sqlite", "migrations");
    const migrations = fs.readdirSync(dir).filter((d) => /^\d/.test(d)).sort();
    const index = migrations.findIndex((m) => m.endsWith("_namespace_flow_counts"));
    expect(index).toBeGreaterThan(0);
    const sql = (m: string) => fs.readFileSync(path.join(dir, m, "migration.sql"), "utf8");
    const mem = new Database(":memory:");
    try {
      for (const m of migrations.slice(0, index)) mem.exec(sql(m));
      const insert = mem.prepare(
        `INSERT INTO "Flow" ("id", "tenantId", "namespace", "flowId", "revision", "source", "parsed", "deleted", "updatedAt")
         VALUES (?, ?, ?, ?, 1, '', '{}', ?, CURRENT_TIMESTAMP)`,
      );
      const rows: [string, string, number][] = [["a", "team.x", 0], ["a", "team.x", 0], ["a", "team.x", 1], ["a", "team.y", 0], ["b", "team.x", 0]];
      rows.forEach(([tenant, ns, deleted], i) => insert.run(`f${i}`, tenant, ns, `flow${i}`, deleted));
      mem.exec(sql(migrations[index]));
      const counts = () => mem.prepare(`SELECT "tenantId", "namespace", "flows" FROM "NamespaceFlowCount" WHERE "flows" > 0 ORDER BY 1, 2`).all();
      expect(counts()).toEqual([
        { tenantId: "a", namespace: "team.x", flows: 2 },
        { tenantId: "a", namespace: "team.y", flows: 1 },
        { tenantId: "b", namespace: "team.x", flows: 1 },
      ]);
      // and from then on the triggers keep them
      mem.prepare(`UPDATE "Flow" SET "deleted" = 1 WHERE "id" = 'f0'`).run();
      mem.prepare(`UPDATE "Flow" SET "namespace" = 'team.y' WHERE "id" = 'f1'`).run();
      expect(counts()).toEqual([
        { tenantId: "a", namespace: "team.y", flows: 2 },
        { tenantId: "b", namespace: "team.x", flows: 1 },
      ]);
    } finally {
      mem.close();
    }
  });
});
