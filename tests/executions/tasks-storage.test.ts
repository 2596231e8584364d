import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { config } from "@/lib/config";
import { tenantDb } from "@/lib/db";
import { writeFile } from "@/lib/files/files";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { InternalStorage } from "@/lib/executions/internal-storage";
import type { LogLine, LogReader } from "@/lib/executions/tasks";
import { execution, run, taskRun } from "@/lib/executions/test-support";
import { makeTenant } from "../helpers";

// Files of executions: state tasks, LocalFiles, log.Fetch and read() use the tenant's internal
// storage under its own prefix; a URI never reaches another tenant's or another execution's files.

const STATE_SET = "io.kestra.plugin.core.state.Set";
const STATE_GET = "io.kestra.plugin.core.state.Get";
const STATE_DELETE = "io.kestra.plugin.core.state.Delete";
const LOCAL = "io.kestra.plugin.core.storage.LocalFiles";
const RETURN = "io.kestra.plugin.core.debug.Return";
const FETCH = "io.kestra.plugin.core.log.Fetch";

let tenant = "";
let other = "";

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  const ctx = await tenantContext(cliActor(), tenant);
  await createNamespace(ctx, { name: "closed" });
  await writeFile(ctx, "company.team", "scripts/hello.txt", new TextEncoder().encode("hello from a namespace file"));
  await writeFile(ctx, "shared", "lib.sql", new TextEncoder().encode("select 1"));
  await writeFile(ctx, "closed", "secret.sql", new TextEncoder().encode("select 2"));
  await updateNamespace(ctx, "closed", { allowedNamespaces: ["finance"] });
});

describe("state.Set, state.Get, state.Delete", () => {
  it("merge into a state per flow, isolated by the loop value unless taskrunValue is false", async () => {
    const set1 = await run({ id: "s", type: STATE_SET, name: "progress", data: { "{{ 'a' }}": "{{ 1 }}" } }, { tenantId: tenant });
    expect(set1.result.outputs).toMatchObject({ count: 1 });
    expect(String(set1.result.outputs!.key)).toBe("kestra:///company/team/hello/states/progress/default.json");
    const set2 = await run({ id: "s", type: STATE_SET, name: "progress", data: { b: 2 } }, { tenantId: tenant });
    expect(set2.result.outputs).toMatchObject({ count: 2 });
    expect((await run({ id: "g", type: STATE_GET, name: "progress" }, { tenantId: tenant })).result.outputs).toEqual({ data: { a: "1", b: 2 }, count: 2 });
    // another loop value has a state of its own
    const looped = await run({ id: "g", type: STATE_GET, name: "progress" }, { tenantId: tenant, taskRun: taskRun("g", { value: "item-1" }) });
    expect(looped.result.outputs).toEqual({ data: {}, count: 0 });
    // another flow does not see it; the same flow in another tenant neither
    expect((await run({ id: "g", type: STATE_GET, name: "progress" }, { tenantId: tenant, flowId: "other" })).result.outputs).toEqual({ data: {}, count: 0 });
    expect((await run({ id: "g", type: STATE_GET, name: "progress" }, { tenantId: other })).result.outputs).toEqual({ data: {}, count: 0 });
    expect((await run({ id: "d", type: STATE_DELETE, name: "progress" }, { tenantId: tenant })).result.outputs).toEqual({ deleted: true });
    const missing = await run({ id: "g", type: STATE_GET, name: "progress", errorOnMissing: true }, { tenantId: tenant });
    expect(missing.result.state).toBe("FAILED");
    expect(missing.result.error).toMatch(/Unable to find the state file/);
  });

  it("refuses a name that would leave the state folder", async () => {
    const { result } = await run({ id: "s", type: STATE_SET, name: "../x", data: { a: 1 } }, { tenantId: tenant });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/"name" must hold letters/);
  });
});

