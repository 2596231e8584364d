import type { z } from "zod";
import { formatPath } from "./paths";
import { type AppliedDefault, describeOrigin } from "./plugin-defaults";
import type { Problems } from "./problems";
import type { Path } from "./types";

/**
 * Runs a property schema and turns each zod issue into a problem at the offending node:
 * unknown keys at the key, missing properties at the mapping that lacks them, the rest at the value.
 */
export function checkSchema(
  schema: z.ZodType,
  value: unknown,
  path: Path,
  problems: Problems,
  owner: string,
  origins?: ReadonlyMap<string, AppliedDefault>,
): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  for (const raw of result.error.issues) {
    const at = raw.path.filter((p): p is string | number => typeof p !== "symbol");
    // a value set by a plugin default is not in the text: say where it comes from
    const origin = typeof at[0] === "string" ? origins?.get(at[0]) : undefined;
    const issue = origin ? { ...raw, message: `${raw.message} (${describeOrigin(origin)})` } : raw;
    const where = at.length <= 1 ? ` for ${owner}` : "";
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.add([...path, ...at, key], `unknown property "${key}"${at.length === 0 ? ` for ${owner}` : ""}`, "key");
      continue;
    }
    const name = formatPath(at);
    if (/^(missing required|unknown) property/.test(issue.message)) {
      problems.add([...path, ...at], issue.message);
    } else if (valueAt(value, at) == null) {
      problems.add([...path, ...at], `missing required property "${name}"${where}`);
    } else {
      problems.add([...path, ...at], name ? `"${name}" ${issue.message}` : issue.message);
    }
  }
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}
