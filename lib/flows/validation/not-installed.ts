import { z } from "zod";
import { installedGroups, lookupCondition, lookupTask, lookupTrigger, pluginDefinitions } from "./catalogue";
import { commonConditionShape, commonTaskShape, commonTriggerShape } from "./catalogue/common";
import { isUnder, type KnownGroup, knownGroupOf } from "../../plugins/known-groups";
import { pluginStore } from "../../plugins/store";

// A type of one of the orchestrator's plugin groups that no installed plugin covers (SPEC §3, §9):
// the flow saves with a warning naming the plugin, and cannot run until it is installed. A type under
// an installed group that the group lacks is a misspelling, refused as unknown.

export type TypeKind = "task" | "trigger" | "condition";

/** In the browser: a type of a package the server installed, whose schema only the server has. */
export function checkedByServer(type: string): boolean {
  return pluginStore().remoteGroups.some((g) => isUnder(type, g));
}

/** The known group a type belongs to when no installed plugin covers that group; undefined otherwise. */
export function notInstalledGroup(type: string): KnownGroup | undefined {
  if (checkedByServer(type)) return undefined;
  // a type of the orchestrator's plugin that the installed plugin of its group does not provide
  const lacking = pluginDefinitions().find((d) => d.notProvided?.includes(type));
  if (lacking) {
    const known = knownGroupOf(type);
    return { group: type, plugin: known?.plugin ?? lacking.id, title: known?.title ?? lacking.title, partOf: lacking.title };
  }
  if (installedGroups().some((g) => isUnder(type, g))) return undefined;
  return knownGroupOf(type);
}

/** What is missing for a type whose plugin is not installed: a save's warning and a start's refusal say it. */
export function notInstalledMessage(kind: TypeKind, type: string, group: KnownGroup): string {
  if (group.partOf) return `${kind} type "${type}" of the plugin ${group.plugin} is not provided by the installed plugin ${group.partOf}`;
  return `${kind} type "${type}" needs the plugin ${group.plugin} (${group.title}), which is not installed`;
}

/** The save's warning: the flow is kept, and will run once the plugin is installed. */
export const notInstalledWarning = (kind: TypeKind, type: string, group: KnownGroup) =>
  `${notInstalledMessage(kind, type, group)}: the flow saves but cannot run until it is`;

// the properties every task, trigger or condition has are still checked; the type's own are not (no schema)
const looseSchemas: Record<TypeKind, z.ZodType> = {
  task: z.looseObject(commonTaskShape),
  trigger: z.looseObject(commonTriggerShape),
  condition: z.looseObject(commonConditionShape),
};

export const commonPropertiesSchema = (kind: TypeKind) => looseSchemas[kind];

export type MissingType = { kind: TypeKind; type: string; path: string; group: KnownGroup };

/**
 * Every type of a saved flow whose plugin is not installed, walked as the validator walks it (task
 * lists, the nested lists of flowable tasks, listeners, triggers and their conditions). A flow that
 * has one cannot run: a start is refused with the same message its save warned with.
 */
export function missingPluginTypes(flow: Record<string, unknown>): MissingType[] {
  const found: MissingType[] = [];
  const check = (kind: TypeKind, node: unknown, path: string): node is Record<string, unknown> => {
    if (!isObject(node) || typeof node.type !== "string") return false;
    const known = kind === "task" ? lookupTask(node.type) : kind === "trigger" ? lookupTrigger(node.type) : lookupCondition(node.type);
    const group = known ? undefined : notInstalledGroup(node.type);
    if (group) found.push({ kind, type: node.type, path, group });
    return !!known;
  };
  const conditions = (value: unknown, path: string) => {
    const items = Array.isArray(value) ? value.map((c, i) => [String(i), c] as const) : isObject(value) ? Object.entries(value) : [];
    for (const [key, condition] of items) {
      const here = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
      if (!check("condition", condition, here)) continue;
      const nested = lookupCondition(condition.type as string)?.nestedConditions;
      if (nested) conditions(condition[nested], `${here}.${nested}`);
    }
  };
  const tasks = (list: unknown, path: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((task, i) => {
      const here = `${path}[${i}]`;
      if (!check("task", task, here)) return;
      for (const nested of lookupTask(task.type as string)?.nested ?? []) {
        const value = task[nested.key];
        const at = `${here}.${nested.key}`;
        if (nested.shape === "list") tasks(value, at);
        else if (nested.shape === "cases" && isObject(value)) for (const [name, inner] of Object.entries(value)) tasks(inner, `${at}.${name}`);
        else if (nested.shape === "dag" && Array.isArray(value)) value.forEach((entry, j) => isObject(entry) && tasks([entry.task], `${at}[${j}].task`));
      }
    });
  };
  for (const block of ["tasks", "errors", "finally", "afterExecution"]) tasks(flow[block], block);
  if (Array.isArray(flow.listeners)) {
    flow.listeners.forEach((listener, i) => {
      if (!isObject(listener)) return;
      conditions(listener.conditions, `listeners[${i}].conditions`);
      tasks(listener.tasks, `listeners[${i}].tasks`);
    });
  }
  if (Array.isArray(flow.triggers)) {
    flow.triggers.forEach((trigger, i) => {
      if (!check("trigger", trigger, `triggers[${i}]`)) return;
      conditions(trigger.conditions, `triggers[${i}].conditions`);
      conditions(trigger.scheduleConditions, `triggers[${i}].scheduleConditions`);
    });
  }
  return found;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
