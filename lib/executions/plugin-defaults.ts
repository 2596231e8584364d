import { lookupTask } from "../flows/validation/catalogue";
import { type NamespaceDefault, PluginDefaults } from "../flows/validation/plugin-defaults";

/**
 * A task of a flow with the plugin defaults in force applied, as at validation: the flow's own
 * `pluginDefaults` (or `taskDefaults`) fill first, then the namespace chain's; a forced default
 * replaces the task's value, a namespace's over the flow's. The executor reads shared properties
 * (retry, timeout, allowFailure, workerGroup, ...) through it too. A type outside the catalogue
 * is returned as it is.
 */
export function withPluginDefaults(
  flow: Record<string, unknown>,
  task: Record<string, unknown>,
  namespaceDefaults: readonly NamespaceDefault[],
): Record<string, unknown> {
  const type = typeof task.type === "string" ? task.type : "";
  const entry = lookupTask(type);
  if (!entry) return task;
  const defaults = new PluginDefaults(flow.pluginDefaults ?? flow.taskDefaults, namespaceDefaults);
  return defaults.apply(task, [type, entry.type, ...(entry.aliases ?? [])], entry.properties, { path: [] }).value;
}
