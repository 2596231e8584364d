import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as webhookRoute from "@/app/api/v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]/route";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { db } from "@/lib/db";
import { getExecution, waitForEnd } from "@/lib/executions/executions";
import { InternalStorage } from "@/lib/executions/internal-storage";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow, updateFlow } from "@/lib/flows/flows";
import { putSecret } from "@/lib/secrets/secrets";
import { deleteTenant } from "@/lib/tenants/tenants";
import { setBackfill, setTriggerDisabled } from "@/lib/triggers/triggers";
import { takeRate } from "@/lib/auth/throttle";
import { sameKey } from "@/lib/triggers/webhook";
import { call, makeTenant, request } from "../helpers";
import { emptyQueue } from "../executions/support/data";

// Webhook triggers end to end on the real engine in this process: the request's body, headers and
// query reach the execution as trigger.*, the trigger's inputs are rendered with them; every way of
// missing a webhook is the same 404 and creates nothing in any tenant; wait and returnOutputs; the
// per-tenant rate; the key compared in constant time.

const NS = "company.team";
const KEY = "s3cr3t-hook-key-4wjtkzwVGBM9";
const hooked = (id: string, extra = "", trigger = "") => `id: ${id}
namespace: ${NS}
inputs:
  - id: who
    type: STRING
tasks:
  - id: echo
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.who }}|{{ trigger.body.name }}|{{ trigger.headers['x-source'][0] }}|{{ trigger.parameters.tag[0] }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.echo.value }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: ${KEY}
    inputs:
      who: "{{ trigger.body.name }}-input"
${trigger}${extra}`;

let roles: Role[] = [];
let tenant = "";
let other = "";
let ctx: TenantContext;
let otherCtx: TenantContext;

beforeAll(async () => {
  await emptyQueue();
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 4, leaseMs: 30_000, heartbeatMs: 500 })];
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  ctx = await tenantContext(cliActor(), tenant);
  otherCtx = await tenantContext(cliActor(), other);
  await createFlow(ctx, hooked("hooked"));
  await createFlow(ctx, hooked("waiting", "", "    wait: true\n    returnOutputs: true\n"));
  await createFlow(ctx, hooked("waits", "", "    wait: true\n"));
  await createFlow(ctx, hooked("yaml-off", "", "    disabled: true\n"));
  await createFlow(ctx, hooked("api-off"));
  await createFlow(ctx, hooked("flow-off", "disabled: true\n"));
  await createFlow(ctx, hooked("conditional", "", "    conditions:\n      - type: io.kestra.plugin.core.condition.ExpressionCondition\n        expression: \"{{ trigger.body.name == 'ada' }}\"\n"));
  await createFlow(
    ctx,
    hooked(
      "dated",
      "",
      "    conditions:\n      - type: io.kestra.plugin.core.condition.Or\n        conditions:\n          - type: io.kestra.plugin.core.condition.Weekend\n            date: \"{{ trigger.body.day }}\"\n          - type: io.kestra.plugin.core.condition.PublicHoliday\n            country: FR\n            date: \"{{ trigger.body.day }}\"\n",
    ),
  );
  await createFlow(
    ctx,
    `id: failing\nnamespace: ${NS}\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: no\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n    wait: true\n`,
  );
  await createFlow(ctx, `id: plain\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n`);
  await putSecret(ctx, NS, "HOOK_KEY", { value: "key-from-a-secret-x7" });
  await createFlow(ctx, `id: secret-key\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: "{{ secret('HOOK_KEY') }}"\n`);
  await createFlow(
    ctx,
    `id: form\nnamespace: ${NS}\ninputs:\n  - id: doc\n    type: FILE\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ trigger.formFields.name }}|{{ trigger.formFields.tag | join(',') }}"\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n    inputs:\n      doc: "{{ trigger.parts.doc }}"\n`,
  );
  await createFlow(ctx, `id: stored\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n    fetchType: STORE\n`);
  await createFlow(
    ctx,
    `id: html\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: "<p>{{ trigger.body.name }}</p>"\noutputs:\n  - id: page\n    type: STRING\n    value: "{{ outputs.t.value }}"\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n    wait: true\n    returnOutputs: true\n    responseContentType: text/html\n`,
  );
  await setTriggerDisabled(ctx, { namespace: NS, flowId: "api-off", triggerId: "hook" }, true);
  // the other tenant: the same flow and key, and a flow only it has
  await createFlow(otherCtx, hooked("hooked"));
  await createFlow(otherCtx, hooked("only-other"));
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
});

