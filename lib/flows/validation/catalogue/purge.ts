import { dynBool, dynInteger, dynMap, dynTextList, opt, text } from "./props";
import type { TaskEntry } from "./types";

// The purge tasks: io.kestra.plugin.core.log.PurgeLogs, execution.PurgeExecutions, kv.PurgeKV

export const purgeLogs: TaskEntry = {
  type: "io.kestra.plugin.core.log.PurgeLogs",
  shape: {
    namespace: opt(text),
    flowId: opt(text),
    executionId: opt(text),
    logLevels: opt(dynTextList),
    startDate: opt(text),
    endDate: text,
  },
};

export const purgeExecutions: TaskEntry = {
  type: "io.kestra.plugin.core.execution.PurgeExecutions",
  aliases: ["io.kestra.plugin.core.storage.Purge", "io.kestra.core.tasks.storages.Purge"],
  shape: {
    namespace: opt(text),
    flowId: opt(text),
    startDate: opt(text),
    endDate: text,
    states: opt(dynTextList),
    purgeExecution: opt(dynBool),
    purgeLog: opt(dynBool),
    purgeMetric: opt(dynBool),
    purgeStorage: opt(dynBool),
    batchSize: opt(dynInteger),
  },
};

export const purgeKv: TaskEntry = {
  type: "io.kestra.plugin.core.kv.PurgeKV",
  shape: {
    namespaces: opt(dynTextList),
    namespacePattern: opt(text),
    keyPattern: opt(text),
    includeChildNamespaces: opt(dynBool),
    behavior: opt(dynMap),
    expiredOnly: opt(dynBool),
  },
};
