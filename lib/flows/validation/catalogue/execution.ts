import { dynLabels, dynMap, dynTextList, opt, text } from "./props";
import type { TaskEntry } from "./types";
import { checkLabelKeys } from "../labels";

// io.kestra.plugin.core.execution

export const fail: TaskEntry = {
  type: "io.kestra.plugin.core.execution.Fail",
  aliases: ["io.kestra.core.tasks.executions.Fail"],
  shape: { condition: opt(text), errorMessage: opt(text) },
};

export const labels: TaskEntry = {
  type: "io.kestra.plugin.core.execution.Labels",
  aliases: ["io.kestra.core.tasks.executions.Labels"],
  shape: { labels: dynLabels },
  // the executor applies it to the execution; no worker runs it
  kind: "execution-updating",
  // Kestra fails the task at runtime on a system label; refusing it at save time is kinder
  check: (task, ctx) => checkLabelKeys(task.labels, [...ctx.path, "labels"], ctx.problems),
};

export const resume: TaskEntry = {
  type: "io.kestra.plugin.core.execution.Resume",
  shape: { namespace: opt(text), flowId: opt(text), executionId: opt(text), inputs: opt(dynMap) },
};

export const assert: TaskEntry = {
  type: "io.kestra.plugin.core.execution.Assert",
  shape: { conditions: dynTextList, errorMessage: opt(text) },
};
