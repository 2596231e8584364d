import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { listLogs } from "@/lib/executions/logs";
import { killExecution } from "@/lib/executions/operations";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow } from "@/lib/flows/flows";
import { putSecret } from "@/lib/secrets/secrets";
import { createWorkerGroup } from "@/lib/workers/groups";
import { containersLabelled, dockerUnavailable, ensureTestImage, TEST_DOCKER_HOST, TEST_IMAGE } from "@/plugins/scripts/testing/docker";
import { makeTenant } from "../helpers";
import { emptyQueue, until } from "./support/data";

// Script tasks on the Docker task runner through the real engine: a container per task of the
// instance's Docker (TENANTFLOW_DOCKER_HOST, set here), sharing a WorkingDirectory's folder with
// Process tasks, removed on kill. Without Docker: skipped with the reason, except under CI.

const unavailable = await dockerUnavailable();
if (unavailable && process.env.CI === "true") throw new Error(`The Docker task runner's tests need Docker under CI: ${unavailable}`);
if (unavailable) console.warn(`Skipping the Docker task runner's engine tests: ${unavailable}`);

const NS = "company.team";
const DOCKER = `taskRunner:\n          type: io.kestra.plugin.scripts.runner.docker.Docker\n          pullPolicy: NEVER\n        containerImage: ${TEST_IMAGE}`;
const UNTRUSTED = `docker-untrusted-${Math.random().toString(36).slice(2, 8)}`;
const previousHost = process.env.TENANTFLOW_DOCKER_HOST;
let roles: Role[] = [];
let ctx: TenantContext;

beforeAll(async () => {
  if (unavailable) return;
  await ensureTestImage();
  process.env.TENANTFLOW_DOCKER_HOST = TEST_DOCKER_HOST;
  resetConfigCache();
  await emptyQueue();
  installEngine();
  await createWorkerGroup(cliActor(), { key: UNTRUSTED });
  roles = [
    runExecutor({ pollMs: 100 }),
    runWorker({ pollMs: 100, concurrency: 2, leaseMs: 30_000, heartbeatMs: 300 }),
    runWorker({ pollMs: 100, concurrency: 1, leaseMs: 30_000, heartbeatMs: 300, group: UNTRUSTED }),
  ];
  ctx = await tenantContext(cliActor(), (await makeTenant()).id);
  await putSecret(ctx, NS, "API_TOKEN", { value: "tok-docker-secret-7" });
}, 120_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
  if (previousHost === undefined) delete process.env.TENANTFLOW_DOCKER_HOST;
  else process.env.TENANTFLOW_DOCKER_HOST = previousHost;
  resetConfigCache();
});

async function run(id: string, body: string) {
  await createFlow(ctx, `id: ${id}\nnamespace: ${NS}\n${body}`);
  const started = await startExecution(ctx, { namespace: NS, flowId: id, inputs: {} });
  return waitForEnd(ctx, started.id, 120_000);
}

const messages = async (executionId: string) => (await listLogs(ctx, executionId, { size: 1000 })).results.map((l: { message: string }) => l.message);

describe.skipIf(!!unavailable)("script tasks on the Docker task runner through the engine", () => {
  it("a WorkingDirectory shares its folder between a Process task and a Docker task, with outputs, files and masked secrets", async () => {
    const done = await run(
      "process_then_docker",
      `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: write
        type: io.kestra.plugin.scripts.shell.Commands
        commands:
          - printf 'ada\\ngrace\\n' > people.txt
      - id: count
        type: io.kestra.plugin.scripts.shell.Commands
        ${DOCKER}
        env:
          TOKEN: "{{ secret('API_TOKEN') }}"
        outputFiles: ["count.txt"]
        commands:
          - echo "token is $TOKEN"
          - wc -l < people.txt > count.txt
          - echo "in {{ workingDir }}" > {{ outputDir }}/where.txt
          - echo '::{"outputs":{"people":'$(cat count.txt)'}}::'
      - id: after
        type: io.kestra.plugin.scripts.shell.Commands
        commands:
          - cat count.txt
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ read(outputs.count.outputFiles['count.txt']) | trim }} {{ read(outputs.count.outputFiles['where.txt']) | trim }}"`,
    );
    expect(done.state.current).toBe("SUCCESS");
    const execution = await getExecution(ctx, done.id);
    const outputs = Object.fromEntries(execution.taskRunList.map((t: { taskId: string; outputs?: unknown }) => [t.taskId, t.outputs]));
    expect(outputs.count).toMatchObject({ exitCode: 0, vars: { people: 2 } });
    expect(outputs.show).toEqual({ value: "2 in /kestra/working-dir" });
    const logs = await messages(done.id);
    expect(logs).toContain("token is ******");
    expect(logs).toContain("2");
    expect(logs.join("\n")).not.toContain("tok-docker-secret-7");
    expect(await containersLabelled(`tenantflow.execution=${done.id}`)).toEqual([]);
  });

  it("a kill stops and removes the container", async () => {
    await createFlow(
      ctx,
      `id: long_container\nnamespace: ${NS}\ntasks:\n  - id: sleepy\n    type: io.kestra.plugin.scripts.shell.Commands\n    ${DOCKER.replace(/\n {8}/g, "\n    ")}\n    commands:\n      - echo started\n      - sleep 600`,
    );
    const started = await startExecution(ctx, { namespace: NS, flowId: "long_container", inputs: {} });
    await until(async () => (await messages(started.id)).includes("started") || undefined, 60_000, "the container's first line");
    expect(await containersLabelled(`tenantflow.execution=${started.id}`)).toHaveLength(1);
    await killExecution(ctx, started.id);
    const done = await waitForEnd(ctx, started.id, 60_000);
    expect(done.state.current).toBe("KILLED");
    await until(async () => ((await containersLabelled(`tenantflow.execution=${started.id}`)).length === 0 ? true : undefined), 30_000, "the container to be removed");
  });

  it("fails a Docker task sent to a worker group the instance does not allow", async () => {
    const done = await run(
      "docker_wrong_group",
      `tasks:
  - id: shell
    type: io.kestra.plugin.scripts.shell.Commands
    workerGroup:
      key: ${UNTRUSTED}
    ${DOCKER.replace(/\n {8}/g, "\n    ")}
    commands:
      - echo never`,
    );
    expect(done.state.current).toBe("FAILED");
    const logs = await messages(done.id);
    expect(logs.some((l) => l.startsWith(`Script tasks are not allowed on worker group "${UNTRUSTED}"`))).toBe(true);
    expect(logs).not.toContain("never");
  });
});