type Call = { method?: "GET" | "POST" | "PUT"; body?: unknown; headers?: Record<string, string>; query?: string };
const hook = (t: string, flowId: string, key = KEY, c: Call = {}) => {
  const method = c.method ?? "POST";
  return call(webhookRoute[method], request(method, `/${c.query ?? ""}`, { body: c.body, headers: c.headers }), { tenant: t, namespace: NS, flowId, key });
};
const executions = () => db.execution.count();

describe("a webhook call", () => {
  it("starts the flow with the body, headers and query as trigger.*, and the trigger's inputs rendered with them", async () => {
    const res = await hook(tenant, "hooked", KEY, {
      body: { name: "ada" },
      headers: { "x-source": "ci", authorization: "Bearer not-for-the-flow", cookie: "next-auth.session-token=not-for-the-flow" },
      query: "?tag=v1&tag=v2",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ namespace: NS, flowId: "hooked", state: { current: "CREATED" }, trigger: { kind: "webhook", id: "hook" } });
    expect(res.text).not.toContain(KEY);
    const ended = await waitForEnd(ctx, res.json.id, 30_000);
    expect(ended.state.current).toBe("SUCCESS");
    expect(ended.inputs).toEqual({ who: "ada-input" });
    expect(ended.taskRunList[0].outputs).toEqual({ value: "ada-input|ada|ci|v1" });
    const variables = ended.trigger!.variables as { body: unknown; headers: Record<string, string[]>; parameters: Record<string, string[]> };
    expect(variables.body).toEqual({ name: "ada" });
    expect(variables.headers["x-source"]).toEqual(["ci"]);
    expect(variables.parameters).toEqual({ tag: ["v1", "v2"] });
    // the caller's credentials for this instance are not kept in an execution others may read
    expect(variables.headers.authorization).toBeUndefined();
    expect(variables.headers.cookie).toBeUndefined();
    // the audit entry names the trigger kind, never the key
    const entry = await db.auditLog.findFirstOrThrow({ where: { tenantId: tenant, resourceType: "EXECUTION", resourceId: res.json.id } });
    expect(JSON.stringify(entry)).toContain("webhook");
    expect(JSON.stringify(entry)).not.toContain(KEY);
  });

  it("answers 422 and starts nothing when the trigger's inputs cannot be rendered", async () => {
    const before = await executions();
    const res = await hook(tenant, "hooked", KEY, { body: "no name here", headers: { "content-type": "text/plain" } });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.details[0].path).toBe("inputs");
    expect(await executions()).toBe(before);
  });

  it("passes a text body as text and answers GET and PUT alike", async () => {
    const put = await hook(tenant, "plain", KEY, { method: "PUT", body: "plain words", headers: { "content-type": "text/plain" } });
    expect(put.status, put.text).toBe(200);
    const got = await hook(tenant, "plain", KEY, { method: "GET" });
    expect(got.status, got.text).toBe(200);
    expect((await getExecution(ctx, put.json.id)).trigger?.variables?.body).toBe("plain words");
    expect((await getExecution(ctx, got.json.id)).trigger?.variables?.body).toBeNull();
  });

  it("renders a key written as an expression with the flow's context (secret())", async () => {
    expect((await hook(tenant, "secret-key", "key-from-a-secret-x7")).status).toBe(200);
    expect((await hook(tenant, "secret-key", "{{ secret('HOOK_KEY') }}")).status).toBe(404);
  });

  it("with wait and returnOutputs answers the flow's outputs once it ended", async () => {
    const res = await hook(tenant, "waiting", KEY, { body: { name: "grace" }, headers: { "x-source": "cron" }, query: "?tag=t" });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ greeting: "grace-input|grace|cron|t" });
  });

  it("with wait answers the ended execution, 500 when it failed", async () => {
    const ok = await hook(tenant, "waits", KEY, { body: { name: "x" }, headers: { "x-source": "s" }, query: "?tag=t" });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ flowId: "waits", state: { current: "SUCCESS" }, outputs: { greeting: "x-input|x|s|t" } });
    const failed = await hook(tenant, "failing", KEY);
    expect(failed.status, failed.text).toBe(500);
    expect(failed.json).toMatchObject({ flowId: "failing", state: { current: "FAILED" } });
  });

  it("answers 204 and starts nothing when the trigger's conditions do not hold", async () => {
    const before = await executions();
    const res = await hook(tenant, "conditional", KEY, { body: { name: "bob" } });
    expect(res.status).toBe(204);
    expect(await executions()).toBe(before);
    expect((await hook(tenant, "conditional", KEY, { body: { name: "ada" } })).status).toBe(200);
  });

  it("evaluates Or over date conditions on a date the request gives, and answers 422 naming a date it cannot read", async () => {
    const before = await executions();
    // a Tuesday that is no holiday
    expect((await hook(tenant, "dated", KEY, { body: { name: "ada", day: "2025-07-15" } })).status).toBe(204);
    expect(await executions()).toBe(before);
    // Bastille Day, then a Saturday
    const holiday = await hook(tenant, "dated", KEY, { body: { name: "ada", day: "2025-07-14" } });
    expect(holiday.status, holiday.text).toBe(200);
    expect((await hook(tenant, "dated", KEY, { body: { name: "ada", day: "2025-07-12T10:00:00+02:00" } })).status).toBe(200);
    expect(await executions()).toBe(before + 2);
    const bad = await hook(tenant, "dated", KEY, { body: { name: "ada", day: "tomorrow" } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('date \\"tomorrow\\" is not an ISO-8601 date');
    expect(await executions()).toBe(before + 2);
  });
});

