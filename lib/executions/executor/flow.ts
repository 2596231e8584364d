import { lookupTask, taskKind } from "@/lib/flows/validation/catalogue";
import type { TaskKind } from "@/lib/flows/validation/catalogue/types";

/** A task's definition as written in the flow (plain JSON of the YAML). */
export type TaskDef = Record<string, unknown> & { id: string; type: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The tasks of a list that run: `disabled: true` removes a task entirely (no task run), as the orchestrator does. */
export function taskList(value: unknown): TaskDef[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (t): t is TaskDef => isObject(t) && typeof t.id === "string" && typeof t.type === "string" && t.disabled !== true,
  );
}

/** A Dag's entries that run, each with the ids it depends on. */
export function dagEntries(value: unknown): { task: TaskDef; dependsOn: string[] }[] {
  if (!Array.isArray(value)) return [];
  const entries: { task: TaskDef; dependsOn: string[] }[] = [];
  for (const entry of value) {
    if (!isObject(entry) || !isObject(entry.task)) continue;
    const [task] = taskList([entry.task]);
    if (!task) continue;
    const dependsOn = Array.isArray(entry.dependsOn) ? entry.dependsOn.filter((d): d is string => typeof d === "string") : [];
    entries.push({ task, dependsOn });
  }
  return entries;
}

/** The canonical type name (aliases such as io.kestra.core.tasks.flows.Sequential resolved) and its kind. */
export function resolveType(type: string): { name: string; kind: TaskKind | "unknown" } {
  const entry = lookupTask(type);
  if (!entry) return { name: type, kind: "unknown" };
  return { name: entry.type.replace(/^io\.kestra\.plugin\.core\./, ""), kind: taskKind(entry) };
}

export const asObject = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

/**
 * How a rendered condition reads as a boolean, as the orchestrator coerces it: `false`, `0`, `-0`
 * and the empty string (trimmed, case-sensitive) are false, and so is a missing value; everything
 * else (`FALSE`, `null`, `no`) is true.
 */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  const text = String(value).trim();
  return !(text === "false" || text === "0" || text === "-0" || text === "");
}
