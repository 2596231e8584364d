import { z } from "zod";
import { commonConditionShape, commonTaskShape, commonTriggerShape } from "./common";
import * as condition from "./condition";
import * as debug from "./debug";
import * as execution from "./execution";
import * as branches from "./flow-branches";
import * as groups from "./flow-groups";
import * as http from "./http";
import * as loops from "./flow-loops";
import * as subflows from "./flow-subflows";
import * as timing from "./flow-timing";
import * as kv from "./kv";
import * as log from "./log";
import * as namespaceFiles from "./namespace";
import * as output from "./output";
import * as purge from "./purge";
import * as state from "./state";
import * as storage from "./storage";
import * as trigger from "./trigger";
import type { ConditionEntry, TaskEntry, TaskKind, TriggerEntry } from "./types";
import { PLUGIN_DEFINITIONS } from "../../../../plugins/definitions";
import { pluginStore } from "../../../plugins/store";
import type { PluginDefinition } from "../../../plugins/types";

// The core catalogue Tenantflow validates: Kestra's own task, trigger and condition types.

export type Kind = "task" | "trigger" | "condition";
export type Resolved<E> = E & { schema: z.ZodType; properties: ReadonlySet<string> };

const TASKS: TaskEntry[] = [
  log.log, log.fetch, debug.returnTask, debug.echo, output.outputValues,
  execution.fail, execution.labels, execution.resume,
  timing.sleep, timing.pause,
  groups.sequential, groups.parallel, groups.allowFailure, groups.workingDirectory,
  loops.forEach, loops.eachSequential, loops.eachParallel, loops.waitFor,
  branches.ifTask, branches.switchTask, branches.dag,
  subflows.subflow, subflows.forEachItem,
  state.stateGet, state.stateSet, state.stateDelete,
  kv.kvGet, kv.kvSet, kv.kvDelete,
  storage.localFiles,
  execution.assert, storage.write, storage.concat, storage.size, storage.deleteFile, storage.split,
  http.request, http.download,
  namespaceFiles.uploadFiles, namespaceFiles.downloadFiles, namespaceFiles.deleteFiles,
  purge.purgeLogs, purge.purgeExecutions, purge.purgeKv,
  ...PLUGIN_DEFINITIONS.flatMap((p) => p.tasks ?? []),
];
const TRIGGERS: TriggerEntry[] = [trigger.schedule, trigger.flow, trigger.webhook, ...PLUGIN_DEFINITIONS.flatMap((p) => p.triggers ?? [])];
const CONDITIONS: ConditionEntry[] = [
  condition.executionFlow, condition.executionStatus, condition.executionNamespace,
  condition.expressionCondition, condition.multipleCondition,
  condition.not, condition.or, condition.dayWeek, condition.dayWeekInMonth, condition.weekend,
  condition.timeBetween, condition.dateTimeBetween, condition.publicHoliday,
  condition.executionLabels, condition.hasRetryAttempt,
  ...PLUGIN_DEFINITIONS.flatMap((p) => p.conditions ?? []),
];

/** The catalogue as documentation: where each kind lives, for "unknown type" messages. */
export const CATALOGUE_SCOPE: Record<Kind, string> = {
  task: "io.kestra.plugin.core.*",
  trigger: "io.kestra.plugin.core.trigger.*",
  condition: "io.kestra.plugin.core.condition.*",
};

function index<E extends { type: string; aliases?: readonly string[]; shape: z.ZodRawShape }>(
  entries: E[],
  common: z.ZodRawShape,
): Map<string, Resolved<E>> {
  const byName = new Map<string, Resolved<E>>();
  for (const entry of entries) {
    // strict: a property Kestra does not know is refused, as Kestra itself refuses it
    const shape = { ...common, ...entry.shape };
    const resolved = { ...entry, schema: z.strictObject(shape), properties: new Set(Object.keys(shape)) };
    for (const name of [entry.type, ...(entry.aliases ?? [])]) byName.set(name, resolved);
  }
  return byName;
}

