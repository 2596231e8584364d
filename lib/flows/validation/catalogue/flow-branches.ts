import { z } from "zod";
import { integer, nonEmptyText, opt, taskList, taskMap, text } from "./props";
import { errorsAndFinally } from "./common";
import type { TaskEntry } from "./types";
import { checkDag } from "../dag";

// io.kestra.plugin.core.flow: branching

export const ifTask: TaskEntry = {
  type: "io.kestra.plugin.core.flow.If",
  aliases: ["io.kestra.core.tasks.flows.If"],
  shape: { condition: text, then: taskList, else: opt(taskList), ...errorsAndFinally },
  nested: [
    { key: "then", shape: "list", nonEmpty: true },
    { key: "else", shape: "list" },
    { key: "errors", shape: "list" },
    { key: "finally", shape: "list" },
  ],
};

export const switchTask: TaskEntry = {
  type: "io.kestra.plugin.core.flow.Switch",
  aliases: ["io.kestra.core.tasks.flows.Switch"],
  shape: { value: nonEmptyText, cases: opt(taskMap), defaults: opt(taskList), ...errorsAndFinally },
  nested: [
    { key: "cases", shape: "cases" },
    { key: "defaults", shape: "list" },
    { key: "errors", shape: "list" },
    { key: "finally", shape: "list" },
  ],
  check: (task, ctx) => {
    const hasCases = isFilled(task.cases);
    if (!hasCases && !isFilled(task.defaults)) {
      ctx.problems.add([...ctx.path, "cases"], 'a Switch needs "cases" or "defaults" (or both)');
    }
  },
};

export const dag: TaskEntry = {
  type: "io.kestra.plugin.core.flow.Dag",
  aliases: ["io.kestra.core.tasks.flows.Dag"],
  shape: {
    tasks: z.array(z.unknown(), { error: "must be a list of {task, dependsOn} entries" }),
    concurrent: opt(integer),
    ...errorsAndFinally,
  },
  nested: [
    { key: "tasks", shape: "dag", nonEmpty: true },
    { key: "errors", shape: "list" },
    { key: "finally", shape: "list" },
  ],
  check: checkDag,
};

function isFilled(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}
