import { beforeAll, describe, expect, it } from "vitest";
import * as kvKeyRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/[key]/route";
import * as namespaceRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import * as namespacesRoute from "@/app/api/v1/[tenant]/namespaces/route";
import * as rolesRoute from "@/app/api/v1/[tenant]/roles/route";
import * as roleRoute from "@/app/api/v1/[tenant]/roles/[id]/route";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// Values nested absurdly deep and version numbers past any integer are refused with a 4xx (never
// a 500), and nothing is written.

let tenant = "";
let token = "";
const DEPTH = 200_000;
// `{"a":` is five bytes a level: as deep as a body under the 1 MiB limit goes
const OBJECT_DEPTH = 150_000;
const deepJson = (inner: string) => "[".repeat(DEPTH) + inner + "]".repeat(DEPTH);
const deepObject = (inner: string) => '{"a":'.repeat(OBJECT_DEPTH) + inner + "}".repeat(OBJECT_DEPTH);
const HUGE = '"99999999999999999999"';

beforeAll(async () => {
  const admin = await makeUser();
  tenant = (await makeTenant(admin)).id;
  token = await tokenOf(admin);
  const made = await call(namespacesRoute.POST, request("POST", "/", { token, body: { name: "deep" } }), { tenant });
  expect(made.status, made.text).toBe(201);
});

const kvPut = (body: string) =>
  call(kvKeyRoute.PUT, request("PUT", "/", { token, body }), { tenant, namespace: "deep", key: "k" });
const nsPut = (body: string, headers: Record<string, string> = {}) =>
  call(namespaceRoute.PUT, request("PUT", "/", { token, body, headers }), { tenant, namespace: "deep" });

describe("deeply nested values", () => {
  it.each([
    ["an array", deepJson("1")],
    ["an object", deepObject("1")],
  ])("a KV JSON value nested 200,000 levels as %s answers 422", async (_kind, value) => {
    const res = await kvPut(`{"type":"JSON","value":${value}}`);
    expect(res.status, res.text.slice(0, 300)).toBe(422);
    expect(res.json.error.code).toBe("VALIDATION_FAILED");
    expect(res.json.error.details[0].message).toMatch(/nested/);
    expect(await db.kvEntry.count({ where: { tenantId: tenant } })).toBe(0);
  });

  it("a KV value nested within the limit is stored", async () => {
    const res = await kvPut(`{"type":"JSON","value":${"[".repeat(20)}1${"]".repeat(20)}}`);
    expect(res.status, res.text).toBe(201);
    await db.kvEntry.deleteMany({ where: { tenantId: tenant } });
  });

  it.each([
    ["variables", (v: string) => `{"variables":{"x":${v}}}`],
    ["plugin defaults", (v: string) => `{"pluginDefaults":[{"type":"io.x.Log","values":{"x":${v}}}]}`],
  ])("namespace %s nested 200,000 levels deep answer 422", async (_field, body) => {
    for (const value of [deepJson("1"), deepObject("1")]) {
      const res = await nsPut(body(value));
      expect(res.status, res.text.slice(0, 300)).toBe(422);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    const row = await db.namespace.findFirst({ where: { tenantId: tenant, name: "deep" } });
    expect(row?.variables).toBe("{}");
    expect(row?.pluginDefaults).toBe("[]");
  });
});

describe("If-Match past any version", () => {
  it("on a namespace PUT answers 412", async () => {
    const res = await nsPut(JSON.stringify({ description: "changed" }), { "if-match": HUGE });
    expect(res.status, res.text).toBe(412);
    expect(res.json.error.code).toBe("PRECONDITION_FAILED");
    const row = await db.namespace.findFirst({ where: { tenantId: tenant, name: "deep" } });
    expect(row?.description ?? "").not.toBe("changed");
  });

  it("on a role PUT answers 412", async () => {
    const made = await call(rolesRoute.POST, request("POST", "/", { token, body: { name: "Custom", permissions: { FLOW: ["READ"] } } }), { tenant });
    expect(made.status, made.text).toBe(201);
    const res = await call(
      roleRoute.PUT,
      request("PUT", "/", { token, body: { description: "changed" }, headers: { "if-match": HUGE } }),
      { tenant, id: made.json.id },
    );
    expect(res.status, res.text).toBe(412);
    const role = await db.role.findFirst({ where: { tenantId: tenant, id: made.json.id } });
    expect(role?.description ?? "").not.toBe("changed");
  });

  it.each(['"2147483648"', '"9007199254740993"', '"1e3"', '"-1"'])("If-Match %s never reaches the database as a version", async (header) => {
    const res = await nsPut(JSON.stringify({ description: "changed" }), { "if-match": header });
    expect([400, 412]).toContain(res.status);
  });
});
