import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { putKv } from "@/lib/kv/kv";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { conditionalInputs, resolveInputs, validInputs } from "@/lib/executions/inputs";
import { InternalStorage } from "@/lib/executions/internal-storage";
import { ENCRYPTED_TYPE } from "@/lib/executions/secret-inputs";
import { execution, run } from "@/lib/executions/test-support";
import { formInputs } from "@/components/executions/flow-inputs";
import { makeTenant } from "../helpers";

// A new execution's inputs: typed, defaults rendered, every bad input reported at once, FILE
// uploads stored under the tenant's prefix, SECRET values sealed in the execution and masked.

let tenant = "";
let other = "";
const flow = (inputs: unknown[]) => ({ id: "hello", namespace: "company.team", inputs, tasks: [] });
const ctxFor = (tenantId: string, executionId = "exec1") => ({
  db: tenantDb(tenantId),
  tenantId,
  executionId,
  variables: { flow: { id: "hello", namespace: "company.team" }, execution: { id: executionId } },
  now: () => new Date("2026-03-01T12:00:00Z"),
});

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  const ctx = await tenantContext(cliActor(), tenant);
  await createNamespace(ctx, { name: "company.team" });
  await putKv(ctx, "company.team", "region", { type: "STRING", value: "eu-west" });
});

