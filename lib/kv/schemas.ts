import { z } from "zod";
import { nestedDeeperThan, nestingMessage } from "../json-depth";
import { kvTtl, kvType } from "./values";

/** `PUT …/namespaces/{namespace}/kv/{key}`: the value is checked against the type afterwards. */
export const kvInput = z.object({
  type: kvType,
  value: z
    .unknown()
    // refused before the value is serialised: JSON.stringify recurses and overflows on deep nesting
    .refine((v) => !nestedDeeperThan(v), nestingMessage())
    .describe("a JSON value matching the type: a string, a number, true/false, an ISO-8601 instant, date or duration, or any JSON"),
  ttl: kvTtl.nullish().describe("ISO-8601 duration after which the entry is gone, e.g. PT1H or P7D"),
});
export type KvInput = z.input<typeof kvInput>;
