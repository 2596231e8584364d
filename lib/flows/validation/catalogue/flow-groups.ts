import { z } from "zod";
import { duration, dynTextList, integer, map, mapOrText, opt, taskList, textList } from "./props";
import { errorsAndFinally } from "./common";
import type { NestedTasks, TaskEntry } from "./types";

// io.kestra.plugin.core.flow: groups of tasks

/** `tasks` must hold at least one task; `errors` and `finally` may be empty. */
export const groupNesting: readonly NestedTasks[] = [
  { key: "tasks", shape: "list", nonEmpty: true },
  { key: "errors", shape: "list" },
  { key: "finally", shape: "list" },
];

export const sequential: TaskEntry = {
  type: "io.kestra.plugin.core.flow.Sequential",
  aliases: ["io.kestra.core.tasks.flows.Sequential"],
  shape: { tasks: taskList, ...errorsAndFinally },
  nested: groupNesting,
};

export const parallel: TaskEntry = {
  type: "io.kestra.plugin.core.flow.Parallel",
  aliases: ["io.kestra.core.tasks.flows.Parallel"],
  shape: { tasks: taskList, concurrent: opt(integer), ...errorsAndFinally },
  nested: groupNesting,
};

export const allowFailure: TaskEntry = {
  type: "io.kestra.plugin.core.flow.AllowFailure",
  aliases: ["io.kestra.core.tasks.flows.AllowFailure"],
  shape: { tasks: taskList, ...errorsAndFinally },
  nested: groupNesting,
};

export const workingDirectory: TaskEntry = {
  type: "io.kestra.plugin.core.flow.WorkingDirectory",
  aliases: ["io.kestra.core.tasks.flows.WorkingDirectory", "io.kestra.core.tasks.flows.Worker"],
  shape: {
    tasks: taskList,
    cache: opt(z.strictObject({ patterns: textList, ttl: opt(duration) })),
    namespaceFiles: opt(map),
    inputFiles: opt(mapOrText),
    outputFiles: opt(dynTextList),
    ...errorsAndFinally,
  },
  nested: [{ key: "tasks", shape: "list", nonEmpty: true, runnableOnly: true }, ...groupNesting.slice(1)],
};
