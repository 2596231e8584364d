import { dynOneOf, LOG_LEVELS, opt, text } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.debug

export const returnTask: TaskEntry = {
  type: "io.kestra.plugin.core.debug.Return",
  aliases: ["io.kestra.core.tasks.debugs.Return"],
  shape: { format: opt(text) },
};

/** Deprecated in Kestra in favour of log.Log, still loaded. */
export const echo: TaskEntry = {
  type: "io.kestra.plugin.core.debug.Echo",
  aliases: ["io.kestra.core.tasks.debugs.Echo"],
  shape: { format: opt(text), level: opt(dynOneOf(LOG_LEVELS)) },
};
