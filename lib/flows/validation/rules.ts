import { flowSchema } from "./flow-schema";
import { IdRegistry } from "./ids";
import { checkInputs, checkOutputs } from "./inputs";
import { checkFlowLabels, checkLabelKeys } from "./labels";
import { flowIdProblem, namespaceProblem } from "./names";
import { type AppliedDefault, type NamespaceDefault, PluginDefaults } from "./plugin-defaults";
import type { Problems } from "./problems";
import { checkSchema } from "./schema-check";
import { walkTasks, type TaskContext } from "./tasks";
import { walkConditions, walkTriggers } from "./triggers";
import { asName, isPlainObject, type PlainObject } from "./types";

/** Every flow-level rule of SPEC §3, on the parsed document; problems accumulate, nothing stops early. */
export function checkFlow(flow: PlainObject, problems: Problems, namespaceDefaults: readonly NamespaceDefault[] = []): AppliedDefault[] {
  checkSchema(flowSchema, flow, [], problems, "a flow");
  checkIdentity(flow, problems);

  if (flow.tasks == null) problems.add(["tasks"], 'a flow needs "tasks": a non-empty list of tasks');
  else if (!Array.isArray(flow.tasks)) problems.add(["tasks"], '"tasks" must be a list of tasks');
  else if (flow.tasks.length === 0) problems.add(["tasks"], '"tasks" must hold at least one task');

  // task ids are unique across the main list, the error and final blocks and the listeners
  const ctx: TaskContext = {
    problems,
    flow: { id: asName(flow.id), namespace: asName(flow.namespace) },
    taskIds: new IdRegistry("task", problems),
    // the flow's own defaults under either of their names, then the namespace chain's
    defaults: new PluginDefaults(flow.pluginDefaults ?? flow.taskDefaults, namespaceDefaults),
  };
  for (const block of ["tasks", "errors", "finally", "afterExecution"]) walkTasks(flow[block], [block], ctx);
  if (Array.isArray(flow.listeners)) {
    flow.listeners.forEach((listener, i) => {
      if (!isPlainObject(listener)) return;
      walkConditions(listener.conditions, ["listeners", i, "conditions"], problems);
      // a listener runs its tasks like a flowable task does: an empty list is refused the same way
      if (Array.isArray(listener.tasks) && listener.tasks.length === 0) problems.add(["listeners", i, "tasks"], '"tasks" must hold at least one task');
      walkTasks(listener.tasks, ["listeners", i, "tasks"], ctx);
    });
  }

  walkTriggers(flow.triggers, ["triggers"], problems, ctx.flow, ctx.defaults);
  checkInputs(flow.inputs, ["inputs"], problems);
  checkOutputs(flow.outputs, ["outputs"], problems);
  checkFlowLabels(flow.labels, ["labels"], problems);
  // an SLA's labels are put on the execution it is breached by: no system labels there either
  if (Array.isArray(flow.sla)) flow.sla.forEach((s, i) => isPlainObject(s) && checkLabelKeys(s.labels, ["sla", i, "labels"], problems));
  return ctx.defaults.applied;
}

function checkIdentity(flow: PlainObject, problems: Problems): void {
  const id = asName(flow.id);
  if (flow.id == null || id === "") problems.add(["id"], 'a flow needs an "id"');
  else if (id === undefined) problems.add(["id"], '"id" must be a string');
  else {
    const problem = flowIdProblem(id);
    if (problem) problems.add(["id"], problem);
  }

  const namespace = asName(flow.namespace);
  if (flow.namespace == null || namespace === "") problems.add(["namespace"], 'a flow needs a "namespace"');
  else if (namespace === undefined) problems.add(["namespace"], '"namespace" must be a string');
  else {
    const problem = namespaceProblem(namespace);
    if (problem) problems.add(["namespace"], problem);
  }
}
