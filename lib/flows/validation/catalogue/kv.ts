import { anyValue, dynBool, dynDuration, dynOneOf, opt, text } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.kv

const KV_TYPES = ["STRING", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "DURATION", "JSON"] as const;

export const kvGet: TaskEntry = {
  type: "io.kestra.plugin.core.kv.Get",
  shape: { key: text, namespace: opt(text), errorOnMissing: opt(dynBool) },
};

export const kvSet: TaskEntry = {
  type: "io.kestra.plugin.core.kv.Set",
  shape: {
    key: text,
    value: anyValue,
    namespace: opt(text),
    overwrite: opt(dynBool),
    ttl: opt(dynDuration),
    kvType: opt(dynOneOf(KV_TYPES)),
    kvDescription: opt(text),
  },
};

export const kvDelete: TaskEntry = {
  type: "io.kestra.plugin.core.kv.Delete",
  shape: { key: text, namespace: opt(text), errorOnMissing: opt(dynBool) },
};
