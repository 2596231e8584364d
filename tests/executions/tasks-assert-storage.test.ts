import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfigCache } from "@/lib/config";
import { tenantDb } from "@/lib/db";
import { InternalStorage } from "@/lib/executions/internal-storage";
import { execution, run } from "@/lib/executions/test-support";
import { makeTenant } from "../helpers";

// execution.Assert, storage.Write and storage.Concat: files of this execution only, in the
// tenant's own internal storage, bounded by TENANTFLOW_MAX_FILE_SIZE.

const ASSERT = "io.kestra.plugin.core.execution.Assert";
const WRITE = "io.kestra.plugin.core.storage.Write";
const CONCAT = "io.kestra.plugin.core.storage.Concat";
const SIZE = "io.kestra.plugin.core.storage.Size";
const DELETE = "io.kestra.plugin.core.storage.Delete";
const SPLIT = "io.kestra.plugin.core.storage.Split";

let tenant = "";
let other = "";

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
});

afterEach(() => {
  delete process.env.TENANTFLOW_MAX_FILE_SIZE;
  resetConfigCache();
});

const read = async (tenantId: string, uri: unknown) => {
  const bytes = await new InternalStorage(tenantDb(tenantId), "company.team").get(String(uri));
  return bytes === null ? null : new TextDecoder().decode(bytes);
};

describe("execution.Assert", () => {
  it("succeeds when every condition renders true", async () => {
    const { result } = await run({ id: "a", type: ASSERT, conditions: ["{{ 1 + 1 == 2 }}", "yes", "{{ 'x' }}"] }, { tenantId: tenant });
    expect(result).toMatchObject({ state: "SUCCESS" });
  });

  it("fails naming each false condition as written, after errorMessage", async () => {
    const { result, logs } = await run(
      { id: "a", type: ASSERT, conditions: ["{{ 1 + 1 == 3 }}", "{{ true }}", "{{ 0 }}", "{{ '' }}"], errorMessage: "Bad input {{ 'x' }}" },
      { tenantId: tenant },
    );
    expect(result.state).toBe("FAILED");
    expect(result.error).toBe("Bad input x. 3 assertion(s) failed: {{ 1 + 1 == 3 }}, {{ 0 }}, {{ '' }}");
    expect(logs.filter((l) => l.level === "ERROR").map((l) => l.message)).toEqual([
      "Assertion `{{ 1 + 1 == 3 }}` failed!",
      "Assertion `{{ 0 }}` failed!",
      "Assertion `{{ '' }}` failed!",
    ]);
  });
});

