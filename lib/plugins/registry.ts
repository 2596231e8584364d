import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { config } from "../config";
import { CORE_GROUPS, lookupCondition, lookupTask, lookupTrigger, pluginDefinitions, taskKind } from "../flows/validation/catalogue";
import type { TaskEntry } from "../flows/validation/catalogue/types";
import { PLUGIN_DEFINITIONS } from "../../plugins/definitions";
import { isUnder } from "./known-groups";
import { type PluginFailure, type RegisteredPlugin, pluginStore } from "./store";
import type { PluginDefinition, PluginRuntime } from "./types";

// The installed plugins: the first-party ones (plugins/definitions.ts, plugins/runtimes.ts) and the
// npm packages the instance setting TENANTFLOW_PLUGINS names, loaded when a process that validates
// or runs flows starts (the server's instrumentation, the CLI). A package exports `definition` and
// `runtime` (lib/plugins/types.ts); one that cannot be imported, has another shape, or claims a
// group or a type another plugin owns is reported (a log line, the list of failures superadmins
// see) and skipped: the instance starts without it.

const TYPE_NAME = /^[a-zA-Z_$][\w$]*(\.[a-zA-Z_$][\w$]*)+$/;
const typeName = z.string().regex(TYPE_NAME, "must be a dotted type name such as com.example.plugin.Task");

// a property schema: a zod 4 schema (the package's own zod copy is accepted, so no instanceof)
const propertySchema = z.custom<z.ZodType>(
  (v) => typeof v === "object" && v !== null && "_zod" in v && typeof (v as { safeParse?: unknown }).safeParse === "function",
  "must be a zod schema (zod 4)",
);

const nestedSchema = z.strictObject({
  key: z.string().min(1),
  shape: z.enum(["list", "cases", "dag"]),
  nonEmpty: z.boolean().optional(),
  runnableOnly: z.boolean().optional(),
});

const entry = {
  type: typeName,
  aliases: z.array(typeName).optional(),
  shape: z.record(z.string(), propertySchema),
  check: z.custom<TaskEntry["check"]>((v) => typeof v === "function", "must be a function").optional(),
};

const taskSchema = z.looseObject({ ...entry, nested: z.array(nestedSchema).optional(), kind: z.enum(["runnable", "flowable", "executable", "execution-updating"]).optional() });
const triggerSchema = z.looseObject(entry);
const conditionSchema = z.looseObject({ ...entry, nestedConditions: z.string().optional() });

const definitionSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and dashes (at most 63)"),
  title: z.string().min(1).max(200),
  groups: z.array(typeName).min(1, "must list at least one group (a type-name prefix)"),
  tasks: z.array(taskSchema).optional(),
  triggers: z.array(triggerSchema).optional(),
  conditions: z.array(conditionSchema).optional(),
  docs: z.record(z.string(), z.looseObject({ description: z.string(), properties: z.record(z.string(), z.string()), example: z.string() })).optional(),
  notProvided: z.array(typeName).optional(),
});

const runtimeSchema = z.looseObject({
  id: z.string(),
  runners: z.record(z.string(), z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "must be a function (a task runner)")),
  lazy: z.record(z.string(), z.array(z.string())).optional(),
});

const moduleSchema = z.looseObject({ definition: definitionSchema, runtime: runtimeSchema });

/** zod's issues as one line: `definition.tasks[0].type: must be ...; runtime: ...`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? `${z.core.toDotPath(i.path)}: ` : ""}${i.message}`)
    .join("; ");
}

export class PluginError extends Error {}

/** Every group an installed part owns (the core catalogue's, each plugin's), with its owner. */
function ownedGroups(): { group: string; owner: string }[] {
  return [...CORE_GROUPS.map((group) => ({ group, owner: "the core catalogue" })), ...pluginDefinitions().flatMap((d) => d.groups.map((group) => ({ group, owner: `plugin ${d.id}` })))];
}

/**
 * Refuses a plugin that would take what another owns: its id, a group that overlaps one already
 * installed, a type (or alias) outside its own groups or already known, a runner of a type it does
 * not define.
 */
