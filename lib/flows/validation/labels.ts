import type { Problems } from "./problems";
import { isExpression } from "./catalogue/props";
import { isPlainObject, type Path } from "./types";

const SYSTEM_PREFIX = "system.";
/** The one system label users may set themselves: it marks a flow as not editable from the UI. */
export const USER_SYSTEM_LABELS = ["system.readOnly"];

/** Labels as a map or as a list of {key, value}: the entries with where each key is written. */
function entries(labels: unknown, path: Path): { key: string; value: unknown; keyPath: Path; anchor: "key" | "value" }[] {
  if (Array.isArray(labels)) {
    return labels.filter(isPlainObject).map((l, i) => ({
      key: String(l.key ?? ""),
      value: l.value,
      keyPath: [...path, i, "key"],
      anchor: "value" as const,
    }));
  }
  if (isPlainObject(labels)) {
    return Object.entries(labels).map(([key, value]) => ({ key, value, keyPath: [...path, key], anchor: "key" as const }));
  }
  return [];
}

/** System labels are set by the platform itself (refused in flows, tasks and triggers), except `system.readOnly`. */
export function checkLabelKeys(labels: unknown, path: Path, problems: Problems): void {
  for (const { key, keyPath, anchor } of entries(labels, path)) {
    if (key.startsWith(SYSTEM_PREFIX) && !isExpression(key) && !USER_SYSTEM_LABELS.includes(key)) {
      problems.add(keyPath, `label "${key}" uses the reserved prefix "${SYSTEM_PREFIX}": system labels are set by Tenantflow itself (only ${USER_SYSTEM_LABELS.join(", ")} may be set in a flow)`, anchor);
    }
  }
}

/** Flow labels: system prefix refused, values must be scalars. */
export function checkFlowLabels(labels: unknown, path: Path, problems: Problems): void {
  checkLabelKeys(labels, path, problems);
  for (const { key, value, keyPath } of entries(labels, path)) {
    if (value !== null && typeof value === "object") {
      const valuePath = Array.isArray(labels) ? [...keyPath.slice(0, -1), "value"] : keyPath;
      problems.add(valuePath, `label "${key}" must have a string value`);
    }
  }
}

/** The parsed flow carries labels as one shape, a map of strings, whichever way they were written. */
export function normaliseLabels(labels: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of entries(labels, [])) {
    if (key !== "") out[key] = value == null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return out;
}
