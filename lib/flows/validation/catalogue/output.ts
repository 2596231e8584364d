import { map, opt } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.output

export const outputValues: TaskEntry = {
  type: "io.kestra.plugin.core.output.OutputValues",
  aliases: ["io.kestra.core.tasks.outputs.OutputValues"],
  shape: { values: opt(map) },
};
