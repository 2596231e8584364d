import { engineContext } from "../engine-context";
import { step } from "../executor";
import type { SubflowPort } from "../executor/subflow";
import { engineHooks } from "../hooks";
import { type RunTaskInput, runTask } from "../run-task";
import { revealSecretInputs } from "../secret-inputs";
import { type FlowDefinition, variablesFor } from "../variables";
import { type Hooks, render as renderTemplate } from "@/lib/expressions";
import type { NamespaceDefault } from "@/lib/flows/validation/plugin-defaults";
import type { EngineEvent, EngineState, Execution, StepResult, TaskResult, TaskRun } from "../types";

// The parts of the engine the loops call: the executor's step function, the worker's runTask, and
// the variables and renderer the step is given. The real modules are the defaults; tests install
// fakes with setEngine() and put the defaults back with resetEngine().

/** The parsed flow (plain JSON of its YAML), as stored in Flow.parsed. */
export type { FlowDefinition } from "../variables";

export type StepDeps = {
  now: Date;
  newId: () => string;
  render: (value: unknown, taskRun: TaskRun | null, state: EngineState) => Promise<unknown>;
  limits: { maxTaskRuns: number };
  subflows?: SubflowPort;
  namespaceDefaults?: readonly NamespaceDefault[];
};

export type StepFn = (flow: FlowDefinition, state: EngineState, event: EngineEvent, deps: StepDeps) => Promise<StepResult>;

export type { RunTaskInput } from "../run-task";

export type RunTaskFn = (input: RunTaskInput) => Promise<TaskResult>;

export type VariablesFn = (flow: FlowDefinition, state: EngineState, taskRun: TaskRun | null, extras?: Record<string, unknown>) => Record<string, unknown>;

/** The expression language's hooks for one execution: secret(), kv() and read() in its namespace chain. */
export type HooksFn = (execution: Execution) => Hooks | undefined;

export type Engine = { step: StepFn; runTask: RunTaskFn; variablesFor: VariablesFn; hooksFor: HooksFn };

// The real executor, task runner, variables and expression hooks (secret(), kv(), read() in the
// execution's tenant and namespace chain): every role, in the app, the CLI or a test, runs them
// unless a test swaps a part with setEngine().
const DEFAULTS: Engine = {
  step,
  runTask,
  variablesFor,
  hooksFor: (e) => engineHooks({ ctx: engineContext(e.tenantId, e.id), namespace: e.namespace, flowId: e.flowId, executionId: e.id }),
};

let current: Engine = { ...DEFAULTS };

export const engine = (): Engine => current;

/** Replaces parts of the engine (tests inject fakes). */
export function setEngine(parts: Partial<Engine>) {
  current = { ...current, ...parts };
}

export function resetEngine() {
  current = { ...DEFAULTS };
}

/** Renders strings deeply (objects and lists recursively) against the execution's variables. */
export function renderer(flow: FlowDefinition, hooks?: Hooks): StepDeps["render"] {
  const walk = async (value: unknown, vars: Record<string, unknown>): Promise<unknown> => {
    if (typeof value === "string") return (await renderTemplate(value, vars, { hooks })).output;
    if (Array.isArray(value)) return Promise.all(value.map((v) => walk(v, vars)));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await walk(v, vars);
      return out;
    }
    return value;
  };
  return async (value, taskRun, state) => {
    // SECRET inputs are sealed in the execution: a flowable's condition may compare one, as a task may
    const { variables } = await revealSecretInputs(state.execution.tenantId, state.execution.id, current.variablesFor(flow, state, taskRun));
    return walk(value, variables);
  };
}
