import "server-only";
import { config } from "../config";
import type { TenantDb } from "../db";
import { AppError } from "../errors";
import { ExpressionError, render as renderTemplate, maskSecrets, type Hooks } from "../expressions";
import { lookupTask } from "../flows/validation/catalogue";
import { commonTaskShape } from "../flows/validation/catalogue/common";
import type { NamespaceDefault } from "../flows/validation/plugin-defaults";
import { pluginDefaultsInForce } from "../namespaces/settings";
import { engineContext } from "./engine-context";
import { engineHooks } from "./hooks";
import { InternalStorage, taskRunFolder } from "./internal-storage";
import { MASK, maskDeep, renderDeep, renderTyped } from "./render-deep";
import { withPluginDefaults } from "./plugin-defaults";
import { revealSecretInputs } from "./secret-inputs";
import { lazyPropertiesOf, runnerOf } from "./tasks";
import { TaskFailure, type LogReader, type RunnerContext } from "./tasks/types";
import type { Execution, LogLevel, TaskResult, TaskRun } from "./types";

export type { FlowDefinition } from "./variables";
import type { FlowDefinition } from "./variables";

export type RunTaskInput = {
  db: TenantDb;
  tenantId: string;
  flow: FlowDefinition;
  execution: Execution;
  taskRun: TaskRun;
  attempt: number;
  /** the task's definition in the flow, unrendered and without plugin defaults */
  task: Record<string, unknown>;
  /** the expression variables of this task run (variablesFor), namespace variables merged in */
  variables: Record<string, unknown>;
  /**
   * The plugin defaults in force in the namespace chain (lib/namespaces pluginDefaultsInForce);
   * read from the database when absent.
   */
  namespaceDefaults?: readonly NamespaceDefault[];
  /** kill or timeout: the runner stops and the attempt ends KILLED */
  signal: AbortSignal;
  /** a log line of the attempt, secrets already masked; the worker filters by `logLevel`, batches and stores */
  log: (level: LogLevel, message: string) => void;
  /** this tenant's logs, for log.Fetch */
  logs?: LogReader;
  /** the working directory a WorkingDirectory shares between its tasks */
  workingDir?: string;
  /** the worker group of the worker running it */
  workerGroup?: string;
  /** overrides the setting TENANTFLOW_MAX_TASK_OUTPUT_SIZE (bytes of the outputs' JSON) */
  maxOutputBytes?: number;
  /** the clock of now() (tests pin it) */
  now?: () => Date;
};

const COMMON = new Set(Object.keys(commonTaskShape));
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What a user is told: refusals as they are; an unexpected error's text stays in the server's log. */
function userError(e: unknown, where: string): string {
  if (e instanceof TaskFailure || e instanceof AppError || e instanceof ExpressionError) return e.message;
  console.error(`task run ${where}: unexpected error:`, e);
  return "The task failed on an internal error (the server's log has the details)";
}

/**
 * Runs one attempt of a runnable task run: applies plugin defaults (the namespace chain's, then the
 * flow's own), renders the task's own properties, runs the type's runner, masks every secret value
 * rendered in logs, outputs and errors, and bounds the outputs. Never throws for the task's own
 * failure: a refusal, a render error or a runner's exception is `{state: "FAILED", error}`, an
 * abort `{state: "KILLED"}`.
 */
