import { beforeAll, describe, expect, it } from "vitest";
import * as kvKeyRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/[key]/route";
import { GET as kvListRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/route";
import { GET as inheritedDefaults } from "@/app/api/v1/[tenant]/namespaces/[namespace]/inherited-plugindefaults/route";
import { GET as inheritedVariables } from "@/app/api/v1/[tenant]/namespaces/[namespace]/inherited-variables/route";
import * as namespaceRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import * as nsSecretRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/secrets/[key]/route";
import { GET as nsSecretsRoute } from "@/app/api/v1/[tenant]/namespaces/[namespace]/secrets/route";
import * as namespacesRoute from "@/app/api/v1/[tenant]/namespaces/route";
import * as tenantSecretRoute from "@/app/api/v1/[tenant]/secrets/[key]/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { inheritanceChain } from "@/lib/namespaces/chain";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// What a person reads through inheritance needs READ where the value is defined: a Developer of
// company.team does not read company's KV entries, variables, plugin defaults or secret keys
// through company.team, and is told how many were left out. Flows still inherit them.

let tenant = "";
let admin = "";
let dev = "";

const ok = (res: { status: number; text: string }, status = 200) => expect(res.status, res.text.slice(0, 300)).toBe(status);

beforeAll(async () => {
  const a = await makeUser();
  tenant = (await makeTenant(a)).id;
  admin = await tokenOf(a);
  for (const name of ["company", "company.team"]) {
    ok(await call(namespacesRoute.POST, request("POST", "/", { token: admin, body: { name } }), { tenant }), 201);
  }
  const settings = (namespace: string, body: unknown) => call(namespaceRoute.PUT, request("PUT", "/", { token: admin, body }), { tenant, namespace });
  ok(await settings("company", { variables: { region: "eu-secret", shared: "company" }, pluginDefaults: [{ type: "io.x.Log", values: { level: "DEBUG" } }] }));
  ok(await settings("company.team", { variables: { shared: "team", own: 1 }, pluginDefaults: [{ type: "io.x.Log", values: { format: "json" } }] }));
  const kv = (namespace: string, key: string, value: string) =>
    call(kvKeyRoute.PUT, request("PUT", "/", { token: admin, body: { type: "STRING", value } }), { tenant, namespace, key });
  ok(await kv("company", "COMPANY_KEY", "company-value"), 201);
  ok(await kv("company", "SHARED", "company-shared"), 201);
  ok(await kv("company.team", "SHARED", "team-shared"), 201);
  ok(await kv("company.team", "TEAM_KEY", "team-value"), 201);
  const secret = (namespace: string | null, key: string) =>
    namespace === null
      ? call(tenantSecretRoute.PUT, request("PUT", "/", { token: admin, body: { value: "v" } }), { tenant, key })
      : call(nsSecretRoute.PUT, request("PUT", "/", { token: admin, body: { value: "v" } }), { tenant, namespace, key });
  for (const [ns, key] of [[null, "TENANT_SECRET"], ["company", "COMPANY_SECRET"], ["company.team", "TEAM_SECRET"]] as const) {
    expect((await secret(ns, key)).status).toBeLessThan(300);
  }
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), tenant);
  await grantAccess(ctx, u.username);
  await createBinding(ctx, { user: u.username, role: "Developer", namespace: "company.team" });
  dev = await tokenOf(u);
});

const kvGet = (token: string, namespace: string, key: string) => call(kvKeyRoute.GET, request("GET", "/", { token }), { tenant, namespace, key });
const get = (route: typeof inheritedVariables, token: string, query = "") => call(route, request("GET", `/${query}`, { token }), { tenant, namespace: "company.team" });

describe("KV through a descendant namespace", () => {
  it("a key defined in an unreadable ancestor is not read through the descendant", async () => {
    expect((await kvGet(dev, "company", "COMPANY_KEY")).status).toBe(404);
    const through = await kvGet(dev, "company.team", "COMPANY_KEY");
    expect(through.status).toBe(404);
    expect(through.text).not.toContain("company-value");
    // the Admin, who may read company, reads it there, marked as inherited
    const adminRead = await kvGet(admin, "company.team", "COMPANY_KEY");
    ok(adminRead);
    expect(adminRead.json).toMatchObject({ value: "company-value", inheritedFrom: "company" });
  });

  it("own keys, and own keys overriding an ancestor's, are read as before", async () => {
    const shared = await kvGet(dev, "company.team", "SHARED");
    ok(shared);
    expect(shared.json.value).toBe("team-shared");
  });

  it("the inherited list leaves out the ancestor's entries and says how many", async () => {
    const res = await get(kvListRoute as never, dev, "?inherited=true");
    ok(res);
    expect(res.json.results.map((e: { key: string }) => e.key)).toEqual(["SHARED", "TEAM_KEY"]);
    expect(res.json).toMatchObject({ total: 2, hidden: 1 });
    const all = await get(kvListRoute as never, admin, "?inherited=true");
    expect(all.json.results.map((e: { key: string }) => e.key)).toEqual(["COMPANY_KEY", "SHARED", "TEAM_KEY"]);
    expect(all.json.hidden).toBe(0);
  });
});

describe("inherited variables, plugin defaults and secrets", () => {
  it("variables defined in an unreadable ancestor are left out, and counted", async () => {
    const res = await get(inheritedVariables, dev);
    ok(res);
    expect(res.json.results.map((v: { key: string }) => v.key)).toEqual(["own", "shared"]);
    expect(res.json.hidden).toBe(1);
    expect(res.text).not.toContain("eu-secret");
    // the override is in force here, but which ancestor it overrides is not for this reader
    expect(res.json.results.find((v: { key: string }) => v.key === "shared")).toMatchObject({ value: "team", overrides: [] });
    const all = await get(inheritedVariables, admin);
    expect(all.json.results.map((v: { key: string }) => v.key)).toEqual(["own", "region", "shared"]);
    expect(all.json.results.find((v: { key: string }) => v.key === "shared").overrides).toEqual(["company"]);
    expect(all.json.hidden).toBe(0);
  });

  it("plugin defaults defined in an unreadable ancestor are left out, and counted", async () => {
    const res = await get(inheritedDefaults, dev);
    ok(res);
    expect(res.json.results.map((d: { property: string }) => d.property)).toEqual(["format"]);
    expect(res.json.hidden).toBe(1);
    expect((await get(inheritedDefaults, admin)).json.results).toHaveLength(2);
  });

  it("secret keys of an unreadable ancestor and of the tenant are left out, and counted", async () => {
    const res = await get(nsSecretsRoute as never, dev);
    ok(res);
    expect(res.json.results.map((s: { key: string }) => s.key)).toEqual(["TEAM_SECRET"]);
    expect(res.json.hidden).toBe(2);
    const all = await get(nsSecretsRoute as never, admin);
    expect(all.json.results.map((s: { key: string }) => s.key)).toEqual(["COMPANY_SECRET", "TEAM_SECRET", "TENANT_SECRET"]);
  });

  it("flows still inherit from the ancestor at run time (the domain chain is unfiltered)", async () => {
    expect(await inheritanceChain(tenantDb(tenant), "company.team")).toEqual(["company.team", "company"]);
  });
});
