import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { covers } from "@/lib/authz/namespaces";
import type { Db } from "@/lib/db";
import { getFlow } from "@/lib/flows/flows";
import { searchFlows } from "@/lib/flows/list";
import { validateFlowSource } from "@/lib/flows/validation";
import { listNamespaces } from "@/lib/namespaces/list";
import { verifyPassword } from "@/lib/passwords";
import { bindingKey } from "@/lib/rbac/binding-key";
import { userForToken } from "@/lib/tokens/tokens";
import { type SeedResult, flowShape, seedBench } from "@/scripts/bench/seed";
import { freshInstance } from "./fresh-db";

// The benchmark's seeding step at a tiny scale: exact counts, and rows the app reads like its own
// (it writes them with raw INSERTs, not through the domain functions). No timing here.

const SCALE = { tenants: 3, namespaces: 40, flows: 300, users: 12, scopedBindings: 4 };

let inst: Awaited<ReturnType<typeof freshInstance>>;
let seed: SeedResult;
const g = globalThis as unknown as { __tenantflowDb?: Db };
let suiteDb: Db | undefined;

beforeAll(async () => {
  inst = await freshInstance();
  seed = await seedBench({ url: inst.env.DATABASE_URL!, ...SCALE });
  // the domain functions use the process-wide client: point it at the seeded instance meanwhile
  suiteDb = g.__tenantflowDb;
  g.__tenantflowDb = inst.db;
}, 120_000);

afterAll(async () => {
  g.__tenantflowDb = suiteDb;
  await inst?.close();
});

describe("bench seed", () => {
  it("writes exactly the requested scale", async () => {
    const db = inst.db;
    const revisions = Array.from({ length: SCALE.flows }, (_, i) => flowShape(i).revisions).reduce((a, b) => a + b, 0);
    const deleted = Array.from({ length: SCALE.flows }, (_, i) => flowShape(i).deleted).filter(Boolean).length;
    expect(await db.tenant.count({ where: { id: { not: "main" } } })).toBe(SCALE.tenants);
    expect(await db.namespace.count()).toBe(SCALE.namespaces);
    expect(await db.flow.count()).toBe(SCALE.flows);
    expect(await db.flow.count({ where: { deleted: true } })).toBe(deleted);
    expect(await db.flowRevision.count()).toBe(revisions);
    expect(await db.user.count({ where: { username: { endsWith: "@bench.tenantflow.dev" } } })).toBe(SCALE.users);
    expect(seed.counts).toMatchObject({ Flow: SCALE.flows, FlowRevision: revisions, Namespace: SCALE.namespaces, User: SCALE.users });
    const depths = (await db.namespace.findMany({ select: { name: true } })).map((n) => n.name.split(".").length);
    expect(Math.max(...depths)).toBeLessThanOrEqual(5);
  });

  it("stores flows as the app does: sources that validate, their parsed form, every revision", async () => {
    const flows = await inst.db.flow.findMany({ take: 40, orderBy: { id: "asc" } });
    for (const f of flows) {
      const v = validateFlowSource(f.source);
      expect(v.ok, `${f.namespace}.${f.flowId}`).toBe(true);
      if (!v.ok) continue;
      expect(f.parsed).toBe(JSON.stringify(v.flow));
      expect(v.flow.id).toBe(f.flowId);
      expect(v.flow.namespace).toBe(f.namespace);
      expect(JSON.parse(f.labels)).toEqual(v.flow.labels);
      const revs = await inst.db.flowRevision.findMany({
        where: { tenantId: f.tenantId, namespace: f.namespace, flowId: f.flowId },
        orderBy: { revision: "asc" },
      });
      expect(revs.map((r) => r.revision)).toEqual(Array.from({ length: f.revision }, (_, i) => i + 1));
      expect(revs[revs.length - 1].source).toBe(f.source);
      for (const r of revs) expect(validateFlowSource(r.source).ok).toBe(true);
    }
  });

  it("creates the managed roles, binding keys, password hashes and tokens like the app", async () => {
    const db = inst.db;
    const shape = (rs: { name: string; description: string; permissions: string; managed: boolean }[]) =>
      rs.map((r) => ({ name: r.name, description: r.description, permissions: r.permissions, managed: r.managed })).sort((a, b) => a.name.localeCompare(b.name));
    const bootstrapped = shape(await db.role.findMany({ where: { tenantId: "main" } }));
    for (const t of Object.keys(seed.tenantFlows)) expect(shape(await db.role.findMany({ where: { tenantId: t } }))).toEqual(bootstrapped);
    for (const b of await db.binding.findMany()) expect(b.key).toBe(bindingKey(b));
    expect(await db.binding.count({ where: { namespace: null, userId: null } })).toBeGreaterThan(0); // group bindings
    const user = await db.user.findUniqueOrThrow({ where: { username: seed.principals.scoped.username } });
    expect(await verifyPassword(seed.password, user.passwordHash)).toBe(true);
    for (const p of Object.values(seed.principals)) expect((await userForToken(p.token))?.user.username).toBe(p.username);
  });

  it("is read through the domain functions with each principal's rights", async () => {
    const principal = async (name: keyof SeedResult["principals"]) => {
      const user = await inst.db.user.findUniqueOrThrow({ where: { username: seed.principals[name].username } });
      return tenantContext(userActor(user, "api"), seed.benchTenant);
    };
    const scoped = await principal("scoped");
    expect(scoped.bindings.filter((b) => b.namespace !== null)).toHaveLength(SCALE.scopedBindings);
    const page = await searchFlows(scoped, {}, { page: 1, size: 100 });
    expect(page.total).toBe(seed.visibleFlows.scoped);
    expect(page.total).toBeGreaterThan(0);
    for (const f of page.results) expect(seed.scopedNamespaces.some((p) => covers(p, f.namespace)), f.namespace).toBe(true);
    const names = await listNamespaces(scoped);
    for (const n of names) expect(seed.scopedNamespaces.some((p) => covers(p, n.name)), n.name).toBe(true);
    expect((await getFlow(scoped, seed.sampleFlow.namespace, seed.sampleFlow.id)).id).toBe(seed.sampleFlow.id);

    const admin = await principal("admin");
    expect((await searchFlows(admin, {}, { page: 1, size: 25 })).total).toBe(seed.visibleFlows.admin);
    const viewer = await principal("viewer");
    expect((await searchFlows(viewer, {}, { page: 1, size: 25 })).total).toBe(seed.visibleFlows.viewer);
    // the admin also administers a second tenant (the browser's tenant switch)
    const other = await inst.db.user.findUniqueOrThrow({ where: { username: seed.principals.admin.username } });
    expect((await tenantContext(userActor(other, "api"), seed.otherTenant)).can("FLOW", "READ")).toBe(true);
  });

  it("pages through the scoped user's flows in order, without gaps or repeats", async () => {
    const user = await inst.db.user.findUniqueOrThrow({ where: { username: seed.principals.scoped.username } });
    const ctx = await tenantContext(userActor(user, "api"), seed.benchTenant);
    const seen: string[] = [];
    for (let p = 1; seen.length < seed.visibleFlows.scoped; p++) {
      const page = await searchFlows(ctx, {}, { page: p, size: 7 });
      expect(page.results.length).toBeGreaterThan(0);
      seen.push(...page.results.map((f) => `${f.namespace} ${f.id}`));
    }
    expect(new Set(seen).size).toBe(seen.length);
    const sorted = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(seen).toEqual(sorted);
  });
});
