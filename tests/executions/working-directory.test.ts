import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { InternalStorage, workingDirectoryCachePath } from "@/lib/executions/internal-storage";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { packDirectory, snapshotPath, unpackDirectory, withWorkingDirectory } from "@/lib/executions/working-directory";
import { writeFile } from "@/lib/files/files";
import { createFlow } from "@/lib/flows/flows";
import { makeTenant } from "../helpers";
import { emptyQueue } from "./support/data";

// A WorkingDirectory's tasks share their files through the execution's internal storage: each task
// may run on another worker, yet sees what the tasks before it wrote, the WorkingDirectory's
// namespaceFiles and inputFiles; a task outside it does not.

const NS = "company.team";
let roles: Role[] = [];
let ctx: TenantContext;
let otherCtx: TenantContext;

beforeAll(async () => {
  await emptyQueue();
  installEngine();
  // two workers, one attempt at a time each: consecutive tasks are not bound to one worker's disk
  roles = [
    runExecutor({ pollMs: 100 }),
    runWorker({ pollMs: 100, concurrency: 1, leaseMs: 30_000, heartbeatMs: 500 }),
    runWorker({ pollMs: 100, concurrency: 1, leaseMs: 30_000, heartbeatMs: 500 }),
  ];
  ctx = await tenantContext(cliActor(), (await makeTenant()).id);
  otherCtx = await tenantContext(cliActor(), (await makeTenant()).id);
  await writeFile(ctx, NS, "scripts/job.sql", new TextEncoder().encode("select 42"));
  await writeFile(ctx, NS, "notes/readme.md", new TextEncoder().encode("# notes"));
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
});

const flow = (id: string, body: string) => `id: ${id}\nnamespace: ${NS}\ninputs:\n  - id: who\n    type: STRING\n    defaults: ada\n${body}`;

async function run(c: TenantContext, id: string) {
  const started = await startExecution(c, { namespace: NS, flowId: id, inputs: {} });
  return waitForEnd(c, started.id, 60_000);
}

const text = async (c: TenantContext, uri: string) => Buffer.from((await new InternalStorage(c.db, NS).get(uri))!).toString();

