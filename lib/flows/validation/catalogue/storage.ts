import { dynBool, dynInteger, dynTextList, mapOrText, opt, text, textOrList } from "./props";
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

export const write: TaskEntry = {
  type: "io.kestra.plugin.core.storage.Write",
  shape: { content: text, extension: opt(text) },
};

export const concat: TaskEntry = {
  type: "io.kestra.plugin.core.storage.Concat",
  aliases: ["io.kestra.core.tasks.storages.Concat"],
  shape: { files: textOrList, separator: opt(text), extension: opt(text) },
};

export const size: TaskEntry = {
  type: "io.kestra.plugin.core.storage.Size",
  aliases: ["io.kestra.core.tasks.storages.Size"],
  shape: { uri: text },
};

export const deleteFile: TaskEntry = {
  type: "io.kestra.plugin.core.storage.Delete",
  aliases: ["io.kestra.core.tasks.storages.Delete"],
  shape: { uri: text, errorOnMissing: opt(dynBool) },
};

export const split: TaskEntry = {
  type: "io.kestra.plugin.core.storage.Split",
  aliases: ["io.kestra.core.tasks.storages.Split"],
  shape: { from: text, bytes: opt(text), partitions: opt(dynInteger), rows: opt(dynInteger), regexPattern: opt(text), separator: opt(text) },
};
