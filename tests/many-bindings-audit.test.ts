import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/api/v1/[tenant]/auditlogs/route";
import { db } from "@/lib/db";
import { bindingKey } from "@/lib/rbac/binding-key";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// The audit log of a reader bound (with AUDITLOG:READ) on 5,000 namespaces one by one: it answers,
// and lists exactly the entries of the namespaces in scope.

const BINDINGS = 5_000;
let tenant = "";
let token = "";
const bound = Array.from({ length: BINDINGS }, (_, i) => `team.n${String(i).padStart(4, "0")}`);

beforeAll(async () => {
  const admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  const u = await makeUser();
  await db.tenantAccess.create({ data: { tenantId: tenant, userId: u.id } });
  const role = await db.role.create({ data: { tenantId: tenant, name: "Auditor", permissions: JSON.stringify({ AUDITLOG: ["READ"] }) } });
  await db.binding.createMany({
    data: bound.map((namespace) => ({ tenantId: tenant, roleId: role.id, userId: u.id, namespace, key: bindingKey({ roleId: role.id, userId: u.id, namespace }) })),
  });
  const entry = (namespace: string | null, resourceId: string) => ({
    tenantId: tenant,
    actorName: "someone",
    via: "api",
    action: "UPDATE",
    resourceType: "FLOW",
    resourceId,
    namespace,
  });
  await db.auditLog.createMany({
    data: [
      entry("team.n0000", "in-1"),
      entry("team.n0000.sub", "in-2"),
      entry("team.n4999", "in-3"),
      // outside the scope: a sibling sharing a prefix, an unbound namespace, the parent, tenant-level
      entry("team.n00000", "out-1"),
      entry("team.n5000", "out-2"),
      entry("team", "out-3"),
      entry(null, "out-4"),
    ],
  });
  token = await tokenOf(u);
}, 120_000);

describe(`an auditor with ${BINDINGS} namespace bindings`, () => {
  it("reads exactly the audit entries of the namespaces in scope, with the total", async () => {
    const res = await call(auditRoute, request("GET", "/?size=100", { token }), { tenant });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.total).toBe(3);
    expect(res.json.results.map((e: { resourceId: string }) => e.resourceId).sort()).toEqual(["in-1", "in-2", "in-3"]);
    const filtered = await call(auditRoute, request("GET", "/?namespace=team.n0000", { token }), { tenant });
    expect(filtered.status).toBe(200);
    expect(filtered.json.results.map((e: { resourceId: string }) => e.resourceId).sort()).toEqual(["in-1", "in-2"]);
  });
});
