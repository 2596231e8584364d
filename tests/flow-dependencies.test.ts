import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { flowDependencies } from "@/lib/flows/dependencies";
import { createFlow, deleteFlow } from "@/lib/flows/flows";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { ctxOf, makeTenant, makeUser } from "./helpers";

// The flows around a flow: those it runs, those that run it, those its Flow triggers wait for and
// those whose Flow triggers wait for it; in its tenant only, among the flows the reader may read.

const log = (id: string) => `  - { id: ${id}, type: io.kestra.plugin.core.log.Log, message: hi }`;
const subflow = (id: string, namespace: string, flowId: string) =>
  `  - { id: ${id}, type: io.kestra.plugin.core.flow.Subflow, namespace: ${namespace}, flowId: ${flowId} }`;

let admin: TenantContext;
let other: TenantContext;
let teamReader: TenantContext;

async function flow(ctx: TenantContext, source: string) {
  await createFlow(ctx, source);
}

beforeAll(async () => {
  const tenant = (await makeTenant()).id;
  const otherTenant = (await makeTenant()).id;
  admin = await tenantContext(cliActor(), tenant);
  other = await tenantContext(cliActor(), otherTenant);

  await flow(admin, `id: child\nnamespace: company.team\ntasks:\n${log("a")}`);
  await flow(admin, `id: grandchild\nnamespace: company.data\ntasks:\n${log("a")}`);
  await flow(admin, `id: upstream\nnamespace: company.data\ntasks:\n${log("a")}`);
  // the flow in question: runs child (nested in a Parallel) and a missing flow, waits for upstream
  await flow(
    admin,
    `id: main
namespace: company.team
tasks:
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
${subflow("call-child", "company.team", "child").replace("  -", "      -")}
${subflow("call-missing", "company.team", "nowhere").replace("  -", "      -")}
  - { id: each, type: io.kestra.plugin.core.flow.ForEachItem, items: "{{ inputs.file }}", namespace: company.data, flowId: grandchild }
  - { id: dynamic, type: io.kestra.plugin.core.flow.Subflow, namespace: "{{ inputs.ns }}", flowId: child }
triggers:
  - id: after-upstream
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - { type: io.kestra.plugin.core.condition.ExecutionFlow, namespace: company.data, flowId: upstream }
`,
  );
  // flows that run main, or that start when it ends
  await flow(admin, `id: parent\nnamespace: company.data\ntasks:\n${subflow("run-main", "company.team", "main")}`);
  await flow(admin, `id: team-parent\nnamespace: company.team\ntasks:\n${subflow("run-main", "company.team", "main")}`);
  await flow(
    admin,
    `id: listener
namespace: company.data
tasks:
${log("a")}
triggers:
  - id: on-main
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: main-done
      flows:
        - { namespace: company.team, flowId: main, states: [SUCCESS] }
`,
  );
  // a flow that mentions main but calls another one of that name elsewhere: not a caller
  await flow(admin, `id: lookalike\nnamespace: company.data\ntasks:\n${subflow("main", "company.data", "upstream")}`);
  // a deleted caller is gone
  await flow(admin, `id: old-parent\nnamespace: company.data\ntasks:\n${subflow("run-main", "company.team", "main")}`);
  await deleteFlow(admin, "company.data", "old-parent");

  // another tenant: the same names, calling and triggered by the same names
  await flow(other, `id: main\nnamespace: company.team\ntasks:\n${log("a")}`);
  await flow(other, `id: child\nnamespace: company.team\ntasks:\n${log("a")}`);
  await flow(other, `id: intruder\nnamespace: company.team\ntasks:\n${subflow("run-main", "company.team", "main")}`);
  await flow(
    other,
    `id: other-listener\nnamespace: company.data\ntasks:\n${log("a")}\ntriggers:\n  - { id: t, type: io.kestra.plugin.core.trigger.Flow, conditions: [{ type: io.kestra.plugin.core.condition.ExecutionFlow, namespace: company.team, flowId: main }] }`,
  );

  // a reader of company.team only
  const u = await makeUser();
  await grantAccess(admin, u.username);
  await createBinding(admin, { user: u.username, role: "Viewer", namespace: "company.team" });
  teamReader = await ctxOf(u, tenant);
});

describe("a flow's dependencies", () => {
  it("lists the flows it runs, those that run it, those it waits for and those waiting for it", async () => {
    expect(await flowDependencies(admin, "company.team", "main")).toEqual({
      calls: [
        { namespace: "company.data", flowId: "grandchild" },
        { namespace: "company.team", flowId: "child" },
      ],
      triggeredBy: [{ namespace: "company.data", flowId: "upstream" }],
      callers: [
        { namespace: "company.data", flowId: "parent" },
        { namespace: "company.team", flowId: "team-parent" },
      ],
      triggers: [{ namespace: "company.data", flowId: "listener" }],
    });
  });

  it("never lists another tenant's flow of the same name", async () => {
    const deps = await flowDependencies(other, "company.team", "main");
    expect(deps).toEqual({ calls: [], triggeredBy: [], callers: [{ namespace: "company.team", flowId: "intruder" }], triggers: [{ namespace: "company.data", flowId: "other-listener" }] });
    const mine = await flowDependencies(admin, "company.team", "child");
    expect(mine.callers).toEqual([{ namespace: "company.team", flowId: "main" }]);
  });

  it("lists only flows the reader may read", async () => {
    expect(await flowDependencies(teamReader, "company.team", "main")).toEqual({
      calls: [{ namespace: "company.team", flowId: "child" }],
      triggeredBy: [],
      callers: [{ namespace: "company.team", flowId: "team-parent" }],
      triggers: [],
    });
  });

  it("is a 404 for a flow that is not there or not readable", async () => {
    await expect(flowDependencies(admin, "company.team", "nowhere")).rejects.toMatchObject({ status: 404 });
    await expect(flowDependencies(teamReader, "company.data", "parent")).rejects.toMatchObject({ status: 404 });
  });
});