describe("resolveInputs", () => {
  it("converts given values, renders defaults (with earlier inputs, kv() and now()), leaves optional ones null", async () => {
    const { inputs, errors } = await resolveInputs(
      ctxFor(tenant),
      flow([
        { id: "count", type: "INT", min: 1 },
        { id: "name", type: "STRING", defaults: "user-{{ inputs.count * 2 }}" },
        { id: "region", type: "STRING", defaults: "{{ kv('region') }}" },
        { id: "day", type: "DATE", defaults: "{{ now() | date('yyyy-MM-dd') }}" },
        { id: "tags", type: "ARRAY", itemType: "STRING", defaults: ["a", "b"] },
        { id: "choice", type: "ENUM", values: ["x", "y"], defaults: "y" },
        { id: "optional", type: "STRING", required: false },
        { id: "conf", type: "JSON" },
        { id: "env", type: "SELECT", expression: "{{ ['dev', 'prod'] | toJson }}", defaults: "prod" },
      ]),
      { count: "21", conf: '{"a":1}', undeclared: "ignored" },
    );
    expect(errors).toEqual([]);
    expect(inputs).toEqual({ count: 21, name: "user-42", region: "eu-west", day: "2026-03-01", tags: ["a", "b"], choice: "y", optional: null, conf: { a: 1 }, env: "prod" });
  });

  it("reports every bad input at once, each by its id; validInputs answers 422 with them", async () => {
    const f = flow([
      { id: "count", type: "INT", max: 10 },
      { id: "email", type: "EMAIL" },
      { id: "when", type: "DATETIME" },
      { id: "required", type: "STRING" },
      { id: "broken", type: "STRING", defaults: "{{ nope }}" },
      { id: "fine", type: "BOOLEAN" },
      { id: "env", type: "SELECT", expression: "{{ ['dev'] | toJson }}" },
    ]);
    const given = { count: "11", email: "nope", when: "yesterday", fine: "true", env: "prod" };
    const { errors } = await resolveInputs(ctxFor(tenant), f, given);
    expect(errors.map((e) => e.input)).toEqual(["count", "email", "when", "required", "broken", "env"]);
    expect(errors[5].message).toBe('must be one of "dev", not "prod"');
    expect(errors[0].message).toBe("must be at most 10");
    expect(errors[3].message).toBe("is required and was not given");
    expect(errors[4].message).toMatch(/^cannot render its default: .*nope/);
    const refused = await validInputs(ctxFor(tenant), f, given).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(422);
    expect((refused as AppError).details.map((d) => d.path)).toEqual(["inputs.count", "inputs.email", "inputs.when", "inputs.required", "inputs.broken", "inputs.env"]);
    expect((refused as AppError).details[1].message).toBe('input "email" must be an email address, not "nope"');
  });

  it("reads BOOL (the orchestrator 1.x's name) as BOOLEAN: typed, defaulted, refused when not true or false", async () => {
    const f = flow([
      { id: "dryRun", type: "BOOL", defaults: true },
      { id: "notify", type: "BOOL" },
    ]);
    expect(await resolveInputs(ctxFor(tenant), f, { notify: "false" })).toEqual({ inputs: { dryRun: true, notify: false }, errors: [] });
    expect(await resolveInputs(ctxFor(tenant), f, { dryRun: false, notify: true })).toEqual({ inputs: { dryRun: false, notify: true }, errors: [] });
    expect((await resolveInputs(ctxFor(tenant), f, { notify: "maybe" })).errors).toEqual([{ input: "notify", message: 'must be true or false, not "maybe"' }]);
    // the Execute form shows a BOOL as the BOOLEAN checkbox, with its default
    expect(formInputs(f.inputs).map((i) => [i.id, i.type, i.initial])).toEqual([["dryRun", "BOOLEAN", true], ["notify", "BOOLEAN", false]]);
  });

  it("leaves out a conditional input whose dependsOn condition is false, unchecked", async () => {
    const f = flow([
      { id: "notify", type: "BOOLEAN" },
      { id: "email", type: "EMAIL", dependsOn: { inputs: ["notify"], condition: "{{ inputs.notify }}" } },
    ]);
    expect(await resolveInputs(ctxFor(tenant), f, { notify: false, email: "not checked" })).toEqual({ inputs: { notify: false }, errors: [] });
    const on = await resolveInputs(ctxFor(tenant), f, { notify: "true" });
    expect(on.errors).toEqual([{ input: "email", message: "is required and was not given" }]);
    const broken = flow([{ id: "x", type: "STRING", dependsOn: { condition: "{{ nope }}" } }]);
    const refused = await resolveInputs(ctxFor(tenant), broken, { x: "v" });
    expect(refused.errors[0].message).toMatch(/^cannot render its dependsOn condition: .*nope/);
  });

  it("resolves the inputs a conditional one depends on first, even when declared after it", async () => {
    const f = flow([
      { id: "email", type: "EMAIL", dependsOn: { inputs: ["notify"], condition: "{{ inputs.notify }}" } },
      { id: "notify", type: "BOOLEAN", defaults: true },
    ]);
    const on = await resolveInputs(ctxFor(tenant), f, { email: "ops@example.com" });
    expect(on).toEqual({ inputs: { email: "ops@example.com", notify: true }, errors: [] });
    expect(Object.keys(on.inputs)).toEqual(["email", "notify"]);
    expect(await resolveInputs(ctxFor(tenant), f, { notify: "false", email: "not an address" })).toEqual({ inputs: { notify: false }, errors: [] });
    expect((await resolveInputs(ctxFor(tenant), f, { email: "nope" })).errors).toEqual([{ input: "email", message: 'must be an email address, not "nope"' }]);
  });

  it("leaves out what depends on a left-out or refused input, and enables only on a condition that is true", async () => {
    const f = flow([
      { id: "mode", type: "SELECT", values: ["simple", "advanced"], defaults: "simple" },
      { id: "region", type: "STRING", dependsOn: { inputs: ["mode"], condition: "{{ inputs.mode == 'advanced' }}" } },
      { id: "zone", type: "STRING", dependsOn: { inputs: ["region"] } },
      { id: "count", type: "INT", defaults: 0 },
      { id: "limit", type: "INT", dependsOn: { inputs: ["count"], condition: "{{ inputs.count > 1 }}" } },
      { id: "name", type: "STRING", defaults: "yes" },
      { id: "note", type: "STRING", dependsOn: { inputs: ["name"], condition: "{{ inputs.name }}" } },
    ]);
    expect(await resolveInputs(ctxFor(tenant), f, {})).toEqual({ inputs: { mode: "simple", count: 0, name: "yes" }, errors: [] });
    const advanced = await resolveInputs(ctxFor(tenant), f, { mode: "advanced", region: "eu", count: "3" });
    expect(advanced.errors).toEqual([
      { input: "zone", message: "is required and was not given" },
      { input: "limit", message: "is required and was not given" },
    ]);
    // a refused dependency is the only error: what depends on it is not checked
    expect((await resolveInputs(ctxFor(tenant), f, { count: "many" })).errors).toEqual([{ input: "count", message: 'must be an integer, not "many"' }]);
  });

  it("refuses inputs whose dependsOn form a cycle", async () => {
    const f = flow([
      { id: "a", type: "STRING", dependsOn: { inputs: ["b"] } },
      { id: "b", type: "STRING", dependsOn: { inputs: ["a"] } },
      { id: "c", type: "STRING", dependsOn: { inputs: ["c", "undeclared"] } },
    ]);
    expect(await resolveInputs(ctxFor(tenant), f, { a: "1", b: "2", c: "3" })).toEqual({
      inputs: { c: "3" },
      errors: [{ input: "b", message: "its dependsOn forms a cycle: a -> b -> a" }],
    });
  });

  it("tells the form which conditional inputs are asked for, storing nothing", async () => {
    const f = flow([
      { id: "notify", type: "BOOLEAN", defaults: false },
      { id: "email", type: "EMAIL", dependsOn: { inputs: ["notify"], condition: "{{ inputs.notify }}" } },
      { id: "report", type: "FILE", required: false },
      { id: "format", type: "SELECT", values: ["csv", "json"], dependsOn: { inputs: ["report"], condition: "{{ inputs.report != null }}" } },
    ]);
    expect(await conditionalInputs(ctxFor(tenant, "preview"), f, {})).toEqual({ email: false, format: false });
    expect(await conditionalInputs(ctxFor(tenant, "preview"), f, { notify: "true", report: "orders.csv" })).toEqual({ email: true, format: true });
    expect(await new InternalStorage(tenantDb(tenant), "company.team").get("kestra:///company/team/hello/executions/preview/inputs/report/orders.csv")).toBeNull();
  });

  it("stores a FILE upload in the execution's folder under the tenant's prefix; a URI of another execution is refused", async () => {
    const f = flow([{ id: "data", type: "FILE" }]);
    const { inputs } = await resolveInputs(ctxFor(tenant), f, { data: { filename: "../../My Orders.csv", body: new TextEncoder().encode("a,b\n") } });
    expect(inputs.data).toBe("kestra:///company/team/hello/executions/exec1/inputs/data/My_Orders.csv");
    const bytes = await new InternalStorage(tenantDb(tenant), "company.team").get(String(inputs.data));
    expect(new TextDecoder().decode(bytes!)).toBe("a,b\n");
    expect(await new InternalStorage(tenantDb(other), "company.team").get(String(inputs.data))).toBeNull();
    // the stored URI is accepted again for the same execution (a restart), not for another
    expect((await resolveInputs(ctxFor(tenant), f, { data: inputs.data })).inputs.data).toBe(inputs.data);
    const foreign = await resolveInputs(ctxFor(tenant, "exec2"), f, { data: inputs.data });
    expect(foreign.errors).toEqual([{ input: "data", message: "must be an uploaded file" }]);
    const form = new FormData();
    form.append("data", new File(["from a form"], "form.txt", { type: "text/plain" }));
    const fromForm = await resolveInputs(ctxFor(tenant, "exec3"), f, { data: form.get("data") });
    expect(fromForm.inputs.data).toBe("kestra:///company/team/hello/executions/exec3/inputs/data/form.txt");
    expect((await resolveInputs(ctxFor(tenant), f, { data: "just text" })).errors).toEqual([{ input: "data", message: "must be an uploaded file" }]);
  });

  it("seals a SECRET input; a task sees the value and its outputs and logs show it masked", async () => {
    const { inputs } = await resolveInputs(ctxFor(tenant), flow([{ id: "password", type: "SECRET", validator: "^p.*" }]), { password: "p4ssw0rd-xyz" });
    expect(inputs.password).toMatchObject({ type: ENCRYPTED_TYPE });
    expect(JSON.stringify(inputs)).not.toContain("p4ssw0rd-xyz");
    const { result, logs } = await run(
      { id: "l", type: "io.kestra.plugin.core.log.Log", message: "pw={{ inputs.password }} len={{ inputs.password | length }}" },
      { tenantId: tenant, execution: execution({ tenantId: tenant }), variables: { inputs } },
    );
    expect(result.state).toBe("SUCCESS");
    expect(logs).toEqual([{ level: "INFO", message: "pw=****** len=12" }]);
    // sealed for this execution: another execution's copy does not open
    const elsewhere = await run({ id: "r", type: "io.kestra.plugin.core.debug.Return", format: "{{ inputs.password }}" }, {
      tenantId: tenant,
      execution: execution({ tenantId: tenant, id: "exec2" }),
      variables: { inputs },
    });
    expect(elsewhere.result).toEqual({
      state: "FAILED",
      error: 'the SECRET input "password" cannot be opened here: it was sealed for another execution or with another instance key',
    });
  });
});