describe("storage.Write and storage.Concat", () => {
  it("write content to the task run's folder and concatenate this execution's files", async () => {
    const first = await run({ id: "w1", type: WRITE, content: "Hello {{ 'John' }}", extension: ".txt" }, { tenantId: tenant });
    expect(first.result.state).toBe("SUCCESS");
    expect(String(first.result.outputs!.uri)).toMatch(/^kestra:\/\/\/company\/team\/hello\/executions\/exec1\/tasks\/w1\/tr-w1\/[0-9a-f]{16}\.txt$/);
    expect(await read(tenant, first.result.outputs!.uri)).toBe("Hello John");
    const second = await run({ id: "w2", type: WRITE, content: "Hello Jane", extension: "txt" }, { tenantId: tenant });
    expect(String(second.result.outputs!.uri)).toMatch(/\.txt$/);

    const joined = await run({ id: "c", type: CONCAT, files: [first.result.outputs!.uri, second.result.outputs!.uri], separator: "\n" }, { tenantId: tenant });
    expect(joined.result.state).toBe("SUCCESS");
    expect(String(joined.result.outputs!.uri)).toMatch(/\.tmp$/);
    expect(await read(tenant, joined.result.outputs!.uri)).toBe("Hello John\nHello Jane");

    // a JSON list (what an expression renders), no separator, an extension of its own
    const fromJson = await run(
      { id: "c", type: CONCAT, files: JSON.stringify([second.result.outputs!.uri, first.result.outputs!.uri]), extension: ".csv" },
      { tenantId: tenant },
    );
    expect(String(fromJson.result.outputs!.uri)).toMatch(/\.csv$/);
    expect(await read(tenant, fromJson.result.outputs!.uri)).toBe("Hello JaneHello John");

    // the same URI read by another tenant or another execution finds nothing of this one's
    expect(await read(other, first.result.outputs!.uri)).toBeNull();
    const elsewhere = await run({ id: "c", type: CONCAT, files: [first.result.outputs!.uri] }, { tenantId: tenant, execution: execution({ id: "exec2", tenantId: tenant }) });
    expect(elsewhere.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("is not a file of this execution") });
    const otherTenant = await run({ id: "c", type: CONCAT, files: [first.result.outputs!.uri] }, { tenantId: other });
    expect(otherTenant.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("no file at") });
  });

  it("storage.Size and storage.Delete act on this execution's files only", async () => {
    const written = await run({ id: "w", type: WRITE, content: "12345" }, { tenantId: tenant });
    const uri = written.result.outputs!.uri;
    expect((await run({ id: "s", type: SIZE, uri }, { tenantId: tenant })).result.outputs).toEqual({ size: 5 });
    const foreign = await run({ id: "d", type: DELETE, uri }, { tenantId: tenant, execution: execution({ id: "exec2", tenantId: tenant }) });
    expect(foreign.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("is not a file of this execution") });
    expect(await read(tenant, uri)).toBe("12345");
    // another tenant's run deletes nothing of this tenant's
    expect((await run({ id: "d", type: DELETE, uri }, { tenantId: other })).result.outputs).toEqual({ uri, deleted: false });
    expect(await read(tenant, uri)).toBe("12345");
    expect((await run({ id: "d", type: DELETE, uri }, { tenantId: tenant })).result.outputs).toEqual({ uri, deleted: true });
    expect(await read(tenant, uri)).toBeNull();
    expect((await run({ id: "d", type: DELETE, uri }, { tenantId: tenant })).result.outputs).toEqual({ uri, deleted: false });
    const missing = await run({ id: "d", type: DELETE, uri, errorOnMissing: true }, { tenantId: tenant });
    expect(missing.result).toMatchObject({ state: "FAILED", error: `Unable to find the file ${String(uri)}` });
    expect((await run({ id: "s", type: SIZE, uri }, { tenantId: tenant })).result).toMatchObject({ state: "FAILED", error: expect.stringContaining("no file at") });
  });

  it("storage.Split cuts a file into files by rows, partitions, bytes or a pattern's group", async () => {
    const written = await run({ id: "w", type: WRITE, content: "[a] 1\n[b] 2\n[a] 3\n[c] 4\nno tag\n", extension: ".log" }, { tenantId: tenant });
    const from = written.result.outputs!.uri;
    const parts = async (props: Record<string, unknown>) => {
      const { result } = await run({ id: "s", type: SPLIT, from, ...props }, { tenantId: tenant });
      expect(result.state).toBe("SUCCESS");
      return Promise.all((result.outputs!.uris as string[]).map((u) => read(tenant, u)));
    };
    expect(await parts({ rows: 2 })).toEqual(["[a] 1\n[b] 2\n", "[a] 3\n[c] 4\n", "no tag\n"]);
    expect(await parts({ partitions: 2 })).toEqual(["[a] 1\n[a] 3\nno tag\n", "[b] 2\n[c] 4\n"]);
    expect(await parts({ bytes: "12" })).toEqual(["[a] 1\n[b] 2\n", "[a] 3\n[c] 4\n", "no tag\n"]);
    expect(await parts({ regexPattern: "\\[(\\w+)\\]" })).toEqual(["[a] 1\n[a] 3\n", "[b] 2\n", "[c] 4\n"]);
    const { result } = await run({ id: "s", type: SPLIT, from, rows: 1 }, { tenantId: tenant });
    expect((result.outputs!.uris as string[])[0]).toMatch(/\/tasks\/s\/tr-s\/0\.log$/);
    const both = await run({ id: "s", type: SPLIT, from, rows: 1, partitions: 2 }, { tenantId: tenant });
    expect(both.result).toMatchObject({ state: "FAILED", error: 'exactly one of "bytes", "partitions", "rows" or "regexPattern" is required' });
  });

  it("refuse a bad extension, a non-URI file and files past TENANTFLOW_MAX_FILE_SIZE", async () => {
    const ext = await run({ id: "w", type: WRITE, content: "x", extension: "../../x" }, { tenantId: tenant });
    expect(ext.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("is not a file extension") });
    const notUri = await run({ id: "c", type: CONCAT, files: ["/etc/passwd"] }, { tenantId: tenant });
    expect(notUri.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("is not a kestra:/// URI") });
    process.env.TENANTFLOW_MAX_FILE_SIZE = "10";
    resetConfigCache();
    const big = await run({ id: "w", type: WRITE, content: "x".repeat(11) }, { tenantId: tenant });
    expect(big.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("more than the limit of 10 bytes (TENANTFLOW_MAX_FILE_SIZE)") });
    const small = await run({ id: "w", type: WRITE, content: "x".repeat(6) }, { tenantId: tenant });
    const concat = await run({ id: "c", type: CONCAT, files: [small.result.outputs!.uri, small.result.outputs!.uri] }, { tenantId: tenant });
    expect(concat.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("exceeds 10 bytes (TENANTFLOW_MAX_FILE_SIZE)") });
  });
});
