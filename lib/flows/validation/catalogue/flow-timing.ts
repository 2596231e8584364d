import { dynDuration, dynOneOf, list, opt, taskList } from "./props";
import { errorsAndFinally } from "./common";
import type { TaskEntry } from "./types";
import { checkInputs } from "../inputs";

// io.kestra.plugin.core.flow: waiting

export const sleep: TaskEntry = {
  type: "io.kestra.plugin.core.flow.Sleep",
  shape: { duration: dynDuration },
};

export const pause: TaskEntry = {
  type: "io.kestra.plugin.core.flow.Pause",
  aliases: ["io.kestra.core.tasks.flows.Pause"],
  shape: {
    pauseDuration: opt(dynDuration),
    // older spelling of pauseDuration
    delay: opt(dynDuration),
    behavior: opt(dynOneOf(["RESUME", "WARN", "CANCEL", "FAIL"])),
    onResume: opt(list),
    // deprecated in Kestra, still loaded: tasks run after the pause
    tasks: opt(taskList),
    ...errorsAndFinally,
  },
  nested: [{ key: "tasks", shape: "list" }, { key: "errors", shape: "list" }, { key: "finally", shape: "list" }],
  // the inputs asked for on resume are ordinary flow inputs
  check: (task, ctx) => checkInputs(task.onResume, [...ctx.path, "onResume"], ctx.problems),
};
