import { beforeAll, describe, expect, it } from "vitest";
import * as flowRoute from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import { POST as createFlowRoute } from "@/app/api/v1/[tenant]/flows/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { MAX_FLOW_TYPED_ENTRIES, MAX_REPORTED_PROBLEMS } from "@/lib/flows/bounds";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// Creating and saving flows: permission is checked before the YAML is looked at, the work per
// request is bounded before the YAML is parsed, and a refusal lists at most 100 problems.

const YAML = { "content-type": "application/x-yaml" };
let tenant = "";
let admin = "";

const flowWith = (ns: string, tasks: number, type = "io.kestra.plugin.core.log.Log", id = "big") => {
  const lines = [`id: ${id}`, `namespace: ${ns}`, "tasks:"];
  for (let i = 0; i < tasks; i++) lines.push(`  - id: t${i}`, `    type: ${type}`, "    message: hi");
  return `${lines.join("\n")}\n`;
};
const post = (token: string, body: string) => call(createFlowRoute, request("POST", "/", { token, body, headers: YAML }), { tenant });
const flowCount = () => db.flow.count({ where: { tenantId: tenant } });

async function member(role: string, namespace: string | null) {
  const u = await makeUser();
  const ctx = await tenantContext(cliActor(), tenant);
  await grantAccess(ctx, u.username);
  await createBinding(ctx, { user: u.username, role, namespace });
  return tokenOf(u);
}

beforeAll(async () => {
  const a = await makeUser();
  tenant = (await makeTenant(a)).id;
  admin = await tokenOf(a);
});

describe("permission before validation", () => {
  it("a Viewer sending YAML that does not even parse gets 403, not a validation answer", async () => {
    const viewer = await member("Viewer", null);
    const res = await post(viewer, "id: [unclosed\nnamespace: a\n  bad: indent: here\n");
    expect(res.status, res.text).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(res.json.error.details).toEqual([]);
  });

  it("a Viewer sending thousands of unknown tasks gets 403 without any problem listed", async () => {
    const viewer = await member("Viewer", null);
    const res = await post(viewer, flowWith("a", 5_000, "no.such.Task"));
    expect(res.status).toBe(403);
    expect(res.text.length).toBeLessThan(500);
  });

  it("a Developer of one namespace creating an invalid flow in another gets 403, not its problems", async () => {
    const dev = await member("Developer", "mine");
    const res = await post(dev, flowWith("theirs", 50, "no.such.Task"));
    expect(res.status, res.text).toBe(403);
    expect(res.json.error.message).toMatch(/FLOW:CREATE in namespace theirs/);
    // in their own namespace the same flow is validated
    const own = await post(dev, flowWith("mine", 50, "no.such.Task"));
    expect(own.status).toBe(422);
    expect(await flowCount()).toBe(0);
  });
});

describe("bounded work", () => {
  it(`refuses a flow with more than ${MAX_FLOW_TYPED_ENTRIES} typed entries early with a clear 422`, async () => {
    const res = await post(admin, flowWith("a", MAX_FLOW_TYPED_ENTRIES + 1, "no.such.Task"));
    expect(res.status, res.text.slice(0, 300)).toBe(422);
    expect(res.json.error.message).toMatch(new RegExp(`at most ${MAX_FLOW_TYPED_ENTRIES}`));
    expect(res.json.error.details).toHaveLength(1);
    expect(await flowCount()).toBe(0);
  });

  it("lists the first 100 problems and gives their total", async () => {
    const res = await post(admin, flowWith("a", 300, "no.such.Task"));
    expect(res.status).toBe(422);
    expect(res.json.error.details).toHaveLength(MAX_REPORTED_PROBLEMS);
    const total = Number(/The flow has (\d+) problems \(the first 100 are listed\)/.exec(res.json.error.message)?.[1]);
    expect(total).toBeGreaterThanOrEqual(300);
  });

  it("still accepts a large valid flow below the bound", async () => {
    const res = await post(admin, flowWith("a", 1_000));
    expect(res.status, res.text.slice(0, 300)).toBe(201);
  });

  it("bounds a save the same way, and lists at most 100 problems", async () => {
    const put = (body: string) =>
      call(flowRoute.PUT, request("PUT", "/", { token: admin, body, headers: { ...YAML, "if-match": '"1"' } }), { tenant, namespace: "a", id: "big" });
    const tooLarge = await put(flowWith("a", MAX_FLOW_TYPED_ENTRIES + 1, "no.such.Task"));
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.json.error.details).toHaveLength(1);
    const invalid = await put(flowWith("a", 300, "no.such.Task"));
    expect(invalid.status).toBe(422);
    expect(invalid.json.error.details).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect((await db.flow.findFirst({ where: { tenantId: tenant, namespace: "a", flowId: "big" } }))?.revision).toBe(1);
  });
});