describe("a WorkingDirectory", () => {
  it("shares its files between its tasks, starting from its namespaceFiles and inputFiles", async () => {
    await createFlow(
      ctx,
      flow(
        "shared",
        `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    namespaceFiles:
      enabled: true
      include:
        - "scripts/**"
    inputFiles:
      greeting.txt: "hello {{ inputs.who }}"
    tasks:
      - id: write
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          out/result.txt: "written by {{ task.id }}"
      - id: collect
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - "**"
  - id: outside
    type: io.kestra.plugin.core.storage.LocalFiles
    outputs:
      - "**"
`,
      ),
    );
    const ended = await run(ctx, "shared");
    expect(ended.state.current, JSON.stringify(ended.taskRunList.map((t) => [t.taskId, t.state.current]))).toBe("SUCCESS");
    const byTask = Object.fromEntries(ended.taskRunList.map((t) => [t.taskId, t]));
    const uris = (byTask.collect.outputs as { uris: Record<string, string> }).uris;
    // the namespace file matching include (and not the other one), the input file, the first task's file
    expect(Object.keys(uris).sort()).toEqual(["greeting.txt", "out/result.txt", "scripts/job.sql"]);
    expect(await text(ctx, uris["greeting.txt"])).toBe("hello ada");
    expect(await text(ctx, uris["out/result.txt"])).toBe("written by write");
    expect(await text(ctx, uris["scripts/job.sql"])).toBe("select 42");
    // a task outside the WorkingDirectory starts from an empty directory
    expect((byTask.outside.outputs as { uris: Record<string, string> }).uris).toEqual({});
    // the directory is kept in this execution's folder of this tenant only
    const at = snapshotPath({ namespace: NS, flowId: "shared", id: ended.id }, byTask.wd.id);
    expect(await new InternalStorage(ctx.db, NS).get(at)).not.toBeNull();
    expect(await new InternalStorage(otherCtx.db, NS).get(at)).toBeNull();
  });

  it("keeps what a failed task left for its errors branch", async () => {
    await createFlow(
      ctx,
      flow(
        "failing",
        `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: write
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          partial.txt: "half done"
      - id: boom
        type: io.kestra.plugin.core.execution.Fail
        errorMessage: broken
    errors:
      - id: inspect
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - "*.txt"
`,
      ),
    );
    const ended = await run(ctx, "failing");
    expect(ended.state.current).toBe("FAILED");
    const inspect = ended.taskRunList.find((t) => t.taskId === "inspect")!;
    expect(inspect.state.current).toBe("SUCCESS");
    expect(await text(ctx, (inspect.outputs as { uris: Record<string, string> }).uris["partial.txt"])).toBe("half done");
  });

  it("gives its outputFiles as its own output, stored in its task run's folder", async () => {
    await createFlow(
      ctx,
      flow(
        "outputs",
        `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    outputFiles:
      - "out/*.txt"
    tasks:
      - id: first
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          out/a.txt: "from first"
          out/skip.log: "not an output"
      - id: second
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          out/b.txt: "from second for {{ inputs.who }}"
  - id: after
    type: io.kestra.plugin.core.storage.LocalFiles
    inputs:
      copy.txt: "{{ outputs.wd.outputFiles['out/b.txt'] }}"
    outputs:
      - copy.txt
`,
      ),
    );
    const ended = await run(ctx, "outputs");
    expect(ended.state.current, JSON.stringify(ended.taskRunList.map((t) => [t.taskId, t.state.current]))).toBe("SUCCESS");
    const byTask = Object.fromEntries(ended.taskRunList.map((t) => [t.taskId, t]));
    const files = (byTask.wd.outputs as { outputFiles: Record<string, string> }).outputFiles;
    expect(Object.keys(files).sort()).toEqual(["out/a.txt", "out/b.txt"]);
    expect(files["out/a.txt"]).toContain(`/executions/${ended.id}/tasks/wd/${byTask.wd.id}/out/a.txt`);
    expect(await text(ctx, files["out/a.txt"])).toBe("from first");
    expect(await text(ctx, files["out/b.txt"])).toBe("from second for ada");
    expect(await text(ctx, (byTask.after.outputs as { uris: Record<string, string> }).uris["copy.txt"])).toBe("from second for ada");
    expect(await new InternalStorage(otherCtx.db, NS).get(files["out/a.txt"])).toBeNull();
  });

  it("starts from the cache an earlier execution of its flow left, until the cache's ttl has passed", async () => {
    await createFlow(
      ctx,
      `id: cached
namespace: ${NS}
inputs:
  - id: install
    type: BOOL
    defaults: false
tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    cache:
      patterns:
        - "deps/**"
      ttl: PT1H
    tasks:
      - id: installDeps
        type: io.kestra.plugin.core.storage.LocalFiles
        runIf: "{{ inputs.install }}"
        inputs:
          deps/lib.txt: "installed by {{ execution.id }}"
          scratch.txt: "not cached"
      - id: collect
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - "**"
`,
    );
    const runWith = async (install: boolean) => {
      const started = await startExecution(ctx, { namespace: NS, flowId: "cached", inputs: { install } });
      const ended = await waitForEnd(ctx, started.id, 60_000);
      expect(ended.state.current).toBe("SUCCESS");
      return (ended.taskRunList.find((t) => t.taskId === "collect")!.outputs as { uris: Record<string, string> }).uris;
    };
    // nothing cached yet
    expect(Object.keys(await runWith(false))).toEqual([]);
    const first = await startExecution(ctx, { namespace: NS, flowId: "cached", inputs: { install: true } });
    expect((await waitForEnd(ctx, first.id, 60_000)).state.current).toBe("SUCCESS");
    // the next execution starts from the cached files only
    const cachedRun = await runWith(false);
    expect(Object.keys(cachedRun)).toEqual(["deps/lib.txt"]);
    expect(await text(ctx, cachedRun["deps/lib.txt"])).toBe(`installed by ${first.id}`);
    // another tenant's flow of the same name does not see it
    await createFlow(otherCtx, `id: cached\nnamespace: ${NS}\ntasks:\n  - id: wd\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    cache:\n      patterns: ["deps/**"]\n    tasks:\n      - id: collect\n        type: io.kestra.plugin.core.storage.LocalFiles\n        outputs: ["**"]\n`);
    const other = await startExecution(otherCtx, { namespace: NS, flowId: "cached", inputs: {} });
    const otherEnded = await waitForEnd(otherCtx, other.id, 60_000);
    expect((otherEnded.taskRunList.find((t) => t.taskId === "collect")!.outputs as { uris: Record<string, string> }).uris).toEqual({});
    // past its ttl, the cache is not used
    const at = workingDirectoryCachePath(NS, "cached", "wd");
    const storage = new InternalStorage(ctx.db, NS);
    const stored = JSON.parse(Buffer.from((await storage.get(at))!).toString()) as { createdAt: string };
    await storage.put(at, JSON.stringify({ ...stored, createdAt: new Date(Date.now() - 2 * 3600_000).toISOString() }), "application/json");
    expect(Object.keys(await runWith(false))).toEqual([]);
  });

  it("fails its first task with the input file's error when inputFiles cannot be written", async () => {
    await createFlow(
      ctx,
      flow(
        "bad-input",
        `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      ../escape.txt: "nope"
    tasks:
      - id: never
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - "**"
`,
      ),
    );
    const ended = await run(ctx, "bad-input");
    expect(ended.state.current).toBe("FAILED");
    const logs = await getExecution(ctx, ended.id);
    expect(logs.taskRunList.find((t) => t.taskId === "never")?.state.current).toBe("FAILED");
  });
});

