import { indexOf } from "./state-index";
import { isTerminal } from "./types";
import type { EngineState, TaskRun } from "./types";

/** The parsed flow as stored (plain JSON of the YAML); read through the helpers below. */
export type FlowDefinition = Record<string, unknown>;

/** The values of a task run's ancestors that carry one (loop children), outermost first, then its own. */
function valuePath(taskRun: TaskRun, byId: ReadonlyMap<string, TaskRun>): string[] {
  const values: string[] = [];
  let current: TaskRun | undefined = taskRun;
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    if (current.value !== null) values.unshift(current.value);
    current = current.parentTaskRunId ? byId.get(current.parentTaskRunId) : undefined;
  }
  return values;
}

/**
 * Task outputs by task id, as the orchestrator exposes them: `outputs.<taskId>` for a task outside
 * loops, `outputs.<taskId>[value]` for a loop's child, `outputs.<taskId>[outer][inner]` in nested
 * loops (the values of the ancestors that carry one, outermost first). Later task runs of the same
 * task (a WaitFor's next iteration) replace earlier ones.
 */
export function outputsOf(taskRuns: TaskRun[]): Record<string, unknown> {
  const byId = indexOf(taskRuns).byId;
  const result: Record<string, unknown> = {};
  // lists are kept in creation order; sorted only when one is not
  let sorted = true;
  for (let i = 1; i < taskRuns.length && sorted; i++) sorted = taskRuns[i - 1].seq < taskRuns[i].seq;
  for (const taskRun of sorted ? taskRuns : [...taskRuns].sort((a, b) => a.seq - b.seq)) {
    if (taskRun.outputs === null) continue;
    const path = valuePath(taskRun, byId);
    if (path.length === 0) {
      result[taskRun.taskId] = taskRun.outputs;
      continue;
    }
    let node = result[taskRun.taskId];
    if (!isPlainObject(node)) node = result[taskRun.taskId] = {};
    let map = node as Record<string, unknown>;
    for (const value of path.slice(0, -1)) {
      if (!isPlainObject(map[value])) map[value] = {};
      map = map[value] as Record<string, unknown>;
    }
    map[path[path.length - 1]] = taskRun.outputs;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `taskrun` as the orchestrator gives it: `value`, `iteration` and `parentId` only when set. */
function taskrunView(taskRun: TaskRun) {
  return {
    id: taskRun.id,
    taskId: taskRun.taskId,
    startDate: taskRun.histories[0]?.date ?? null,
    // the attempts before this one, as the orchestrator counts them when the worker renders: 0 on
    // the first attempt (its retries doc succeeds on the 5th attempt when attemptsCount is 4)
    attemptsCount: taskRun.attempts.filter((a) => isTerminal(a.state)).length,
    ...(taskRun.value !== null ? { value: taskRun.value } : {}),
    ...(taskRun.iteration !== null ? { iteration: taskRun.iteration } : {}),
    ...(taskRun.parentTaskRunId !== null ? { parentId: taskRun.parentTaskRunId } : {}),
  };
}

/** Finds a task's definition anywhere in the flow (nested lists, errors, finally, Dag entries). */
export function findTask(flow: FlowDefinition, taskId: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const visit = (value: unknown): void => {
    if (found) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isPlainObject(value)) return;
    if (typeof value.type === "string" && value.id === taskId) {
      found = value;
      return;
    }
    for (const [key, nested] of Object.entries(value)) {
      if (key === "tasks" || key === "errors" || key === "finally" || key === "then" || key === "else" ||
        key === "defaults" || key === "afterExecution" || key === "task") visit(nested);
      else if (key === "cases" && isPlainObject(nested)) for (const list of Object.values(nested)) visit(list);
    }
  };
  visit(flow);
  return found;
}

/**
 * The variables an expression sees, as the orchestrator names them: `flow`, `execution`, `inputs`,
 * `outputs`, `vars` (the flow's `variables` over the namespace's given in `extras.vars`), `labels`,
 * `trigger`, and for a task run `taskrun`, `task`, `parents` (nearest ancestor first, each
 * `{taskrun: {value}, outputs}` as far as it has them) and `parent` (the first of them). Other
 * `extras` are added as they are.
 */
export function variablesFor(
  flow: FlowDefinition,
  state: EngineState,
  taskRun: TaskRun | null,
  extras: Record<string, unknown> = {},
): Record<string, unknown> {
  const execution = state.execution;
  const { vars: namespaceVars, ...rest } = extras;
  const flowVars = isPlainObject(flow.variables) ? flow.variables : {};
  const variables: Record<string, unknown> = {
    flow: { id: execution.flowId, namespace: execution.namespace, revision: execution.flowRevision, tenantId: execution.tenantId },
    execution: {
      id: execution.id,
      startDate: execution.histories[0]?.date ?? null,
      originalId: execution.originalId ?? execution.id,
      state: execution.state,
      // the flow's outputs, once rendered at the end (afterExecution tasks read them)
      ...(execution.outputs ? { outputs: execution.outputs } : {}),
    },
    inputs: execution.inputs,
    vars: { ...(isPlainObject(namespaceVars) ? namespaceVars : {}), ...flowVars },
    labels: Object.fromEntries(execution.labels.map((l) => [l.key, l.value])),
  };
  // `outputs` reads every task run: built the first time an expression reads it
  Object.defineProperty(variables, "outputs", {
    enumerable: true,
    configurable: true,
    get() {
      const value = outputsOf(state.taskRuns);
      Object.defineProperty(variables, "outputs", { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(variables, "outputs", { value, enumerable: true, configurable: true, writable: true });
    },
  });
  // as the orchestrator: `trigger` exists only when a trigger started the execution
  if (execution.trigger?.variables) variables.trigger = execution.trigger.variables;
  if (taskRun) {
    const byId = indexOf(state.taskRuns).byId;
    variables.taskrun = taskrunView(taskRun);
    const task = findTask(flow, taskRun.taskId);
    variables.task = { id: taskRun.taskId, type: typeof task?.type === "string" ? task.type : null };
    // as the orchestrator: nearest ancestor first, each with its loop value and its outputs,
    // ancestors with neither left out
    const parents: Record<string, unknown>[] = [];
    let parentId = taskRun.parentTaskRunId;
    const seen = new Set<string>();
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = byId.get(parentId);
      if (!parent) break;
      const entry: Record<string, unknown> = {};
      if (parent.value !== null) entry.taskrun = { value: parent.value };
      if (parent.outputs && Object.keys(parent.outputs).length > 0) entry.outputs = parent.outputs;
      if (Object.keys(entry).length > 0) parents.push(entry);
      parentId = parent.parentTaskRunId;
    }
    variables.parents = parents;
    if (parents.length > 0) variables.parent = parents[0];
  }
  // added in place (a spread would build `outputs` now)
  for (const [key, value] of Object.entries(rest)) {
    Object.defineProperty(variables, key, { value, enumerable: true, configurable: true, writable: true });
  }
  // the expression language reads own data properties only: `outputs` becomes one when it is asked for
  return new Proxy(variables, {
    getOwnPropertyDescriptor(target, key) {
      if (key === "outputs" && Object.getOwnPropertyDescriptor(target, key)?.get) void target.outputs;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}
