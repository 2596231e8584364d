import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { getKv, putKv } from "@/lib/kv/kv";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { run } from "@/lib/executions/test-support";
import { makeTenant } from "../helpers";

// KV tasks and kv() run in the execution's tenant and namespace chain, honour allowed namespaces,
// and never reach another tenant's entries; their writes are audited as the execution's.

const GET = "io.kestra.plugin.core.kv.Get";
const SET = "io.kestra.plugin.core.kv.Set";
const DELETE = "io.kestra.plugin.core.kv.Delete";
const RETURN = "io.kestra.plugin.core.debug.Return";

let tenant = "";
let other = "";

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  const ctx = await tenantContext(cliActor(), tenant);
  for (const ns of ["company", "company.team", "private"]) await createNamespace(ctx, { name: ns });
  await updateNamespace(ctx, "private", { allowedNamespaces: ["finance"] });
  await putKv(ctx, "company", "inherited", { type: "STRING", value: "from company" });
  await putKv(ctx, "company.team", "count", { type: "NUMBER", value: 7 });
  await putKv(ctx, "private", "hidden", { type: "STRING", value: "no" });
  const otherCtx = await tenantContext(cliActor(), other);
  await putKv(otherCtx, "company.team", "theirs", { type: "STRING", value: "other tenant" });
});

