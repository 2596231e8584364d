import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { listLogs } from "@/lib/executions/logs";
import { killExecution } from "@/lib/executions/operations";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createWorkerGroup } from "@/lib/workers/groups";
import { writeFile } from "@/lib/files/files";
import { createFlow } from "@/lib/flows/flows";
import { putSecret } from "@/lib/secrets/secrets";
import { makeTenant } from "../helpers";
import { emptyQueue, until } from "./support/data";

// Script tasks through the real engine: the worker runs them as child processes, in the directory
// a WorkingDirectory shares, with the tenant's namespace files and secrets, killed with the
// execution, and only on the worker groups the instance allows (tests allow the default group).

const NS = "company.team";
// a group the setting does not list (defined: a group that is not defined claims nothing)
const UNTRUSTED = `shared-untrusted-${Math.random().toString(36).slice(2, 8)}`;
let roles: Role[] = [];
let ctx: TenantContext;

beforeAll(async () => {
  await emptyQueue();
  installEngine();
  await createWorkerGroup(cliActor(), { key: UNTRUSTED });
  roles = [
    runExecutor({ pollMs: 100 }),
    runWorker({ pollMs: 100, concurrency: 2, leaseMs: 30_000, heartbeatMs: 300 }),
    runWorker({ pollMs: 100, concurrency: 1, leaseMs: 30_000, heartbeatMs: 300, group: UNTRUSTED }),
  ];
  ctx = await tenantContext(cliActor(), (await makeTenant()).id);
  await writeFile(ctx, NS, "lib/greet.py", new TextEncoder().encode('def greet(name):\n    return "hello " + name\n'));
  await putSecret(ctx, NS, "API_TOKEN", { value: "tok-very-secret-42" });
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
});

async function run(id: string, body: string) {
  await createFlow(ctx, `id: ${id}\nnamespace: ${NS}\n${body}`);
  const started = await startExecution(ctx, { namespace: NS, flowId: id, inputs: {} });
  return waitForEnd(ctx, started.id, 60_000);
}

const messages = async (executionId: string) => (await listLogs(ctx, executionId, { size: 1000 })).results.map((l: { message: string }) => l.message);

describe("script tasks through the engine", () => {
  it("a shell script writes a file that a python script of the same WorkingDirectory reads, with the namespace's files", async () => {
    const done = await run(
      "shell_then_python",
      `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: write
        type: io.kestra.plugin.scripts.shell.Script
        env:
          TOKEN: "{{ secret('API_TOKEN') }}"
        script: |
          echo "token is $TOKEN"
          printf 'ada\\ngrace\\n' > people.txt
      - id: read
        type: io.kestra.plugin.scripts.python.Script
        namespaceFiles:
          enabled: true
          include: ["lib/*.py"]
        outputFiles: ["greetings.txt"]
        script: |
          import json, sys
          sys.path.insert(0, "lib")
          from greet import greet
          lines = [greet(n) for n in open("people.txt").read().split()]
          open("greetings.txt", "w").write("\\n".join(lines))
          print("::" + json.dumps({"outputs": {"greetings": lines}}) + "::")
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ read(outputs.read.outputFiles['greetings.txt']) }}"`,
    );
    expect(done.state.current).toBe("SUCCESS");
    const execution = await getExecution(ctx, done.id);
    const outputs = Object.fromEntries(execution.taskRunList.map((t: { taskId: string; outputs?: unknown }) => [t.taskId, t.outputs]));
    expect(outputs.read).toMatchObject({ exitCode: 0, vars: { greetings: ["hello ada", "hello grace"] } });
    expect(outputs.show).toEqual({ value: "hello ada\nhello grace" });
    const logs = await messages(done.id);
    expect(logs).toContain("token is ******");
    expect(logs.join("\n")).not.toContain("tok-very-secret-42");
  });

  it("a kill stops the script and every process it started", async () => {
    await createFlow(
      ctx,
      `id: long_script\nnamespace: ${NS}\ntasks:\n  - id: sleepy\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands:\n      - sleep 300 &\n      - echo "child $!"\n      - wait`,
    );
    const started = await startExecution(ctx, { namespace: NS, flowId: "long_script", inputs: {} });
    const line = await until(async () => (await messages(started.id)).find((m) => m.startsWith("child ")), 30_000, "the script's child");
    const pid = Number(line.slice("child ".length));
    expect(pid).toBeGreaterThan(0);
    await killExecution(ctx, started.id);
    const done = await waitForEnd(ctx, started.id, 30_000);
    expect(done.state.current).toBe("KILLED");
    // gone, or a zombie its new parent has not reaped yet
    const gone = () => {
      try {
        return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] === "Z";
      } catch {
        return true;
      }
    };
    await until(async () => gone(), 20_000, `process ${pid} to end`);
  });

  it("fails a script sent to a worker group the instance does not allow, naming the setting", async () => {
    const done = await run(
      "wrong_group",
      `tasks:
  - id: shell
    type: io.kestra.plugin.scripts.shell.Commands
    workerGroup:
      key: ${UNTRUSTED}
    commands:
      - echo never`,
    );
    expect(done.state.current).toBe("FAILED");
    const logs = await messages(done.id);
    expect(logs).toContain(
      `Script tasks are not allowed on worker group "${UNTRUSTED}": this instance runs them only on default (setting TENANTFLOW_SCRIPT_WORKER_GROUPS)`,
    );
    expect(logs).not.toContain("never");
  });
});