describe("a working directory's snapshot", () => {
  it("round-trips files and their modes, and refuses a path that would leave the directory", async () => {
    const a = await fs.mkdtemp(path.join(os.tmpdir(), "wd-a-"));
    const b = await fs.mkdtemp(path.join(os.tmpdir(), "wd-b-"));
    try {
      await fs.mkdir(path.join(a, "bin"));
      await fs.writeFile(path.join(a, "bin/run.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
      await fs.writeFile(path.join(a, "data.bin"), Buffer.from([0, 1, 2, 255]));
      await unpackDirectory(b, await packDirectory(a, 1024));
      expect(await fs.readFile(path.join(b, "bin/run.sh"), "utf8")).toBe("#!/bin/sh\necho hi\n");
      expect((await fs.stat(path.join(b, "bin/run.sh"))).mode & 0o111).not.toBe(0);
      expect([...(await fs.readFile(path.join(b, "data.bin")))]).toEqual([0, 1, 2, 255]);
      const evil = new TextEncoder().encode(JSON.stringify({ files: [{ path: "../evil", mode: 0o644, data: "" }] }));
      await expect(unpackDirectory(b, evil)).rejects.toThrow(/unsafe path/);
      await expect(fs.stat(path.join(b, "..", "evil"))).rejects.toThrow();
    } finally {
      await fs.rm(a, { recursive: true, force: true });
      await fs.rm(b, { recursive: true, force: true });
    }
  });

  it("fails the task, naming the limit, when the directory grows past it", async () => {
    const execution = { id: "wd-limit-exec", namespace: NS, flowId: "limit" } as Parameters<typeof withWorkingDirectory>[0]["execution"];
    const result = await withWorkingDirectory(
      { db: ctx.db, execution, ref: { taskRunId: "tr1", taskId: "wd", task: {} }, prepare: async () => null, maxBytes: 10 },
      async (dir) => {
        await fs.writeFile(path.join(dir, "big.txt"), "x".repeat(11));
        return { state: "SUCCESS" };
      },
    );
    expect(result).toEqual({ state: "FAILED", error: "The working directory's files exceed 10 bytes (TENANTFLOW_MAX_FILE_SIZE)" });
  });
});
