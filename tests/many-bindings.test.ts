import { beforeAll, describe, expect, it } from "vitest";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/flows/search/route";
import * as namespaceRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import { GET as namespacesRoute } from "@/app/api/v1/[tenant]/namespaces/route";
import { db } from "@/lib/db";
import { bindingKey } from "@/lib/rbac/binding-key";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// A user bound on 5,000 namespaces one by one: the namespace list, a namespace's flow count and
// the flow search still answer, with exactly the namespaces in scope (never a sibling sharing a
// prefix, never an unbound namespace).

const BINDINGS = 5_000;
let tenant = "";
let token = "";
const bound = Array.from({ length: BINDINGS }, (_, i) => `team.n${String(i).padStart(4, "0")}`);

beforeAll(async () => {
  const admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  const u = await makeUser();
  await db.tenantAccess.create({ data: { tenantId: tenant, userId: u.id } });
  const role = await db.role.findFirstOrThrow({ where: { tenantId: tenant, name: "Viewer" } });
  await db.binding.createMany({
    data: bound.map((namespace) => ({ tenantId: tenant, roleId: role.id, userId: u.id, namespace, key: bindingKey({ roleId: role.id, userId: u.id, namespace }) })),
  });
  const flows = (ns: string, n: number) => Array.from({ length: n }, (_, i) => ({ tenantId: tenant, namespace: ns, flowId: `f${i}`, revision: 1, source: "x", parsed: "{}", labels: "{}" }));
  await db.flow.createMany({
    data: [
      ...flows("team.n0000", 2),
      ...flows("team.n0000.sub", 1),
      ...flows("team.n4999", 1),
      // outside the scope: a sibling sharing a prefix, an unbound namespace, the parent
      ...flows("team.n00000", 1),
      ...flows("team.n5000", 1),
      ...flows("team", 1),
    ],
  });
  await db.namespace.createMany({
    data: ["team.n0001", "team.n4998.deep", "team.n49990", "other"].map((name) => ({ tenantId: tenant, name })),
  });
  token = await tokenOf(u);
}, 120_000);

describe(`a user with ${BINDINGS} namespace bindings`, () => {
  it("lists exactly the namespaces in scope with their flow counts", async () => {
    const res = await call(namespacesRoute, request("GET", "/", { token }), { tenant });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const names: string[] = (res.json.results ?? res.json).map((n: { name: string }) => n.name);
    expect(names).toEqual(expect.arrayContaining(["team.n0000", "team.n0000.sub", "team.n4999", "team.n0001", "team.n4998.deep"]));
    for (const outside of ["team.n00000", "team.n5000", "team", "team.n49990", "other"]) expect(names).not.toContain(outside);
  });

  it("searches flows across every bound namespace, with the total", async () => {
    const res = await call(searchRoute, request("GET", "/?size=2", { token }), { tenant });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.total).toBe(4);
    expect(res.json.results.map((f: { namespace: string; id: string }) => `${f.namespace}/${f.id}`)).toEqual(["team.n0000/f0", "team.n0000/f1"]);
    const last = await call(searchRoute, request("GET", "/?size=2&page=2&sort=-namespace", { token }), { tenant });
    expect(last.status).toBe(200);
    expect(last.json.results.map((f: { namespace: string; id: string }) => `${f.namespace}/${f.id}`)).toEqual(["team.n0000/f1", "team.n0000/f0"]);
    const filtered = await call(searchRoute, request("GET", "/?q=n4999", { token }), { tenant });
    expect(filtered.json.total).toBe(1);
  });

  it("counts only the readable flows of a namespace's subtree", async () => {
    const res = await call(namespaceRoute.GET, request("GET", "/", { token }), { tenant, namespace: "team.n0000" });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.flows).toBe(3);
  });
});
