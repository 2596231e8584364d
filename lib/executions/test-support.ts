import { tenantDb } from "../db";
import { runTask, type RunTaskInput } from "./run-task";
import type { Execution, LogLevel, TaskRun } from "./types";

// Builders for the engine's tests: an execution, a task run and runTask's input, by hand.

export function execution(over: Partial<Execution> = {}): Execution {
  return {
    id: "exec1",
    tenantId: "t-unit",
    namespace: "company.team",
    flowId: "hello",
    flowRevision: 1,
    inputs: {},
    labels: [],
    state: "RUNNING",
    histories: [],
    outputs: null,
    variables: {},
    trigger: null,
    parentId: null,
    originalId: null,
    scheduleDate: null,
    version: 1,
    ...over,
  };
}

export function taskRun(taskId: string, over: Partial<TaskRun> = {}): TaskRun {
  return {
    id: `tr-${taskId}`,
    executionId: "exec1",
    taskId,
    parentTaskRunId: null,
    value: null,
    iteration: null,
    state: "RUNNING",
    histories: [],
    attempts: [{ number: 1, state: "RUNNING", histories: [], workerId: "w1" }],
    outputs: null,
    seq: 0,
    ...over,
  };
}

export type Logged = { level: LogLevel; message: string };

/** Runs one task of a flow, collecting its log lines. */
export async function run(
  task: Record<string, unknown>,
  opts: Partial<RunTaskInput> & { tenantId?: string; namespace?: string; flowId?: string } = {},
) {
  const tenantId = opts.tenantId ?? "t-unit";
  const namespace = opts.namespace ?? "company.team";
  const flowId = opts.flowId ?? "hello";
  const logs: Logged[] = [];
  const exec = opts.execution ?? execution({ tenantId, namespace, flowId });
  const result = await runTask({
    db: tenantDb(tenantId),
    tenantId,
    flow: opts.flow ?? { id: flowId, namespace, tasks: [task] },
    execution: exec,
    taskRun: opts.taskRun ?? taskRun(String(task.id), { executionId: exec.id }),
    attempt: 1,
    task,
    variables: opts.variables ?? { flow: { id: flowId, namespace }, execution: { id: exec.id }, inputs: {}, outputs: {} },
    // none given: the namespace chain's, read from the database (pass `namespaceDefaults: undefined`)
    namespaceDefaults: "namespaceDefaults" in opts ? opts.namespaceDefaults : [],
    signal: opts.signal ?? new AbortController().signal,
    log: (level, message) => logs.push({ level, message }),
    ...(opts.logs ? { logs: opts.logs } : {}),
    ...(opts.maxOutputBytes ? { maxOutputBytes: opts.maxOutputBytes } : {}),
    ...(opts.workingDir ? { workingDir: opts.workingDir } : {}),
  });
  return { result, logs };
}