describe("storage.LocalFiles", () => {
  it("writes inputs into the working directory and sends matching outputs to the internal storage of the tenant", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "tf-wd-"));
    try {
      const { result } = await run(
        { id: "files", type: LOCAL, inputs: { "data/a.csv": "x,{{ 1 + 1 }}", "b.txt": "plain" }, outputs: ["**/*.csv"] },
        { tenantId: tenant, workingDir: dir },
      );
      expect(result.state).toBe("SUCCESS");
      const uris = result.outputs!.uris as Record<string, string>;
      expect(Object.keys(uris)).toEqual(["data/a.csv"]);
      expect(uris["data/a.csv"]).toBe("kestra:///company/team/hello/executions/exec1/tasks/files/tr-files/data/a.csv");
      expect(await fs.readFile(path.join(dir, "b.txt"), "utf8")).toBe("plain");
      // stored under the tenant's own prefix
      const stored = path.join(config().storageRoot, tenant, "_internal", "company/team/hello/executions/exec1/tasks/files/tr-files/data/a.csv");
      expect(await fs.readFile(stored, "utf8")).toBe("x,2");
      // the same URI read by another tenant finds nothing
      expect(await new InternalStorage(tenantDb(other), "company.team").get(uris["data/a.csv"])).toBeNull();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("an unexpected error fails the attempt without showing its text; the server's log has it", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { result } = await run({ id: "files", type: LOCAL, inputs: { "a.txt": "x" } }, { tenantId: tenant, workingDir: "/dev/null/not-a-dir" });
      expect(result).toEqual({ state: "FAILED", error: "The task failed on an internal error (the server's log has the details)" });
      expect(String(logged.mock.calls[0]?.[1])).toMatch(/ENOTDIR|ENOENT/);
    } finally {
      logged.mockRestore();
    }
  });

  it("refuses a file name outside the working directory", async () => {
    const { result } = await run({ id: "files", type: LOCAL, inputs: { "../escape.txt": "x" } }, { tenantId: tenant });
    expect(result.state).toBe("FAILED");
    expect(result.error).toMatch(/not a file name inside the working directory/);
  });
});

describe("read()", () => {
  it("reads the flow namespace's files and the execution's own internal files, nothing else", async () => {
    const ns = await run({ id: "r", type: RETURN, format: "{{ read('scripts/hello.txt') }}" }, { tenantId: tenant });
    expect(ns.result.outputs).toEqual({ value: "hello from a namespace file" });
    const storage = new InternalStorage(tenantDb(tenant), "company.team");
    const mine = await storage.put("company/team/hello/executions/exec1/tasks/t/tr/out.txt", "mine");
    const theirs = await storage.put("company/team/hello/executions/exec2/tasks/t/tr/out.txt", "theirs");
    expect((await run({ id: "r", type: RETURN, format: `{{ read('${mine}') }}` }, { tenantId: tenant })).result.outputs).toEqual({ value: "mine" });
    const refused = await run({ id: "r", type: RETURN, format: `{{ read('${theirs}') }}` }, { tenantId: tenant });
    expect(refused.result.state).toBe("FAILED");
    expect(refused.result.error).toMatch(/is not a file of this execution/);
    expect((await run({ id: "r", type: RETURN, format: "{{ read('nsfile:///scripts/hello.txt') }}" }, { tenantId: tenant })).result.outputs).toEqual({
      value: "hello from a namespace file",
    });
    expect((await run({ id: "r", type: RETURN, format: "{{ read('nsfile://shared/lib.sql') }}" }, { tenantId: tenant })).result.outputs).toEqual({ value: "select 1" });
    const closed = await run({ id: "r", type: RETURN, format: "{{ read('nsfile://closed/secret.sql') }}" }, { tenantId: tenant });
    expect(closed.result.state).toBe("FAILED");
    expect(closed.result.error).toMatch(/Namespace closed does not allow company.team/);
    const otherTenant = await run({ id: "r", type: RETURN, format: "{{ read('scripts/hello.txt') }}" }, { tenantId: other });
    expect(otherTenant.result.state).toBe("FAILED");
    expect(otherTenant.result.error).toMatch(/no namespace file scripts\/hello.txt/);
  });
});

describe("log.Fetch", () => {
  it("stores the lines the tenant's log reader answers, filtered by level and tasks, as JSON lines", async () => {
    const lines: LogLine[] = [
      { date: "2026-01-01T00:00:00Z", level: "INFO", message: "one", executionId: "exec1", taskId: "a" },
      { date: "2026-01-01T00:00:01Z", level: "ERROR", message: "two", executionId: "exec1", taskId: "b" },
    ];
    const queries: unknown[] = [];
    const logs: LogReader = {
      read: async (q) => {
        queries.push(q);
        return lines.filter((l) => (q.minLevel === "ERROR" ? l.level === "ERROR" : true));
      },
    };
    const { result } = await run({ id: "fetch", type: FETCH, level: "ERROR", tasksId: ["b"] }, { tenantId: tenant, logs });
    expect(result.outputs).toMatchObject({ size: 1 });
    expect(queries).toEqual([{ executionId: "exec1", namespace: "company.team", flowId: "hello", minLevel: "ERROR", taskIds: ["b"] }]);
    const body = await new InternalStorage(tenantDb(tenant), "company.team").get(String(result.outputs!.uri));
    expect(JSON.parse(new TextDecoder().decode(body!).trim())).toMatchObject({ message: "two", level: "ERROR" });
  });

  it("fails clearly where no log reader is given", async () => {
    const { result } = await run({ id: "fetch", type: FETCH }, { tenantId: tenant, execution: execution({ tenantId: tenant }) });
    expect(result).toEqual({ state: "FAILED", error: "Logs cannot be read where this task runs" });
  });
});
