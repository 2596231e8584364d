import { dynBool, dynMap, opt, text } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.state (deprecated in Kestra in favour of the KV store, still loaded)

const stateShape = { name: opt(text), namespace: opt(dynBool), taskrunValue: opt(dynBool) };

export const stateGet: TaskEntry = {
  type: "io.kestra.plugin.core.state.Get",
  aliases: ["io.kestra.core.tasks.states.Get"],
  shape: { ...stateShape, errorOnMissing: opt(dynBool) },
};

export const stateSet: TaskEntry = {
  type: "io.kestra.plugin.core.state.Set",
  aliases: ["io.kestra.core.tasks.states.Set"],
  shape: { ...stateShape, data: opt(dynMap) },
};

export const stateDelete: TaskEntry = {
  type: "io.kestra.plugin.core.state.Delete",
  aliases: ["io.kestra.core.tasks.states.Delete"],
  shape: { ...stateShape, errorOnMissing: opt(dynBool) },
};
