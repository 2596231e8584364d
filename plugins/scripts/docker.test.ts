import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogLevel } from "../../lib/executions/types";
import { parseBytes } from "./docker";
import { scriptTask, type Form, type Language } from "./runner";
import type { ScriptSettings } from "./settings";
import { fake, type Fake } from "./testing/context";
import { containersLabelled, dockerUnavailable, ensureTestImage, TEST_DOCKER_HOST, TEST_IMAGE } from "./testing/docker";

// The Docker task runner with real containers of the local Docker daemon (an image made offline by
// the test). Without Docker the tests are skipped with the reason printed, but never under CI.

const unavailable = await dockerUnavailable();
if (unavailable && process.env.CI === "true") throw new Error(`The Docker task runner's tests need Docker under CI: ${unavailable}`);
if (unavailable) console.warn(`Skipping the Docker task runner's tests: ${unavailable}`);

const DOCKER = "io.kestra.plugin.scripts.runner.docker.Docker";
const SETTINGS: Partial<ScriptSettings> = {
  workerGroups: ["default"],
  dockerHost: TEST_DOCKER_HOST,
  dockerAllowHostAccess: false,
  timeoutMs: 120_000,
  maxLogBytes: 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
};
const dirs: string[] = [];
const SECRET_NAME = "TENANTFLOW_DOCKER_TEST_SERVER_SECRET";

beforeAll(async () => {
  if (unavailable) return;
  process.env[SECRET_NAME] = "server-only-value";
  await ensureTestImage();
}, 120_000);
afterAll(() => {
  delete process.env[SECRET_NAME];
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const executionId = () => `docker-test-${Math.random().toString(36).slice(2, 10)}`;
const inDocker = (props: Record<string, unknown>, runner: Record<string, unknown> = {}) => ({
  containerImage: TEST_IMAGE,
  ...props,
  taskRunner: { type: DOCKER, ...runner },
});
const run = (f: Fake, settings: Partial<ScriptSettings> = {}, language: Language = "shell", form: Form = "commands") =>
  scriptTask(language, form, { ...SETTINGS, ...settings })(f.ctx);
const messages = (f: Fake, level?: LogLevel) => f.logs.filter(([l]) => !level || l === level).map(([, m]) => m);
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "tenantflow-docker-test-"));
  dirs.push(d);
  return d;
};