describe("a webhook that cannot be reached", () => {
  const gone = (t: () => string, flowId: string, key = KEY) => [t, flowId, key] as const;
  const cases = {
    "a wrong key": gone(() => tenant, "hooked", `${KEY}x`),
    "a key that differs in case": gone(() => tenant, "hooked", KEY.toUpperCase()),
    "a missing flow": gone(() => tenant, "nope"),
    "a trigger disabled in the YAML": gone(() => tenant, "yaml-off"),
    "a trigger disabled through the API": gone(() => tenant, "api-off"),
    "a disabled flow": gone(() => tenant, "flow-off"),
    "another tenant's flow, named under this tenant": gone(() => tenant, "only-other"),
    "a tenant that does not exist": gone(() => "no-such-tenant-x1", "hooked"),
    "a malformed namespace or key": gone(() => tenant, "hooked", "k".repeat(300)),
  };

  it.each(Object.entries(cases))("%s: 404, the same answer each time, and no execution in any tenant", async (_name, [t, flowId, key]) => {
    const before = await executions();
    const res = await hook(t(), flowId, key, { body: { name: "eve" } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: "NOT_FOUND", message: "Not found", details: [] } });
    expect(res.text).not.toContain(KEY);
    expect(await executions()).toBe(before);
  });

  it("a deleted tenant: 404, the same answer, nothing created", async () => {
    const doomed = (await makeTenant()).id;
    await createFlow(await tenantContext(cliActor(), doomed), hooked("hooked"));
    await deleteTenant(cliActor(), doomed);
    const before = await executions();
    const res = await hook(doomed, "hooked");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: "NOT_FOUND", message: "Not found", details: [] } });
    expect(await executions()).toBe(before);
  });

  it("a call naming one tenant never starts the same flow and key of another tenant", async () => {
    const inOther = await db.execution.count({ where: { tenantId: other } });
    const res = await hook(tenant, "hooked", KEY, { body: { name: "t" } });
    expect(res.status).toBe(200);
    expect((await db.execution.findUniqueOrThrow({ where: { id: res.json.id } })).tenantId).toBe(tenant);
    expect(await db.execution.count({ where: { tenantId: other } })).toBe(inOther);
  });

  it("a trigger enabled again through the API, or a flow saved enabled, answers again", async () => {
    await setTriggerDisabled(ctx, { namespace: NS, flowId: "api-off", triggerId: "hook" }, false);
    expect((await hook(tenant, "api-off", KEY, { body: { name: "a" } })).status).toBe(200);
    await updateFlow(ctx, NS, "flow-off", hooked("flow-off"), 1);
    expect((await hook(tenant, "flow-off", KEY, { body: { name: "a" } })).status).toBe(200);
  });
});

