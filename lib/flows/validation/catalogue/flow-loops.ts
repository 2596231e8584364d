import { z } from "zod";
import { dynBool, dynDuration, dynInteger, integer, integerAtLeast, opt, taskList, text, textOrList } from "./props";
import { errorsAndFinally } from "./common";
import { groupNesting } from "./flow-groups";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.flow: loops

const values = textOrList;

export const forEach: TaskEntry = {
  type: "io.kestra.plugin.core.flow.ForEach",
  // 0 runs every value's group at once; 1 (the default) one after the other
  shape: { values, concurrencyLimit: opt(integerAtLeast(0)), tasks: taskList, ...errorsAndFinally },
  nested: groupNesting,
};

/** Deprecated in Kestra in favour of ForEach, still loaded. */
export const eachSequential: TaskEntry = {
  type: "io.kestra.plugin.core.flow.EachSequential",
  aliases: ["io.kestra.core.tasks.flows.EachSequential"],
  shape: { value: values, tasks: taskList, ...errorsAndFinally },
  nested: groupNesting,
};

/** Deprecated in Kestra in favour of ForEach, still loaded. */
export const eachParallel: TaskEntry = {
  type: "io.kestra.plugin.core.flow.EachParallel",
  aliases: ["io.kestra.core.tasks.flows.EachParallel"],
  shape: { value: values, concurrent: opt(integer), tasks: taskList, ...errorsAndFinally },
  nested: groupNesting,
};

/** The orchestrator now names it LoopUntil (WaitFor is kept as its alias); every setting is rendered at runtime. */
export const waitFor: TaskEntry = {
  type: "io.kestra.plugin.core.flow.WaitFor",
  aliases: ["io.kestra.plugin.core.flow.LoopUntil"],
  shape: {
    condition: text,
    tasks: taskList,
    failOnMaxReached: opt(dynBool),
    checkFrequency: opt(
      z.strictObject({ maxIterations: opt(dynInteger), maxDuration: opt(dynDuration), interval: opt(dynDuration) }),
    ),
    ...errorsAndFinally,
  },
  nested: groupNesting,
};