const tasks = index(TASKS, commonTaskShape);
const triggers = index(TRIGGERS, commonTriggerShape);
const conditions = index(CONDITIONS, commonConditionShape);

/** The groups the core catalogue owns: a type under them that it lacks is refused as misspelt. */
export const CORE_GROUPS = ["io.kestra.plugin.core", "io.kestra.core"] as const;

// The plugins registered at run time (lib/plugins/registry.ts), indexed again when one is added.
type Registered = {
  count: number;
  tasks: Map<string, Resolved<TaskEntry>>;
  triggers: Map<string, Resolved<TriggerEntry>>;
  conditions: Map<string, Resolved<ConditionEntry>>;
  definitions: PluginDefinition[];
};
let registered: Registered | undefined;

function registeredEntries(): Registered {
  const plugins = pluginStore().plugins;
  if (registered?.count !== plugins.length) {
    const definitions = plugins.map((p) => p.definition);
    registered = {
      count: plugins.length,
      tasks: index(definitions.flatMap((d) => d.tasks ?? []), commonTaskShape),
      triggers: index(definitions.flatMap((d) => d.triggers ?? []), commonTriggerShape),
      conditions: index(definitions.flatMap((d) => d.conditions ?? []), commonConditionShape),
      definitions,
    };
  }
  return registered;
}

export const lookupTask = (type: string) => tasks.get(type) ?? registeredEntries().tasks.get(type);

export const taskKind = (entry: TaskEntry): TaskKind => entry.kind ?? (entry.nested?.length ? "flowable" : "runnable");
export const lookupTrigger = (type: string) => triggers.get(type) ?? registeredEntries().triggers.get(type);
export const lookupCondition = (type: string) => conditions.get(type) ?? registeredEntries().conditions.get(type);

/** The first-party plugins' definitions, then those registered at run time. */
export function pluginDefinitions(): readonly PluginDefinition[] {
  return [...PLUGIN_DEFINITIONS, ...registeredEntries().definitions];
}

/** Every type-name prefix an installed part owns: the core catalogue's, then each plugin's. */
/**
 * The message for a type no installed plugin has: under a plugin's group, that plugin lacks it (a
 * misspelling, most likely); elsewhere, the core catalogue's scope is named.
 */
export function unknownTypeMessage(kind: Kind, type: string): string {
  const group = pluginDefinitions()
    .flatMap((d) => d.groups.map((g) => ({ g, title: d.title })))
    .filter(({ g }) => type.startsWith(`${g}.`))
    .sort((a, b) => b.g.length - a.g.length)[0];
  if (group) return `unknown ${kind} type "${type}": the installed plugin ${group.title} has no such type in ${group.g}.* (see docs)`;
  return `unknown ${kind} type "${type}": Tenantflow knows the core catalogue ${CATALOGUE_SCOPE[kind]} (see docs)`;
}

export function installedGroups(): string[] {
  return [...CORE_GROUPS, ...pluginDefinitions().flatMap((d) => d.groups)];
}

/** Every entry by kind (their own properties; the shared ones are in common.ts), for the editor's help. */
export function catalogueEntries(): Record<Kind, readonly (TaskEntry | TriggerEntry | ConditionEntry)[]> {
  const extra = registeredEntries().definitions;
  return {
    task: [...TASKS, ...extra.flatMap((d) => d.tasks ?? [])],
    trigger: [...TRIGGERS, ...extra.flatMap((d) => d.triggers ?? [])],
    condition: [...CONDITIONS, ...extra.flatMap((d) => d.conditions ?? [])],
  };
}

/** Canonical type names by kind, e.g. for the editor's completion or a docs page. */
export function knownTypes(): Record<Kind, string[]> {
  const entries = catalogueEntries();
  return {
    task: entries.task.map((e) => e.type),
    trigger: entries.trigger.map((e) => e.type),
    condition: entries.condition.map((e) => e.type),
  };
}
