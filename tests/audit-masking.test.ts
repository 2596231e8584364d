import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/[tenant]/auditlogs/export/route";
import { GET as auditRoute } from "@/app/api/v1/[tenant]/auditlogs/route";
import * as bindingsRoute from "@/app/api/v1/[tenant]/bindings/route";
import { POST as createFlowRoute } from "@/app/api/v1/[tenant]/flows/route";
import * as kvKeyRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/[key]/route";
import * as rolesRoute from "@/app/api/v1/[tenant]/roles/route";
import { grantAccess } from "@/lib/tenants/access";
import { type TestUser, call, ctxOf, makeTenant, makeUser, request, tokenOf } from "./helpers";

// An audit entry's before/after is the resource itself: a reader who may read the audit log but
// not the resource (in its namespace) sees the entry with its content masked, in the API and the
// CSV export alike.

let tenant = "";
let adminToken = "";
let admin: TestUser;
const FLOW_MARK = "flow-source-marker";
const KV_MARK = "kv-value-marker";
const flow = (ns: string) => `id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${FLOW_MARK}\n`;

async function reader(permissions: Record<string, string[]>, namespace: string | null) {
  const u = await makeUser();
  await grantAccess(await ctxOf(admin, tenant), u.username);
  const name = `R${Math.random().toString(36).slice(2, 8)}`;
  const role = await call(rolesRoute.POST, request("POST", "/", { token: adminToken, body: { name, permissions } }), { tenant });
  expect(role.status, role.text).toBe(201);
  const b = await call(bindingsRoute.POST, request("POST", "/", { token: adminToken, body: { user: u.username, role: name, namespace } }), { tenant });
  expect(b.status, b.text).toBe(201);
  return tokenOf(u);
}

const entries = async (token: string) => {
  const r = await call(auditRoute, request("GET", "/?size=100", { token }), { tenant });
  expect(r.status, r.text).toBe(200);
  return r.json.results as { resourceType: string; namespace: string | null; before: unknown; after: unknown; masked?: string }[];
};
const of = (list: Awaited<ReturnType<typeof entries>>, type: string, ns: string) => list.filter((e) => e.resourceType === type && e.namespace === ns);

beforeAll(async () => {
  admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  adminToken = await tokenOf(admin);
  for (const ns of ["a", "b"]) {
    const r = await call(createFlowRoute, request("POST", "/", { token: adminToken, body: flow(ns), headers: { "content-type": "application/x-yaml" } }), { tenant });
    expect(r.status, r.text).toBe(201);
  }
  const kv = await call(kvKeyRoute.PUT, request("PUT", "/", { token: adminToken, body: { type: "STRING", value: KV_MARK } }), { tenant, namespace: "a", key: "k" });
  expect(kv.status, kv.text).toBe(201);
});

describe("audit entries of resources the reader may not read", () => {
  it("a tenant-wide AUDITLOG reader without other permissions sees every entry, its content masked", async () => {
    const token = await reader({ AUDITLOG: ["READ"] }, null);
    // the bindings themselves are refused to this reader ...
    expect((await call(bindingsRoute.GET, request("GET", "/", { token }), { tenant })).status).toBe(403);
    const list = await entries(token);
    // ... and so are they through the audit log
    const bindings = list.filter((e) => e.resourceType === "BINDING");
    expect(bindings.length).toBeGreaterThan(0);
    for (const e of bindings) expect(e).toMatchObject({ after: "******", masked: "needs BINDING:READ" });
    expect(of(list, "FLOW", "a")[0]).toMatchObject({ after: "******", masked: "needs FLOW:READ in namespace a" });
    expect(of(list, "KV", "a")[0]).toMatchObject({ after: "******", masked: "needs KVSTORE:READ in namespace a" });
    const text = JSON.stringify(list);
    expect(text).not.toContain(FLOW_MARK);
    expect(text).not.toContain(KV_MARK);
  });

  it("a reader of flows in one namespace sees those flows' sources, and nothing else's content", async () => {
    const token = await reader({ AUDITLOG: ["READ"], FLOW: ["READ"] }, "a");
    const list = await entries(token);
    const flowA = of(list, "FLOW", "a")[0];
    expect(flowA.masked).toBeUndefined();
    expect((flowA.after as { source: string }).source).toContain(FLOW_MARK);
    expect(of(list, "KV", "a")[0]).toMatchObject({ after: "******", masked: "needs KVSTORE:READ in namespace a" });
    // the binding on `a` made for this reader is in its namespace, but bindings need BINDING:READ tenant-wide
    expect(of(list, "BINDING", "a").every((e) => e.after === "******")).toBe(true);
    expect(of(list, "FLOW", "b")).toEqual([]);
    expect(JSON.stringify(list)).not.toContain(KV_MARK);
  });

  it("the CSV export masks the same fields", async () => {
    const token = await reader({ AUDITLOG: ["READ"] }, null);
    const res = await call(exportRoute, request("GET", "/", { token }), { tenant });
    expect(res.status).toBe(200);
    expect(res.text).toContain("FLOW");
    expect(res.text).toContain("******");
    expect(res.text).not.toContain(FLOW_MARK);
    expect(res.text).not.toContain(KV_MARK);
  });

  it("an Admin still sees every entry's content", async () => {
    const list = await entries(adminToken);
    expect(list.every((e) => e.masked === undefined)).toBe(true);
    const text = JSON.stringify(list);
    expect(text).toContain(FLOW_MARK);
    expect(text).toContain(KV_MARK);
    const csv = await call(exportRoute, request("GET", "/", { token: adminToken }), { tenant });
    expect(csv.text).toContain(FLOW_MARK);
  });
});