export async function runTask(input: RunTaskInput): Promise<TaskResult> {
  const secrets = new Set<string>();
  // a runner left behind by a kill logs nothing after the attempt's result
  let finished = false;
  const log = (level: LogLevel, message: string) => {
    if (!finished) input.log(level, maskSecrets(message, secrets, MASK));
  };
  const failed = (error: string): TaskResult => ({ state: "FAILED", error: maskSecrets(error, secrets, MASK) });
  if (input.signal.aborted) return { state: "KILLED" };

  const type = typeof input.task.type === "string" ? input.task.type : "";
  const entry = lookupTask(type);
  if (!entry) return failed(`Unknown task type "${type}"`);
  const runner = runnerOf(entry.type);
  if (!runner) return failed(`Task type ${entry.type} does not run on a worker`);

  const namespace = String(input.flow.namespace ?? input.execution.namespace);
  const flowId = String(input.flow.id ?? input.execution.flowId);
  const ctx = engineContext(input.tenantId, input.execution.id);

  let onAbort = () => {};
  const abort = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    input.signal.addEventListener("abort", onAbort, { once: true });
  });

  const attempt = async (): Promise<TaskResult> => {
    const nsDefaults = input.namespaceDefaults ?? (await pluginDefaultsInForce(input.db, namespace));
    const task = withPluginDefaults(input.flow, input.task, nsDefaults);

    const { variables, secrets: inputSecrets } = await revealSecretInputs(input.tenantId, input.execution.id, input.variables);
    for (const s of inputSecrets) secrets.add(s);
    const hooks: Hooks = engineHooks({ ctx, namespace, flowId, executionId: input.execution.id });
    const renderString = async (source: string, extra?: Record<string, unknown>) => {
      const result = await renderTemplate(source, extra ? { ...variables, ...extra } : variables, { hooks, now: input.now });
      for (const s of result.secrets) secrets.add(s);
      return result.output;
    };

    const props: Record<string, unknown> = {};
    const lazy = lazyPropertiesOf(entry.type);
    for (const key of Object.keys(task)) {
      if (COMMON.has(key) || !entry.properties.has(key)) continue;
      if (lazy.includes(key)) {
        props[key] = task[key];
        continue;
      }
      try {
        props[key] = await renderDeep(task[key], renderString);
      } catch (e) {
        throw new TaskFailure(`Cannot render property "${key}": ${errorText(e)}`);
      }
    }

    const runnerContext: RunnerContext = {
      tenantId: input.tenantId,
      db: input.db,
      ctx,
      flow: { id: flowId, namespace, revision: input.execution.flowRevision },
      execution: input.execution,
      taskRun: input.taskRun,
      attempt: input.attempt,
      task,
      props,
      render: (value, extra) => renderDeep(value, (source) => renderString(source, extra)),
      renderTyped: (source) => renderTyped(source, renderString),
      log,
      signal: input.signal,
      storage: new InternalStorage(input.db, namespace),
      folder: taskRunFolder(namespace, flowId, input.execution.id, input.taskRun.taskId, input.taskRun.id),
      ...(input.logs ? { logs: input.logs } : {}),
      ...(input.workingDir ? { workingDir: input.workingDir } : {}),
      ...(input.workerGroup !== undefined ? { workerGroup: input.workerGroup } : {}),
    };
    const result = await runner(runnerContext);
    if (input.signal.aborted) return { state: "KILLED" };

    const outputs = result.outputs ? (maskDeep(result.outputs, secrets) as Record<string, unknown>) : null;
    const limit = input.maxOutputBytes ?? config().maxTaskOutputSize;
    const size = outputs ? Buffer.byteLength(JSON.stringify(outputs), "utf8") : 0;
    if (size > limit) {
      return failed(`The task's outputs are ${size} bytes, more than the limit of ${limit} bytes per task (setting TENANTFLOW_MAX_TASK_OUTPUT_SIZE)`);
    }
    return { state: result.state ?? "SUCCESS", outputs };
  };

  // a runner that ignores the signal is left behind: the attempt ends KILLED at once
  const where = `${input.tenantId}/${input.execution.id}/${input.taskRun.id}#${input.attempt}`;
  const running = attempt().catch((e): TaskResult => (input.signal.aborted ? { state: "KILLED" } : failed(userError(e, where))));
  const outcome = await Promise.race([running, abort]);
  finished = true;
  input.signal.removeEventListener("abort", onAbort);
  return outcome === "aborted" ? { state: "KILLED" } : outcome;
}
