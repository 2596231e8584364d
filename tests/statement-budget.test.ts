import { beforeAll, describe, expect, it } from "vitest";
import { GET as getFlowRoute } from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/flows/search/route";
import { GET as getNamespaceRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import { GET as listNamespacesRoute } from "@/app/api/v1/[tenant]/namespaces/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { statementsRun } from "@/lib/db";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// An N+1 guard: the statements one request sends to the database, counted (not timed), must not
// grow with the size of the answer, and stay within a small budget (the gate is one statement).

let tenantId = "";
let token = "";
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

  it("a flow's page data costs the same with 1 revision as with 30", async () => {
    const get = (id: string) => call(getFlowRoute, request("GET", "/", { token }), { tenant: tenantId, namespace: "team0.area", id });
    await get("f0");
    const one = await statementsOf(() => get("f0"));
    const many = await statementsOf(() => get("busy"));
    console.log(`flow: ${one} statements (1 revision), ${many} (30 revisions)`);
    expect(many).toBe(one);
    expect(one).toBeLessThanOrEqual(BUDGET.flow);
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

// measured: search 6, flow 4, namespace 5, namespace list 5 on both databases (row-level security's
// scope switches on PostgreSQL are not counted); a new statement on these paths must be a choice
const BUDGET = { search: 6, flow: 4, namespace: 5, namespaces: 5 };
