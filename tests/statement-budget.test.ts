import { beforeAll, describe, expect, it } from "vitest";
import { GET as getFlowRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/flows/search/route";
import { GET as getNamespaceRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import { GET as listNamespacesRoute } from "@/app/api/v1/[tenant]/namespaces/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { credentialContext } from "@/lib/authz/context";
import { requestCredential } from "@/lib/auth/actor";
import { statementsRun } from "@/lib/db";
import { flowPage } from "@/lib/flows/page";
import { accessibleTenants } from "@/lib/tenants/access";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { GET as meRoute } from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { hashToken } from "@/lib/tokens/tokens";
import { call, makeTenant, makeUser, request, sessionCookie, tokenOf } from "./helpers";

// An N+1 guard: the statements one request sends to the database, counted (not timed), must not
// grow with the size of the answer, and stay within a small budget (the gate, authentication
// included, is one statement).

let tenantId = "";
let token = "";
let cookie = "";
const flow = (ns: string, id: string, msg = "hi") =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: ${msg}\n`;

async function statementsOf(run: () => Promise<{ status: number }>) {
  const before = statementsRun();
  const r = await run();
  expect(r.status).toBe(200);
  return statementsRun() - before;
}

beforeAll(async () => {
  const admin = await makeUser();
  tenantId = (await makeTenant(admin)).id;
  const ctx = await tenantContext(cliActor(), tenantId);
  for (let i = 0; i < 20; i++) {
    await createNamespace(ctx, { name: `team${i}.area` });
    for (let j = 0; j < 3; j++) await createFlow(ctx, flow(`team${i}.area`, `f${j}`));
  }
  let source = flow("team0.area", "busy");
  await createFlow(ctx, source);
  for (let r = 2; r <= 30; r++) {
    source = flow("team0.area", "busy", `revision ${r}`);
    await updateFlow(ctx, "team0.area", "busy", source, r - 1);
  }
  // a reader with 20 namespace bindings, as in the benchmark
  const reader = await makeUser();
  await grantAccess(ctx, reader.username);
  for (let i = 0; i < 20; i++) await createBinding(ctx, { user: reader.username, role: "Viewer", namespace: `team${i}` });
  token = await tokenOf(reader);
  cookie = await sessionCookie(reader);
}, 120_000);

describe("statements per request", () => {
  it("the flow search sends the same few statements for a page of 5 as for a page of 60", async () => {
    const search = (size: number) => call(searchRoute, request("GET", `/api/v1/${tenantId}/flows/search?size=${size}`, { token }), { tenant: tenantId });
    await search(1); // warm: prepared statements, pooled connections
    const small = await statementsOf(() => search(5));
    const large = await statementsOf(() => search(60));
    console.log(`flow search: ${small} statements (5 rows), ${large} (60 rows)`);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(BUDGET.search);
  });

  it("the flow search costs the same with a session cookie as with a token", async () => {
    const search = () => call(searchRoute, request("GET", `/api/v1/${tenantId}/flows/search?size=5`, { cookie }), { tenant: tenantId });
    await search();
    const n = await statementsOf(search);
    console.log(`flow search with a session cookie: ${n} statements`);
    expect(n).toBeLessThanOrEqual(BUDGET.search);
  });

  it("authenticates an instance-level request in one statement, and refuses an unknown token after one", async () => {
    const me = (auth: { token?: string; cookie?: string }) => call(meRoute, request("GET", "/api/v1/me", auth));
    await me({ token });
    const before = statementsRun();
    const refused = await call(searchRoute, request("GET", `/api/v1/${tenantId}/flows/search`, { token: `${token}x` }), { tenant: tenantId });
    expect(refused.status).toBe(401);
    expect(statementsRun() - before).toBe(1);
    // the gate itself, then the tenants the user may enter
    expect(await statementsOf(() => me({ token }))).toBeLessThanOrEqual(2);
    expect(await statementsOf(() => me({ cookie }))).toBeLessThanOrEqual(2);
  });

  it("writes a token's last use at most once a minute, not on every request", async () => {
    const search = () => call(searchRoute, request("GET", `/api/v1/${tenantId}/flows/search?size=5`, { token }), { tenant: tenantId });
    const lastUsed = async () =>
      (await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) }, select: { lastUsedAt: true } })).lastUsedAt!;
    await search();
    const fresh = await statementsOf(search);
    const stale = new Date(Date.now() - 120_000);
    await db.apiToken.update({ where: { tokenHash: hashToken(token) }, data: { lastUsedAt: stale } });
    // a minute since the last write: this request writes the use once more
    expect(await statementsOf(search)).toBe(fresh + 1);
    expect((await lastUsed()).getTime()).toBeGreaterThan(stale.getTime() + 60_000);
    expect(await statementsOf(search)).toBe(fresh);
  });

  it("a flow's page data costs the same with 1 revision as with 30", async () => {
    const get = (id: string, auth: { token?: string; cookie?: string } = { token }) =>
      call(getFlowRoute, request("GET", "/", auth), { tenant: tenantId, namespace: "team0.area", id });
    await get("f0");
    const one = await statementsOf(() => get("f0"));
    const many = await statementsOf(() => get("busy"));
    const withCookie = await statementsOf(() => get("busy", { cookie }));
    console.log(`flow: ${one} statements (1 revision), ${many} (30 revisions), ${withCookie} with a session cookie`);
    expect(many).toBe(one);
    expect(withCookie).toBe(one);
    expect(one).toBeLessThanOrEqual(BUDGET.flow);
  });

  it("the flow page's reads (its gate, the tenant menu, the flow and its revisions) cost the same with 1 revision as with 30", async () => {
    // what app/ui/[tenant]/layout.tsx and the flow's page read for one request, in their order
    const page = async (id: string) => {
      const credential = await requestCredential(request("GET", "/", { cookie }));
      const ctx = await credentialContext(credential!, tenantId);
      const [tenants, data] = await Promise.all([accessibleTenants(ctx.actor), flowPage(ctx, "team0.area", id)]);
      expect(tenants.map((t) => t.id)).toContain(tenantId);
      return data;
    };
    await page("f0");
    let data: Awaited<ReturnType<typeof flowPage>> | undefined;
    const one = await statementsOf(async () => ((data = await page("f0")), { status: 200 }));
    expect(data!.revisions.total).toBe(1);
    const many = await statementsOf(async () => ((data = await page("busy")), { status: 200 }));
    expect(data!.revisions).toMatchObject({ total: 30, page: 1, size: 25 });
    expect(data!.revisions.results.map((r) => r.revision)).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
    expect(data!.flow).toMatchObject({ id: "busy", namespace: "team0.area", revision: 30 });
    console.log(`flow page: ${one} statements (1 revision), ${many} (30 revisions)`);
    expect(many).toBe(one);
    expect(one).toBeLessThanOrEqual(BUDGET.flowPage);
  });

  it("a namespace and the namespace list cost a fixed number of statements", async () => {
    const ns = () => call(getNamespaceRoute, request("GET", "/", { token }), { tenant: tenantId, namespace: "team3.area" });
    const list = () => call(listNamespacesRoute, request("GET", "/", { token }), { tenant: tenantId });
    await ns();
    await list();
    const one = await statementsOf(ns);
    const all = await statementsOf(list);
    console.log(`namespace: ${one} statements; namespace list (20 readable subtrees): ${all}`);
    expect(one).toBeLessThanOrEqual(BUDGET.namespace);
    expect(all).toBeLessThanOrEqual(BUDGET.namespaces);
  });
});

// measured: search 2 (the gate; the page, its total and its rows), flow 2, flow page 4 (the gate,
// the tenant menu, the flow, its revisions with their number and authors), namespace 3, namespace
// list 2 on both databases (row-level security's scope switches on PostgreSQL are not counted); a
// new statement on these paths must be a choice
const BUDGET = { search: 2, flow: 2, flowPage: 4, namespace: 3, namespaces: 2 };