describe("a webhook trigger's row", () => {
  it("has no dates: a backfill of it is refused (422)", async () => {
    await expect(setBackfill(ctx, { namespace: NS, flowId: "hooked", triggerId: "hook" }, { start: "2026-01-01T00:00:00Z" })).rejects.toMatchObject({ status: 422 });
    const row = await db.trigger.findFirstOrThrow({ where: { tenantId: tenant, namespace: NS, flowId: "hooked", triggerId: "hook" } });
    expect([row.nextDate, row.backfillStart]).toEqual([null, null]);
  });
});

describe("webhook bodies", () => {
  it("refuses a body over the limit (413), broken JSON (400) and JSON nested too deep (422), creating nothing", async () => {
    const before = await executions();
    const json = { "content-type": "application/json" };
    expect((await hook(tenant, "hooked", KEY, { body: "x".repeat(1024 * 1024 + 1), headers: { "content-type": "text/plain" } })).status).toBe(413);
    expect((await hook(tenant, "hooked", KEY, { body: '{"name": ', headers: json })).status).toBe(400);
    expect((await hook(tenant, "hooked", KEY, { body: "[".repeat(100) + "]".repeat(100), headers: json })).status).toBe(422);
    expect(await executions()).toBe(before);
  });

  it("passes bytes base64-encoded", async () => {
    const res = await hook(tenant, "plain", KEY, { body: "\u0001\u0002bin", headers: { "content-type": "application/octet-stream" } });
    expect(res.status, res.text).toBe(200);
    expect((await getExecution(ctx, res.json.id)).trigger?.variables?.body).toBe(Buffer.from("\u0001\u0002bin").toString("base64"));
  });
});

