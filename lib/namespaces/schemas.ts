import { z } from "zod";
import { secretConfig, storageConfig } from "../backends/config";
import { workerGroupKey } from "../workers/keys";
import { invalid, zodDetails } from "../errors";
import { MAX_VALUE_DEPTH, nestedDeeperThan, nestingMessage } from "../json-depth";

/** SPEC §2: dotted segments, no empty segment, `search` reserved as a one-segment name. */
export const namespaceSchema = z
  .string({ error: "namespace is required" })
  .min(1, "namespace is required")
  .max(150, "namespace must be at most 150 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "namespace must start with a lowercase letter or digit and contain only a-z, 0-9, ., _ and -")
  .refine((n) => !n.split(".").some((s) => s === ""), { message: "namespace must not contain an empty segment (.. or a trailing dot)" })
  .refine((n) => n !== "search", { message: "the namespace name \"search\" is reserved" });

export const namespaceInput = z.object({
  name: namespaceSchema,
  description: z.string().max(2000, "description must be at most 2000 characters").optional(),
});
const MAX_SETTINGS_BYTES = 256 * 1024;

/** Any JSON value, bounded in size and depth (the depth first: measuring the size recurses). */
const jsonValue = z.unknown().superRefine((v, ctx) => {
  if (v === undefined) return void ctx.addIssue({ code: "custom", message: "a value is required" });
  if (nestedDeeperThan(v)) return void ctx.addIssue({ code: "custom", message: nestingMessage() });
  if (JSON.stringify(v).length > MAX_SETTINGS_BYTES) ctx.addIssue({ code: "custom", message: "is too large (256 KiB at most)" });
});

export const variableKey = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_-]{0,99}$/, "a variable name starts with a letter or _ and holds letters, digits, _ and - (100 at most)");

/** Namespace variables (Kestra's `variables:` map), inherited by descendants. */
export const namespaceVariables = z
  .record(variableKey, jsonValue, { error: "variables must be a map of name: value" })
  .refine((v) => Object.keys(v).length <= 500, "at most 500 variables")
  // a value nested too deep is already refused above (and would overflow JSON.stringify here)
  .refine((v) => nestedDeeperThan(v, MAX_VALUE_DEPTH + 1) || JSON.stringify(v).length <= MAX_SETTINGS_BYTES, "variables are too large (256 KiB at most)");

const pluginType = z
  .string({ error: "type is required" })
  .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, "type must be a plugin class or package, e.g. io.kestra.plugin.core.log.Log")
  .max(300, "type must be at most 300 characters");

/** Namespace plugin defaults (Kestra's `pluginDefaults:` list). */
export const namespacePluginDefaults = z
  .array(
    z.strictObject({
      type: pluginType,
      forced: z.boolean({ error: "forced must be true or false" }).optional(),
      values: z.record(z.string().min(1).max(200), jsonValue, { error: "values must be a map of property: value" }),
    }),
    { error: "plugin defaults must be a list of {type, forced, values}" },
  )
  .max(200, "at most 200 plugin defaults")
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (seen.has(d.type)) ctx.addIssue({ code: "custom", path: [i, "type"], message: `${d.type} is listed twice; merge its values into one entry` });
      seen.add(d.type);
    });
  });

/** Which namespaces may use this one's KV, files, secrets and flows (null: all of them). */
export const allowedNamespaces = z
  .array(namespaceSchema, { error: "allowedNamespaces must be a list of namespaces, or null for all" })
  .max(200, "at most 200 allowed namespaces")
  .nullable();

/** Executions under a namespace (or a tenant) that may run at once. */
export const concurrencyLimit = z
  .number({ error: "concurrencyLimit must be a whole number from 1 to 100000, or null for none" })
  .int("concurrencyLimit must be a whole number")
  .min(1, "concurrencyLimit must be at least 1")
  .max(100_000, "concurrencyLimit must be at most 100000");

export const namespaceUpdate = z
  .strictObject({
    description: z.string().max(2000, "description must be at most 2000 characters").optional(),
    variables: namespaceVariables.optional(),
    pluginDefaults: namespacePluginDefaults.optional(),
    allowedNamespaces: allowedNamespaces.optional(),
    concurrencyLimit: concurrencyLimit.nullable().optional(),
    // dedicated backends; null goes back to the tenant's (or the instance default)
    storage: storageConfig.nullable().optional(),
    secrets: secretConfig.nullable().optional(),
    // the default worker group of its tasks and its descendants' (SPEC §7); null inherits
    workerGroup: workerGroupKey.nullable().optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), "nothing to change: send at least one field");

/** A namespace named in a URL: 422 when it breaks the naming rules. */
export function checkNamespace(name: string) {
  const r = namespaceSchema.safeParse(name);
  if (!r.success) throw invalid("Invalid namespace", zodDetails(r.error.issues).map((d) => ({ ...d, path: "namespace" })));
}