describe.skipIf(!!unavailable)("script tasks on the Docker task runner", () => {
  it("runs the commands in a container: stdout INFO, stderr ERROR, ::{outputs}:: lines as vars, and no container left", async () => {
    const id = executionId();
    const f = fake(inDocker({ commands: ["echo hello from $(cat /proc/1/cgroup >/dev/null 2>&1; echo container)", "echo oops >&2", `echo '::{"outputs":{"answer":42}}::'`] }), { executionId: id });
    const result = await run(f);
    expect(result.outputs).toEqual({ exitCode: 0, vars: { answer: 42 } });
    expect(messages(f, "INFO")).toContain("hello from container");
    expect(messages(f, "ERROR")).toEqual(["oops"]);
    expect(await containersLabelled(`tenantflow.execution=${id}`)).toEqual([]);
  });

  it("fails on a non-zero exit code, stops at the first failing command unless failFast is false", async () => {
    const f = fake(inDocker({ commands: ["echo one", "false", "echo never"] }));
    await expect(run(f)).rejects.toThrow("Command failed with exit code 1");
    expect(messages(f, "INFO")).toEqual(["one"]);
    const g = fake(inDocker({ failFast: false, commands: ["false", "echo reached", "exit 3"] }));
    await expect(run(g)).rejects.toThrow("Command failed with exit code 3");
    expect(messages(g, "INFO")).toEqual(["reached"]);
  });

  it("passes the task's env and never the server's environment", async () => {
    expect(process.env[SECRET_NAME]).toBe("server-only-value");
    const f = fake(inDocker({ env: { GREETING: "hi there" }, commands: ["env"] }));
    await run(f);
    const env = messages(f, "INFO");
    expect(env).toContain("GREETING=hi there");
    expect(env).toContain("WORKING_DIR=/kestra/working-dir");
    expect(env.some((l) => l.includes(SECRET_NAME) || l.includes("server-only-value"))).toBe(false);
    expect(env.some((l) => l.startsWith("DATABASE_URL=") || l.startsWith("TENANTFLOW_"))).toBe(false);
  });

  it("copies input files in, renders workingDir and outputDir to the container's folders, and sends outputFiles and outputDir back", async () => {
    const f = fake(
      inDocker({
        inputFiles: { "data.txt": "a\nb\nc\n", "sub/more.txt": "more" },
        outputFiles: ["*.csv"],
        beforeCommands: ["mkdir -p {{ workingDir }}/made"],
        commands: [
          "pwd",
          "echo {{ workingDir }} {{ outputDir }}",
          "wc -l < data.txt > {{ workingDir }}/count.csv",
          "cat sub/more.txt > {{ outputDir }}/report.txt",
          "echo not-kept > other.txt",
        ],
      }),
    );
    const result = await run(f);
    expect(messages(f, "INFO").slice(0, 2)).toEqual(["/kestra/working-dir", "/kestra/working-dir /kestra/scratch/outputs"]);
    const files = (result.outputs as { outputFiles: Record<string, string> }).outputFiles;
    expect(Object.keys(files).sort()).toEqual(["count.csv", "report.txt"]);
    expect(f.stored.get("company/team/f/executions/e1/tasks/t/tr1/count.csv")?.trim()).toBe("3");
    expect(f.stored.get("company/team/f/executions/e1/tasks/t/tr1/report.txt")).toBe("more");
  });

  it("runs a Script form from a file, with the image's interpreter", async () => {
    const f = fake(inDocker({ script: `echo "script in $(pwd)"\necho '::{"outputs":{"form":"script"}}::'` }));
    const result = await run(f, {}, "shell", "script");
    expect(result.outputs).toEqual({ exitCode: 0, vars: { form: "script" } });
    expect(messages(f, "INFO")).toEqual(["script in /kestra/working-dir"]);
  });

  it("shares a WorkingDirectory's folder with a Process task: the Docker task sees its files and the next task sees the container's", async () => {
    const dir = tempDir();
    await run(fake({ commands: ["echo from-process > first.txt"] }, { workingDir: dir }));
    const inContainer = fake(inDocker({ commands: ["cat first.txt", "echo from-container > second.txt", "rm first.txt", "printf '#!/bin/sh\\necho ran\\n' > run.sh", "chmod 755 run.sh"] }), { workingDir: dir });
    await run(inContainer);
    expect(messages(inContainer, "INFO")).toEqual(["from-process"]);
    const after = fake({ commands: ["cat second.txt", "ls", "./run.sh"] }, { workingDir: dir });
    await run(after);
    expect(messages(after, "INFO")).toEqual(["from-container", "run.sh", "second.txt", "ran"]);
  });

  it("kills and removes the container past the timeout", async () => {
    const id = executionId();
    const f = fake(inDocker({ commands: ["echo started", "sleep 600"] }), { executionId: id });
    await expect(run(f, { timeoutMs: 1500 })).rejects.toThrow("The script ran longer than 1500 ms (setting TENANTFLOW_SCRIPT_TIMEOUT_MS) and was stopped");
    expect(await containersLabelled(`tenantflow.execution=${id}`)).toEqual([]);
  });

  it("kills and removes the container on cancel", async () => {
    const id = executionId();
    const f = fake(inDocker({ commands: ["echo started", "sleep 600"] }), {
      executionId: id,
      onLog: (line, me) => {
        if (line === "started") me.controller.abort();
      },
    });
    await expect(run(f)).rejects.toThrow("The script was killed");
    expect(await containersLabelled(`tenantflow.execution=${id}`)).toEqual([]);
  });

  it("keeps the container with delete: false, labelled with the execution", async () => {
    const id = executionId();
    await run(fake(inDocker({ commands: ["echo kept"] }, { delete: false }), { executionId: id }));
    const kept = await containersLabelled(`tenantflow.execution=${id}`);
    expect(kept).toHaveLength(1);
    const { testDocker } = await import("./testing/docker");
    await testDocker().getContainer(kept[0].Id).remove({ force: true });
  });

  it("bounds the output logged (TENANTFLOW_SCRIPT_MAX_LOG_BYTES)", async () => {
    const f = fake(inDocker({ commands: ["i=0; while [ $i -lt 500 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done"] }));
    await run(f, { maxLogBytes: 2048 });
    const info = messages(f, "INFO");
    expect(info.length).toBeLessThan(500);
    expect(messages(f, "WARN")).toEqual([expect.stringContaining("TENANTFLOW_SCRIPT_MAX_LOG_BYTES")]);
  });

  it("applies cpu, memory, user and networkMode to the container", async () => {
    const f = fake(inDocker({ commands: ["id -u", "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes"] }, { cpu: { cpus: 0.5 }, memory: { memory: "64Mb" }, user: "65534", networkMode: "none" }));
    await run(f);
    expect(messages(f, "INFO")).toEqual(["65534", String(64 * 1024 * 1024)]);
  });

  it("fails clearly when the image is missing and pullPolicy is NEVER", async () => {
    const f = fake(inDocker({ containerImage: "tenantflow-test/absent:0", commands: ["echo hi"] }, { pullPolicy: "NEVER" }));
    await expect(run(f)).rejects.toThrow('The image "tenantflow-test/absent:0" is not on the Docker host and pullPolicy is NEVER: load it there or use another pullPolicy');
  });

  it("fails clearly when a pull cannot reach the registry", async () => {
    const f = fake(inDocker({ containerImage: "registry.invalid/tenantflow/absent:0", commands: ["echo hi"] }, { pullPolicy: "ALWAYS" }));
    await expect(run(f)).rejects.toThrow(/^Cannot pull the image "registry\.invalid\/tenantflow\/absent:0" \(pullPolicy ALWAYS\): /);
  });

  it("refuses what reaches the Docker host unless the instance allows it", async () => {
    const host = "TENANTFLOW_DOCKER_ALLOW_HOST_ACCESS";
    await expect(run(fake(inDocker({ commands: ["id"] }, { privileged: true })))).rejects.toThrow(`refuses privileged containers (privileged: true) on this instance: it would let the script reach the Docker host (setting ${host})`);
    await expect(run(fake(inDocker({ commands: ["id"] }, { volumes: ["/etc:/host-etc"] })))).rejects.toThrow(`refuses volumes on this instance`);
    await expect(run(fake(inDocker({ commands: ["id"] }, { networkMode: "host" })))).rejects.toThrow(`refuses networkMode host on this instance`);
    await expect(run(fake(inDocker({ commands: ["id"] }, { host: "tcp://10.0.0.1:2375" })))).rejects.toThrow("TENANTFLOW_DOCKER_HOST");
  });

  it("runs on the allowed worker groups only, as the Process runner", async () => {
    await expect(run(fake(inDocker({ commands: ["id"] }), { workerGroup: "shared" }))).rejects.toThrow(/not allowed on worker group "shared".*TENANTFLOW_SCRIPT_WORKER_GROUPS/);
  });

  it("reads the legacy runner: DOCKER with docker.image", async () => {
    const f = fake({ runner: "DOCKER", docker: { image: TEST_IMAGE, pullPolicy: "NEVER" }, commands: ["echo legacy"] });
    await run(f);
    expect(messages(f, "INFO")).toEqual(["legacy"]);
  });
});

describe("Docker sizes", () => {
  it("reads the orchestrator's memory sizes", () => {
    expect(parseBytes("512Mb", "memory")).toBe(512 * 1024 * 1024);
    expect(parseBytes("1g", "memory")).toBe(1024 ** 3);
    expect(parseBytes(4096, "memory")).toBe(4096);
    expect(() => parseBytes("lots", "memory.memory")).toThrow('taskRunner memory.memory "lots" is not a size');
  });
});