describe("webhook forms, stored bodies and answer types", () => {
  const boundary = "----tenantflowBoundary7MA4YWxk";
  const form = (parts: string[]) => ({ body: parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("") + `--${boundary}--\r\n`, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
  const field = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
  const file = (name: string, filename: string, value: string) => `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${value}`;

  it("passes a multipart form's fields as trigger.formFields and its files, stored, as trigger.parts (a FILE input takes one)", async () => {
    const res = await hook(tenant, "form", KEY, form([field("name", "ada"), field("tag", "a"), field("tag", "b"), file("doc", "../../report.csv", "x,y\n1,2\n")]));
    expect(res.status, res.text).toBe(200);
    const ended = await waitForEnd(ctx, res.json.id, 60_000);
    expect(ended.state.current).toBe("SUCCESS");
    const variables = ended.trigger?.variables as { formFields: unknown; parts: { doc: string }; body: unknown };
    expect(variables.formFields).toEqual({ name: "ada", tag: ["a", "b"] });
    expect(variables.body).toBeNull();
    // stored in this execution's own folder, the file name reduced to its last plain segment
    expect(variables.parts.doc).toBe(`kestra:///company/team/form/executions/${res.json.id}/trigger/parts/1/report.csv`);
    expect(ended.inputs.doc).toBe(variables.parts.doc);
    expect(ended.taskRunList[0].outputs).toEqual({ value: "ada|a,b" });
    const stored = await new InternalStorage(ctx.db, NS).get(variables.parts.doc);
    expect(Buffer.from(stored!).toString()).toBe("x,y\n1,2\n");
    // the other tenant's storage has nothing at that URI
    expect(await new InternalStorage(otherCtx.db, NS).get(variables.parts.doc)).toBeNull();
  });

  it("refuses a form it cannot read (400) and creates nothing", async () => {
    const before = await executions();
    const res = await hook(tenant, "form", KEY, { body: "not a form", headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
    expect(res.status).toBe(400);
    expect(await executions()).toBe(before);
  });

  it("with fetchType STORE stores a bytes body and gives its URI as trigger.uri", async () => {
    const res = await hook(tenant, "stored", KEY, { body: "\u0001\u0002bin", headers: { "content-type": "application/octet-stream" } });
    expect(res.status, res.text).toBe(200);
    const variables = (await getExecution(ctx, res.json.id)).trigger?.variables as { uri: string; body: unknown };
    expect(variables.body).toBeNull();
    expect(variables.uri).toBe(`kestra:///company/team/stored/executions/${res.json.id}/trigger/body`);
    expect(Buffer.from((await new InternalStorage(ctx.db, NS).get(variables.uri))!).toString()).toBe("\u0001\u0002bin");
  });

  it("answers returnOutputs in the trigger's responseContentType: a single text output as it is", async () => {
    const res = await hook(tenant, "html", KEY, { body: { name: "ada" } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(res.text).toBe("<p>ada</p>");
  });

  it("the validator refuses an unknown fetchType and a responseContentType that is not a media type", async () => {
    const bad = (extra: string) => createFlow(ctx, `id: bad-hook\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n${extra}`);
    await expect(bad("    fetchType: SOMETIMES\n")).rejects.toThrow();
    await expect(bad('    responseContentType: "text/html\\r\\nX-Evil: 1"\n')).rejects.toThrow();
  });
});

describe("the webhook rate", () => {
  it("answers 429 with Retry-After once a tenant's calls pass the limit, found or not; other tenants are not held back", async () => {
    process.env.TENANTFLOW_WEBHOOK_RATE_LIMIT = "3";
    resetConfigCache();
    try {
      const busy = (await makeTenant()).id;
      const calm = (await makeTenant()).id;
      for (let i = 0; i < 3; i++) expect((await hook(busy, "hooked", "wrong")).status).toBe(404);
      const refused = await hook(busy, "hooked", "wrong");
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe("TOO_MANY_REQUESTS");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await hook(calm, "hooked", "wrong")).status).toBe(404);
    } finally {
      delete process.env.TENANTFLOW_WEBHOOK_RATE_LIMIT;
      resetConfigCache();
    }
  });

  it("counts per tenant per minute in the database, so every app instance shares the count, and starts over after the minute", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    const key = `test-rate:${crypto.randomUUID()}`;
    expect([await takeRate(key, 2, 60_000, t0), await takeRate(key, 2, 60_000, t0)]).toEqual([0, 0]);
    expect(await takeRate(key, 2, 60_000, new Date(t0.getTime() + 15_000))).toBe(45);
    expect((await db.loginThrottle.findUnique({ where: { key } }))?.failures).toBe(2);
    expect(await takeRate(`${key}-b`, 2, 60_000, t0)).toBe(0);
    expect(await takeRate(key, 2, 60_000, new Date(t0.getTime() + 60_000))).toBe(0);
  });
});

describe("the key comparison", () => {
  it("goes through crypto.timingSafeEqual on equal-length digests, whatever the keys' lengths", async () => {
    const spy = vi.spyOn(crypto, "timingSafeEqual");
    try {
      expect(sameKey("abc", "abc")).toBe(true);
      expect(sameKey("abc", "abd")).toBe(false);
      expect(sameKey("a", "a much longer key")).toBe(false);
      expect(spy).toHaveBeenCalledTimes(3);
      for (const [a, b] of spy.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
      spy.mockClear();
      expect((await hook(tenant, "hooked", "not-the-key")).status).toBe(404);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