describe("kv.Set, kv.Get, kv.Delete", () => {
  it("sets a typed value in the flow's namespace, reads it back typed, deletes it; audited as the execution", async () => {
    const set = await run({ id: "s", type: SET, key: "answer", value: "{{ 40 + 2 }}", kvType: "NUMBER", ttl: "PT1H" }, { tenantId: tenant });
    expect(set.result).toEqual({ state: "SUCCESS", outputs: null });
    const ctx = await tenantContext(cliActor(), tenant);
    const entry = await getKv(ctx, "company.team", "answer");
    expect(entry).toMatchObject({ type: "NUMBER", value: 42 });
    expect(entry.expiresAt).not.toBeNull();
    const audit = await db.auditLog.findFirst({ where: { tenantId: tenant, resourceType: "KV", resourceId: "company.team/answer" } });
    expect(audit).toMatchObject({ actorName: "execution exec1", via: "engine", actorId: null });

    expect((await run({ id: "g", type: GET, key: "answer" }, { tenantId: tenant })).result.outputs).toEqual({ value: 42 });
    expect((await run({ id: "d", type: DELETE, key: "answer" }, { tenantId: tenant })).result.outputs).toEqual({ deleted: true });
    expect((await run({ id: "d", type: DELETE, key: "answer" }, { tenantId: tenant })).result.outputs).toEqual({ deleted: false });
    const strict = await run({ id: "d", type: DELETE, key: "answer", errorOnMissing: true }, { tenantId: tenant });
    expect(strict.result).toEqual({ state: "FAILED", error: "No value found for key 'answer' in namespace 'company.team'" });
  });

  it("infers the type when kvType is absent; overwrite: false refuses an existing key", async () => {
    await run({ id: "s", type: SET, key: "doc", value: { a: ["{{ 1 }}"] } }, { tenantId: tenant });
    expect((await run({ id: "g", type: GET, key: "doc" }, { tenantId: tenant })).result.outputs).toEqual({ value: { a: ["1"] } });
    const refused = await run({ id: "s", type: SET, key: "doc", value: "x", overwrite: false }, { tenantId: tenant });
    expect(refused.result.state).toBe("FAILED");
    expect(refused.result.error).toMatch(/already exists and `overwrite` is set to `false`/);
    const bad = await run({ id: "s", type: SET, key: "n", value: "abc", kvType: "NUMBER" }, { tenantId: tenant });
    expect(bad.result).toEqual({ state: "FAILED", error: 'the value "abc" is not a NUMBER' });
  });

  it("a value that is one expression is stored with its type, as the orchestrator's typed rendering", async () => {
    const variables = { outputs: { prev: { values: { rows: [1, 2], ok: true } } }, n: 5 };
    await run({ id: "s", type: SET, key: "typed-map", value: "{{ outputs.prev.values }}" }, { tenantId: tenant, variables });
    await run({ id: "s", type: SET, key: "typed-number", value: "{{ n * 2 }}" }, { tenantId: tenant, variables });
    await run({ id: "s", type: SET, key: "text", value: "n={{ n }}" }, { tenantId: tenant, variables });
    await run({ id: "s", type: SET, key: "forced-text", value: "{{ n }}", kvType: "STRING" }, { tenantId: tenant, variables });
    const ctx = await tenantContext(cliActor(), tenant);
    expect(await getKv(ctx, "company.team", "typed-map")).toMatchObject({ type: "JSON", value: { rows: [1, 2], ok: true } });
    expect(await getKv(ctx, "company.team", "typed-number")).toMatchObject({ type: "NUMBER", value: 10 });
    expect(await getKv(ctx, "company.team", "text")).toMatchObject({ type: "STRING", value: "n=5" });
    expect(await getKv(ctx, "company.team", "forced-text")).toMatchObject({ type: "STRING", value: "5" });
  });

  it("kv.Get reads through the flow's namespace chain; missing is null unless errorOnMissing", async () => {
    expect((await run({ id: "g", type: GET, key: "inherited" }, { tenantId: tenant })).result.outputs).toEqual({ value: "from company" });
    expect((await run({ id: "g", type: GET, key: "missing" }, { tenantId: tenant })).result.outputs).toEqual({ value: null });
    const strict = await run({ id: "g", type: GET, key: "missing", errorOnMissing: "{{ true }}" }, { tenantId: tenant });
    expect(strict.result).toEqual({ state: "FAILED", error: "No value found for key 'missing' in namespace 'company.team'" });
  });

  it("another namespace must allow the flow's", async () => {
    const refused = await run({ id: "g", type: GET, key: "hidden", namespace: "private" }, { tenantId: tenant });
    expect(refused.result).toEqual({ state: "FAILED", error: "Namespace private does not allow company.team to use its resources" });
    const write = await run({ id: "s", type: SET, key: "x", value: "y", namespace: "private" }, { tenantId: tenant });
    expect(write.result.state).toBe("FAILED");
    expect(await db.kvEntry.count({ where: { tenantId: tenant, namespace: "private", key: "x" } })).toBe(0);
    // allowed: the ancestor allows everyone
    expect((await run({ id: "g", type: GET, key: "inherited", namespace: "company" }, { tenantId: tenant })).result.outputs).toEqual({ value: "from company" });
  });

  it("never reads another tenant's entries, by task or by kv()", async () => {
    expect((await run({ id: "g", type: GET, key: "theirs" }, { tenantId: tenant })).result.outputs).toEqual({ value: null });
    const fn = await run({ id: "r", type: RETURN, format: "{{ kv('theirs') }}" }, { tenantId: tenant });
    expect(fn.result.state).toBe("FAILED");
    expect(fn.result.error).toMatch(/the KV pair 'theirs' does not exist/);
    expect((await run({ id: "r", type: RETURN, format: "{{ kv('theirs') }}" }, { tenantId: other })).result.outputs).toEqual({ value: "other tenant" });
  });

  it("kv() reads the chain typed, and another namespace only when allowed", async () => {
    const { result } = await run({ id: "r", type: RETURN, format: "{{ kv('count') + 1 }} {{ kv('inherited') }} {{ kv('nope', errorOnMissing=false) is null }}" }, { tenantId: tenant });
    expect(result.outputs).toEqual({ value: "8 from company true" });
    const refused = await run({ id: "r", type: RETURN, format: "{{ kv('hidden', 'private') }}" }, { tenantId: tenant });
    expect(refused.result.state).toBe("FAILED");
    expect(refused.result.error).toMatch(/does not allow company.team/);
  });
});
