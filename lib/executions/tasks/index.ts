import { lookupTask } from "../../flows/validation/catalogue";
import { echoTask } from "./echo";
import { failTask } from "./fail";
import { fetchTask } from "./fetch";
import { kvDeleteTask } from "./kv-delete";
import { kvGetTask } from "./kv-get";
import { kvSetTask } from "./kv-set";
import { localFilesTask } from "./local-files";
import { logTask } from "./log";
import { outputValuesTask } from "./output-values";
import { resumeTask } from "./resume";
import { returnTask } from "./return";
import { sleepTask } from "./sleep";
import { stateDeleteTask } from "./state-delete";
import { stateGetTask } from "./state-get";
import { stateSetTask } from "./state-set";
import type { TaskRunner } from "./types";
import { SCRIPT_LAZY_PROPERTIES, SCRIPT_TASKS } from "../../../plugins/scripts/catalogue";
import { SCRIPT_RUNNERS } from "../../../plugins/scripts/runner";

export type { LogLine, LogReader, RunnerContext, RunnerResult, TaskRunner } from "./types";
export { levelAtLeast } from "./props";

/** The runnable task types a worker runs, by canonical type (the catalogue's `type`). */
export const RUNNERS: Readonly<Record<string, TaskRunner>> = {
  "io.kestra.plugin.core.log.Log": logTask,
  "io.kestra.plugin.core.log.Fetch": fetchTask,
  "io.kestra.plugin.core.debug.Return": returnTask,
  "io.kestra.plugin.core.debug.Echo": echoTask,
  "io.kestra.plugin.core.output.OutputValues": outputValuesTask,
  "io.kestra.plugin.core.execution.Fail": failTask,
  "io.kestra.plugin.core.execution.Resume": resumeTask,
  "io.kestra.plugin.core.flow.Sleep": sleepTask,
  "io.kestra.plugin.core.kv.Get": kvGetTask,
  "io.kestra.plugin.core.kv.Set": kvSetTask,
  "io.kestra.plugin.core.kv.Delete": kvDeleteTask,
  "io.kestra.plugin.core.state.Get": stateGetTask,
  "io.kestra.plugin.core.state.Set": stateSetTask,
  "io.kestra.plugin.core.state.Delete": stateDeleteTask,
  "io.kestra.plugin.core.storage.LocalFiles": localFilesTask,
  ...SCRIPT_RUNNERS,
};

/** Properties a runner renders itself (typed, or later), left unrendered in its `props`. */
export const LAZY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  // rendered typed, as the orchestrator's renderTyped: `{{ outputs.x.values }}` stores the map
  "io.kestra.plugin.core.kv.Set": ["value"],
  // rendered by the script runner, with `workingDir` and `outputDir` among the variables
  ...Object.fromEntries(SCRIPT_TASKS.map((t) => [t.type, SCRIPT_LAZY_PROPERTIES])),
};

/** The runner of a task type, by its canonical name or any alias; undefined when no worker runs it. */
export function runnerFor(type: string): TaskRunner | undefined {
  const entry = lookupTask(type);
  return entry ? RUNNERS[entry.type] : undefined;
}

/** Whether a worker runs this type (the executor sends it as `run` work). */
export const isRunnable = (type: string) => runnerFor(type) !== undefined;
