import type { TaskRunner } from "../executions/tasks/types";
import type { DocsByType } from "../flows/validation/catalogue/docs/types";
import type { ConditionEntry, TaskEntry, TriggerEntry } from "../flows/validation/catalogue/types";

// A plugin: a group of task (and trigger, condition) types, in two halves.
//
// - The definition is plain data and zod schemas: the validator's catalogue entries, the editor's
//   documentation. It is safe to load anywhere (the validator, the editor's catalogue build).
// - The runtime is the code a worker runs: one runner per runnable task type, and which
//   properties each runner renders itself. It is loaded by server processes only.
//
// First-party plugins live in `plugins/<id>/` with `plugin.ts` (the definition) and `runtime.ts`
// (the runtime), listed in `plugins/definitions.ts` and `plugins/runtimes.ts`.

export type PluginDefinition = {
  /** short, stable id: the folder name of a first-party plugin ("scripts", "notifications") */
  id: string;
  /** a title for people ("Scripts") */
  title: string;
  /** the type-name prefixes the plugin owns, e.g. "io.kestra.plugin.scripts" (with no trailing dot) */
  groups: readonly string[];
  tasks?: readonly TaskEntry[];
  triggers?: readonly TriggerEntry[];
  conditions?: readonly ConditionEntry[];
  /** documentation by canonical type: description, each own property, an example */
  docs?: DocsByType;
  /**
   * Types of the orchestrator's plugin under this plugin's groups that this plugin does not provide
   * (yet): a flow using one saves with a warning naming it and cannot run, as with a plugin that is
   * not installed; any other type under the groups that the plugin lacks is a misspelling.
   */
  notProvided?: readonly string[];
};

export type PluginRuntime = {
  /** the id of the definition it belongs to */
  id: string;
  /** a runner per runnable task type, by canonical type */
  runners: Readonly<Record<string, TaskRunner>>;
  /** properties a runner renders itself (left as written in its `props`), by canonical type */
  lazy?: Readonly<Record<string, readonly string[]>>;
};
