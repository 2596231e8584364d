import { dynBool, dynOneOf, mapOrText, opt, text, textOrList } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.namespace

export const uploadFiles: TaskEntry = {
  type: "io.kestra.plugin.core.namespace.UploadFiles",
  shape: {
    namespace: text,
    files: opt(textOrList),
    filesMap: opt(mapOrText),
    destination: opt(text),
    conflict: opt(dynOneOf(["OVERWRITE", "ERROR", "SKIP"])),
  },
};

export const downloadFiles: TaskEntry = {
  type: "io.kestra.plugin.core.namespace.DownloadFiles",
  shape: { namespace: text, files: textOrList, destination: opt(text) },
};

export const deleteFiles: TaskEntry = {
  type: "io.kestra.plugin.core.namespace.DeleteFiles",
  shape: { namespace: text, files: textOrList, deleteParentFolder: opt(dynBool) },
};
