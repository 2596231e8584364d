import { dynOneOf, dynTextList, LOG_LEVELS, opt, text, textOrTextList } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.log

export const log: TaskEntry = {
  type: "io.kestra.plugin.core.log.Log",
  aliases: ["io.kestra.core.tasks.log.Log"],
  shape: {
    message: textOrTextList,
    level: opt(dynOneOf(LOG_LEVELS)),
  },
};

export const fetch: TaskEntry = {
  type: "io.kestra.plugin.core.log.Fetch",
  aliases: ["io.kestra.core.tasks.log.Fetch"],
  shape: {
    namespace: opt(text),
    flowId: opt(text),
    executionId: opt(text),
    tasksId: opt(dynTextList),
    level: opt(dynOneOf(LOG_LEVELS)),
  },
};
