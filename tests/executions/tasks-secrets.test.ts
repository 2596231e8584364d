import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { putSecret } from "@/lib/secrets/secrets";
import { run } from "@/lib/executions/test-support";
import { makeTenant } from "../helpers";

// secret() resolves in the execution's tenant and namespace chain (restricting ancestors skipped),
// and every value it returned is masked in the task's logs, outputs and errors.

const LOG = "io.kestra.plugin.core.log.Log";
const RETURN = "io.kestra.plugin.core.debug.Return";
const OUTPUTS = "io.kestra.plugin.core.output.OutputValues";
const FAIL = "io.kestra.plugin.core.execution.Fail";

let tenant = "";
let other = "";

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  const ctx = await tenantContext(cliActor(), tenant);
  for (const ns of ["company", "company.team", "closed", "closed.sub"]) await createNamespace(ctx, { name: ns });
  await putSecret(ctx, null, "TENANT_WIDE", { value: "tenant-value" });
  await putSecret(ctx, "company", "API_KEY", { value: "company-key" });
  await putSecret(ctx, "company.team", "API_KEY", { value: "team-key-123" });
  await putSecret(ctx, "closed", "CLOSED", { value: "closed-value" });
  await updateNamespace(ctx, "closed", { allowedNamespaces: ["finance"] });
  await putSecret(await tenantContext(cliActor(), other), "company.team", "OTHER", { value: "other-tenant-value" });
});

describe("secret()", () => {
  it("the nearest namespace's value wins, the tenant's is seen from everywhere; values are masked in logs", async () => {
    const { result, logs } = await run({ id: "l", type: LOG, message: ["key={{ secret('API_KEY') }}", "{{ secret('TENANT_WIDE') }}!"] }, { tenantId: tenant });
    expect(result.state).toBe("SUCCESS");
    expect(logs).toEqual([{ level: "INFO", message: "key=******" }, { level: "INFO", message: "******!" }]);
  });

  it("the value itself is what the task uses (checked through a filter), and outputs are masked", async () => {
    const { result } = await run(
      { id: "o", type: OUTPUTS, values: { len: "{{ secret('API_KEY') | length }}", raw: "{{ secret('API_KEY') }}", nested: ["a {{ secret('API_KEY') }}"] } },
      { tenantId: tenant },
    );
    expect(result.outputs).toEqual({ values: { len: "12", raw: "******", nested: ["a ******"] } });
  });

  it("errors carrying a secret are masked too", async () => {
    const { result } = await run({ id: "f", type: FAIL, errorMessage: "token {{ secret('API_KEY') }} refused" }, { tenantId: tenant });
    expect(result).toEqual({ state: "FAILED", error: "token ****** refused" });
  });

  it("an ancestor that does not allow the namespace is skipped", async () => {
    const { result } = await run({ id: "r", type: RETURN, format: "{{ secret('CLOSED') }}" }, { tenantId: tenant, namespace: "closed.sub" });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/cannot find secret for key 'CLOSED'/);
    const own = await run({ id: "r", type: RETURN, format: "{{ secret('CLOSED') | length }}" }, { tenantId: tenant, namespace: "closed" });
    expect(own.result.outputs).toEqual({ value: "12" });
  });

  it("never reaches another tenant's secrets", async () => {
    const { result } = await run({ id: "r", type: RETURN, format: "{{ secret('OTHER') }}" }, { tenantId: tenant });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/cannot find secret for key 'OTHER'/);
    const theirs = await run({ id: "r", type: RETURN, format: "{{ secret('OTHER') }}" }, { tenantId: other });
    expect(theirs.result.outputs).toEqual({ value: "******" });
  });
});

describe("plugin defaults of the namespace chain, read from the database", () => {
  it("apply when the worker passes none: nearest wins, a forced ancestor holds", async () => {
    const ctx = await tenantContext(cliActor(), tenant);
    await updateNamespace(ctx, "company", { pluginDefaults: [{ type: "io.kestra.plugin.core.log", forced: true, values: { level: "ERROR" } }] });
    await updateNamespace(ctx, "company.team", { pluginDefaults: [{ type: LOG, values: { level: "DEBUG" } }] });
    const { logs } = await run({ id: "l", type: LOG, message: "m", level: "INFO" }, { tenantId: tenant, namespaceDefaults: undefined });
    expect(logs).toEqual([{ level: "ERROR", message: "m" }]);
    const returned = await run({ id: "r", type: RETURN }, { tenantId: tenant, namespaceDefaults: undefined });
    expect(returned.result.outputs).toEqual({ value: null });
    await updateNamespace(ctx, "company", { pluginDefaults: [] });
    const nearest = await run({ id: "l", type: LOG, message: "m" }, { tenantId: tenant, namespaceDefaults: undefined });
    expect(nearest.logs).toEqual([{ level: "DEBUG", message: "m" }]);
  });
});
