import { lookupTask } from "../../flows/validation/catalogue";
import { assertTask } from "./assert";
import { echoTask } from "./echo";
import { failTask } from "./fail";
import { fetchTask } from "./fetch";
import { httpDownloadTask } from "./http-download";
import { httpRequestTask } from "./http-request";
import { kvDeleteTask } from "./kv-delete";
import { kvGetTask } from "./kv-get";
import { kvSetTask } from "./kv-set";
import { localFilesTask } from "./local-files";
import { logTask } from "./log";
import { deleteFilesTask, downloadFilesTask, uploadFilesTask } from "./namespace-files";
import { outputValuesTask } from "./output-values";
import { purgeExecutionsTask, purgeKvTask, purgeLogsTask } from "./purge";
import { resumeTask } from "./resume";
import { returnTask } from "./return";
import { sleepTask } from "./sleep";
import { storageConcatTask } from "./storage-concat";
import { storageDeleteTask, storageSizeTask } from "./storage-size-delete";
import { storageSplitTask } from "./storage-split";
import { storageWriteTask } from "./storage-write";
import { stateDeleteTask } from "./state-delete";
import { stateGetTask } from "./state-get";
import { stateSetTask } from "./state-set";
import type { TaskRunner } from "./types";
import { PLUGIN_RUNTIMES } from "../../../plugins/runtimes";
import { pluginStore } from "../../plugins/store";

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
  "io.kestra.plugin.core.execution.Assert": assertTask,
  "io.kestra.plugin.core.storage.Write": storageWriteTask,
  "io.kestra.plugin.core.storage.Concat": storageConcatTask,
  "io.kestra.plugin.core.storage.Size": storageSizeTask,
  "io.kestra.plugin.core.storage.Delete": storageDeleteTask,
  "io.kestra.plugin.core.storage.Split": storageSplitTask,
  "io.kestra.plugin.core.http.Request": httpRequestTask,
  "io.kestra.plugin.core.http.Download": httpDownloadTask,
  "io.kestra.plugin.core.namespace.UploadFiles": uploadFilesTask,
  "io.kestra.plugin.core.namespace.DownloadFiles": downloadFilesTask,
  "io.kestra.plugin.core.namespace.DeleteFiles": deleteFilesTask,
  "io.kestra.plugin.core.log.PurgeLogs": purgeLogsTask,
  "io.kestra.plugin.core.execution.PurgeExecutions": purgeExecutionsTask,
  "io.kestra.plugin.core.kv.PurgeKV": purgeKvTask,
  ...Object.assign({}, ...PLUGIN_RUNTIMES.map((p) => p.runners)),
};

/** Properties a runner renders itself (typed, or later), left unrendered in its `props`. */
export const LAZY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  // rendered typed, as the orchestrator's renderTyped: `{{ outputs.x.values }}` stores the map
  "io.kestra.plugin.core.kv.Set": ["value"],
  ...Object.assign({}, ...PLUGIN_RUNTIMES.map((p) => p.lazy ?? {})),
};

/** The runner of a canonical type: first-party, or of a plugin registered at run time. */
export function runnerOf(canonicalType: string): TaskRunner | undefined {
  if (Object.hasOwn(RUNNERS, canonicalType)) return RUNNERS[canonicalType];
  for (const { runtime } of pluginStore().plugins) {
    if (Object.hasOwn(runtime.runners, canonicalType)) return runtime.runners[canonicalType];
  }
  return undefined;
}

/** The properties a canonical type's runner renders itself. */
export function lazyPropertiesOf(canonicalType: string): readonly string[] {
  if (Object.hasOwn(LAZY_PROPERTIES, canonicalType)) return LAZY_PROPERTIES[canonicalType];
  for (const { runtime } of pluginStore().plugins) {
    const lazy = runtime.lazy?.[canonicalType];
    if (lazy) return lazy;
  }
  return [];
}

/** The runner of a task type, by its canonical name or any alias; undefined when no worker runs it. */
export function runnerFor(type: string): TaskRunner | undefined {
  const entry = lookupTask(type);
  return entry ? runnerOf(entry.type) : undefined;
}

/** Whether a worker runs this type (the executor sends it as `run` work). */
export const isRunnable = (type: string) => runnerFor(type) !== undefined;