function checkPlugin(definition: PluginDefinition, runtime: PluginRuntime): void {
  if (runtime.id !== definition.id) throw new PluginError(`its runtime's id "${runtime.id}" is not its definition's id "${definition.id}"`);
  if (pluginDefinitions().some((d) => d.id === definition.id)) throw new PluginError(`a plugin with id "${definition.id}" is already installed`);
  for (const group of definition.groups) {
    const taken = ownedGroups().find((o) => isUnder(group, o.group) || isUnder(o.group, group));
    if (taken) throw new PluginError(`group ${group} overlaps group ${taken.group}, owned by ${taken.owner}`);
  }
  const kinds = [
    ["task", definition.tasks ?? [], lookupTask],
    ["trigger", definition.triggers ?? [], lookupTrigger],
    ["condition", definition.conditions ?? [], lookupCondition],
  ] as const;
  const seen = new Set<string>();
  for (const [kind, entries, lookup] of kinds) {
    for (const e of entries) {
      for (const name of [e.type, ...(e.aliases ?? [])]) {
        if (!definition.groups.some((g) => isUnder(name, g))) throw new PluginError(`${kind} type ${name} is not under one of its groups (${definition.groups.join(", ")})`);
        if (lookup(name) || seen.has(name)) throw new PluginError(`${kind} type ${name} is already installed`);
        seen.add(name);
      }
    }
  }
  const tasks = new Map((definition.tasks ?? []).map((t) => [t.type, t]));
  for (const type of Object.keys(runtime.runners)) {
    const task = tasks.get(type);
    if (!task) throw new PluginError(`its runtime has a runner for ${type}, which is not one of its task types`);
    if (taskKind(task) !== "runnable") throw new PluginError(`its runtime has a runner for ${type}, which is not a runnable task`);
  }
}

/**
 * Installs a plugin in this process: the validator's catalogue, the editor's help and the workers'
 * runners see its types from now on. Throws a PluginError (nothing installed) when it clashes.
 */
export function registerPlugin(definition: PluginDefinition, runtime: PluginRuntime, source = definition.id): void {
  checkPlugin(definition, runtime);
  pluginStore().plugins.push({ definition, runtime, source });
}

/** Validates a module's exports as a plugin and registers it. */
export function registerModule(exports: unknown, source: string): RegisteredPlugin {
  const parsed = moduleSchema.safeParse(exports);
  if (!parsed.success) throw new PluginError(`it does not export a plugin's definition and runtime: ${describeIssues(parsed.error)}`);
  const { definition, runtime } = parsed.data as unknown as { definition: PluginDefinition; runtime: PluginRuntime };
  registerPlugin(definition, runtime, source);
  return pluginStore().plugins.at(-1)!;
}

/** Where a plugin's package is: an absolute path as it is, a package name from the instance's directory. */
function resolveSource(source: string, from: string): string {
  const require = createRequire(path.join(from, "package.json"));
  return require.resolve(source);
}

// a native dynamic import the server's bundler leaves alone: the package is loaded from disk at run time
async function importModule(file: string): Promise<unknown> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ pathToFileURL(file).href);
}

/**
 * Loads the plugins a setting names, once per source per process. Never throws: each failure is
 * logged and kept in the failures' list, and the rest load.
 */
export async function loadPlugins(sources: readonly string[] = config().plugins, from = process.cwd()): Promise<{ loaded: RegisteredPlugin[]; failures: PluginFailure[] }> {
  const store = pluginStore();
  const loaded: RegisteredPlugin[] = [];
  const failures: PluginFailure[] = [];
  for (const source of sources) {
    if (store.loaded.has(source)) continue;
    store.loaded.add(source);
    try {
      let file: string;
      try {
        file = resolveSource(source, from);
      } catch {
        throw new PluginError("the package is not installed (npm install it in the instance's directory, or give an absolute path)");
      }
      let exports: unknown;
      try {
        exports = await importModule(file);
      } catch (e) {
        throw new PluginError(`importing it failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      const plugin = registerModule(exports, source);
      loaded.push(plugin);
      console.log(`tenantflow: plugin ${plugin.definition.id} (${source}) installed: ${plugin.definition.groups.join(", ")}`);
    } catch (e) {
      const message = e instanceof PluginError ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
      const failure = { source, message: message.slice(0, 2000) };
      failures.push(failure);
      store.failures.push(failure);
      console.error(`tenantflow: plugin ${source} skipped: ${failure.message}`);
    }
  }
  return { loaded, failures };
}

export type InstalledPlugin = {
  id: string;
  title: string;
  /** "first-party", or the package name or path the setting gave */
  source: string;
  groups: string[];
  tasks: string[];
  triggers: string[];
  conditions: string[];
};

const describe = (d: PluginDefinition, source: string): InstalledPlugin => ({
  id: d.id,
  title: d.title,
  source,
  groups: [...d.groups],
  tasks: (d.tasks ?? []).map((t) => t.type),
  triggers: (d.triggers ?? []).map((t) => t.type),
  conditions: (d.conditions ?? []).map((t) => t.type),
});

/** The installed plugins, first-party first. */
export function installedPlugins(): InstalledPlugin[] {
  return [...PLUGIN_DEFINITIONS.map((d) => describe(d, "first-party")), ...pluginStore().plugins.map((p) => describe(p.definition, p.source))];
}

/** The groups of the packages installed at run time (the browser's bundle has only the first-party ones). */
export function registeredGroups(): string[] {
  return pluginStore().plugins.flatMap((p) => [...p.definition.groups]);
}

/** The packages the setting named that could not be installed, and why. */
export function pluginFailures(): PluginFailure[] {
  return [...pluginStore().failures];
}
