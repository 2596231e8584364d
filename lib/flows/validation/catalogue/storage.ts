import { dynTextList, mapOrText, opt } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.storage

/** Deprecated in Kestra (replaced by `inputFiles` on WorkingDirectory), still loaded. */
export const localFiles: TaskEntry = {
  type: "io.kestra.plugin.core.storage.LocalFiles",
  aliases: ["io.kestra.core.tasks.storages.LocalFiles"],
  shape: {
    inputs: opt(mapOrText),
    outputs: opt(dynTextList),
  },
};
