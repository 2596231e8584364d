import { parse } from "yaml";
import { runnerFor } from "../executions/tasks";
import { type KnownGroup, isUnder, knownGroupOf } from "../plugins/known-groups";
import { CORE_GROUPS, lookupTask, pluginDefinitions, taskKind } from "./validation/catalogue";
import { missingPluginTypes } from "./validation/not-installed";
import { validateFlowSource } from "./validation";

// How much of a set of flows written for the orchestrator Tenantflow takes as is: each flow is
// validated as a save validates it (validateFlowSource), then classified; the counts per plugin
// group say which plugins those flows need. Used by scripts/flow-coverage.ts on a sample of
// real-world flows (docs/plugins.md, "Real-world flows").

export type FlowClass =
  | { status: "not-a-flow" }
  | { status: "refused"; reason: string; message: string; syntax: boolean }
  | {
      status: "saved";
      /** the flow saves with no warning at all */
      clean: boolean;
      /** the known groups (of plugins not installed) its types need: it cannot run until they are */
      missing: KnownGroup[];
      /** task types that lie under no known group, have no runner and are not flowable */
      withoutRunner: string[];
    };

export type GroupNeed = { key: string; title: string; installed: boolean };

export type ClassifiedFlow = FlowClass & { needs: GroupNeed[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A document is a flow when it is a mapping with `id`, `namespace` and `tasks` (the rest is left to the validator). */
function looksLikeFlow(source: string): boolean {
  try {
    const doc: unknown = parse(source, { maxAliasCount: 1000 });
    return isObject(doc) && "id" in doc && "namespace" in doc && "tasks" in doc;
  } catch {
    // a flow the YAML parser refuses is still a flow when its top-level keys say so
    return /^id\s*:/m.test(source) && /^namespace\s*:/m.test(source) && /^tasks\s*:/m.test(source);
  }
}

/** Every dotted type name in the document (tasks, triggers, conditions, AI providers, ...), task runners aside. */
export function typeNames(doc: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      if (typeof node.type === "string" && /^[a-zA-Z_$][\w$]*(\.[a-zA-Z_$][\w$]*)+$/.test(node.type)) found.add(node.type);
      // a script task's runner belongs to the task's plugin: the task's own type counts, not the runner's
      for (const [key, value] of Object.entries(node)) if (key !== "taskRunner") walk(value);
    }
  };
  walk(doc);
  return [...found];
}

/** The group a type needs: the core catalogue, an installed plugin, a known group of the orchestrator, or its own prefix. */
export function groupOf(type: string): GroupNeed {
  const canonical = lookupTask(type)?.type ?? type;
  if (CORE_GROUPS.some((g) => isUnder(canonical, g)) || CORE_GROUPS.some((g) => isUnder(type, g))) {
    return { key: "core", title: "core catalogue", installed: true };
  }
  for (const d of pluginDefinitions()) {
    const group = d.groups.filter((g) => isUnder(type, g)).sort((a, b) => b.length - a.length)[0];
    if (group) return { key: group, title: `plugin ${d.id}`, installed: true };
  }
  const known = knownGroupOf(type);
  if (known) return { key: known.group, title: `${known.plugin} (${known.title})`, installed: false };
  const prefix = type.split(".").slice(0, -1).join(".");
  return { key: prefix, title: "no known group", installed: false };
}

/** The message of a problem with its quoted names and numbers blanked, so that like refusals group together. */
export function refusalReason(message: string): string {
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d+\b/g, "N")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every task type of a saved flow, walked through the nested lists of flowable tasks. */
function taskTypes(flow: Record<string, unknown>): string[] {
  const types: string[] = [];
  const tasks = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const task of list) {
      if (!isObject(task) || typeof task.type !== "string") continue;
      types.push(task.type);
      for (const nested of lookupTask(task.type)?.nested ?? []) {
        const value = task[nested.key];
        if (nested.shape === "list") tasks(value);
        else if (nested.shape === "cases" && isObject(value)) Object.values(value).forEach(tasks);
        else if (nested.shape === "dag" && Array.isArray(value)) value.forEach((e) => isObject(e) && tasks([e.task]));
      }
    }
  };
  for (const block of ["tasks", "errors", "finally", "afterExecution"]) tasks(flow[block]);
  if (Array.isArray(flow.listeners)) flow.listeners.forEach((l) => isObject(l) && tasks(l.tasks));
  return types;
}

/** Validates one flow's source as a save does and classifies it. */
export function classifyFlow(source: string): ClassifiedFlow {
  if (!looksLikeFlow(source)) return { status: "not-a-flow", needs: [] };
  let needs: GroupNeed[] = [];
  try {
    const byKey = new Map(typeNames(parse(source, { maxAliasCount: 1000 })).map((t) => groupOf(t)).map((g) => [g.key, g]));
    needs = [...byKey.values()];
  } catch {
    // a YAML syntax error: the validator says so below, and no type can be read
  }
  const result = validateFlowSource(source);
  if (!result.ok) {
    const first = result.problems[0];
    return { status: "refused", reason: refusalReason(first.message), message: first.message, syntax: result.syntax, needs };
  }
  const missing = [...new Map(missingPluginTypes(result.flow).map((m) => [m.group.group, m.group])).values()];
  const withoutRunner = [
    ...new Set(
      taskTypes(result.flow).filter((type) => {
        const entry = lookupTask(type);
        if (!entry) return !knownGroupOf(type); // a missing plugin's type is counted in `missing`
        return taskKind(entry) === "runnable" && !runnerFor(type);
      }),
    ),
  ];
  return { status: "saved", clean: !result.warnings?.length, missing, withoutRunner, needs };
}

export type CoverageSummary = {
  files: number;
  notFlows: number;
  flows: number;
  saved: number;
  savedClean: number;
  savedWithMissingPlugins: number;
  /** saves with no plugin-not-installed warning */
  runnable: number;
  /** runnable, and every task type has a runner (or is flowable) */
  runnableWithRunners: number;
  refused: number;
  refusedSyntax: number;
  refusals: { reason: string; flows: number; example: string; files: string[] }[];
  /** the types named by "unknown ... type" refusals, by group */
  unknownTypes: { group: string; types: string[]; flows: number }[];
  groups: { key: string; title: string; installed: boolean; flows: number; savedButMissing: number }[];
  withoutRunner: { type: string; flows: number }[];
};

/** The counts over a set of classified flows. */
export function summarise(results: readonly { file: string; result: ClassifiedFlow }[]): CoverageSummary {
  const flows = results.filter((r) => r.result.status !== "not-a-flow");
  const saved = flows.flatMap((r) => (r.result.status === "saved" ? [r.result] : []));
  const refused = flows.flatMap((r) => (r.result.status === "refused" ? [{ file: r.file, ...r.result }] : []));
  const refusals = new Map<string, { reason: string; flows: number; example: string; files: string[] }>();
  for (const r of refused) {
    const entry = refusals.get(r.reason) ?? { reason: r.reason, flows: 0, example: r.message, files: [] };
    entry.flows++;
    entry.files.push(r.file);
    refusals.set(r.reason, entry);
  }
  const groups = new Map<string, CoverageSummary["groups"][number]>();
  for (const { result } of flows) {
    for (const need of result.needs) {
      const entry = groups.get(need.key) ?? { ...need, flows: 0, savedButMissing: 0 };
      entry.flows++;
      if (result.status === "saved" && result.missing.some((m) => m.group === need.key)) entry.savedButMissing++;
      groups.set(need.key, entry);
    }
  }
  const unknown = new Map<string, { types: Set<string>; flows: number }>();
  for (const r of refused) {
    const type = /^unknown (?:task|trigger|condition) type "([^"]+)"/.exec(r.message)?.[1];
    if (!type) continue;
    const key = groupOf(type).key;
    const entry = unknown.get(key) ?? { types: new Set<string>(), flows: 0 };
    entry.types.add(type);
    entry.flows++;
    unknown.set(key, entry);
  }
  const withoutRunner = new Map<string, number>();
  for (const s of saved) for (const type of s.withoutRunner) withoutRunner.set(type, (withoutRunner.get(type) ?? 0) + 1);
  const runnable = saved.filter((s) => s.missing.length === 0);
  return {
    files: results.length,
    notFlows: results.length - flows.length,
    flows: flows.length,
    saved: saved.length,
    savedClean: saved.filter((s) => s.clean).length,
    savedWithMissingPlugins: saved.length - runnable.length,
    runnable: runnable.length,
    runnableWithRunners: runnable.filter((s) => s.withoutRunner.length === 0).length,
    refused: refused.length,
    refusedSyntax: refused.filter((r) => r.syntax).length,
    refusals: [...refusals.values()].sort((a, b) => b.flows - a.flows || a.reason.localeCompare(b.reason)),
    unknownTypes: [...unknown].map(([group, e]) => ({ group, types: [...e.types].sort(), flows: e.flows })).sort((a, b) => b.flows - a.flows || a.group.localeCompare(b.group)),
    groups: [...groups.values()].sort((a, b) => b.flows - a.flows || a.key.localeCompare(b.key)),
    withoutRunner: [...withoutRunner].map(([type, n]) => ({ type, flows: n })).sort((a, b) => b.flows - a.flows || a.type.localeCompare(b.type)),
  };
}

const pct = (n: number, of: number) => (of === 0 ? "0%" : `${((100 * n) / of).toFixed(1)}%`);

/** The summary as a few lines of text. */
export function summaryText(s: CoverageSummary): string {
  return [
    `files: ${s.files} (${s.notFlows} not flows), flows: ${s.flows}`,
    `save: ${s.saved} (${pct(s.saved, s.flows)})`,
    `save with no warning: ${s.savedClean} (${pct(s.savedClean, s.flows)})`,
    `save with a plugin-not-installed warning: ${s.savedWithMissingPlugins} (${pct(s.savedWithMissingPlugins, s.flows)})`,
    `fully runnable with the installed plugins: ${s.runnable} (${pct(s.runnable, s.flows)})`,
    `  of which every task type has a runner or is flowable: ${s.runnableWithRunners} (${pct(s.runnableWithRunners, s.flows)})`,
    `refused: ${s.refused} (${pct(s.refused, s.flows)}; ${s.refusedSyntax} YAML syntax errors)`,
  ].join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The summary as a markdown report: the shares, the plugin groups by number of flows, the refusal reasons. */
export function markdownReport(s: CoverageSummary, top = 20): string {
  const lines = [
    "| | flows | share |",
    "| --- | ---: | ---: |",
    `| flows in the sample | ${s.flows} | 100% |`,
    `| save | ${s.saved} | ${pct(s.saved, s.flows)} |`,
    `| save with no warning | ${s.savedClean} | ${pct(s.savedClean, s.flows)} |`,
    `| save with a plugin-not-installed warning | ${s.savedWithMissingPlugins} | ${pct(s.savedWithMissingPlugins, s.flows)} |`,
    `| fully runnable with the installed plugins | ${s.runnable} | ${pct(s.runnable, s.flows)} |`,
    `| ... and every task type has a runner (or is flowable) | ${s.runnableWithRunners} | ${pct(s.runnableWithRunners, s.flows)} |`,
    `| refused | ${s.refused} | ${pct(s.refused, s.flows)} |`,
    "",
    "Plugin groups by number of flows that use a type of the group (a flow counts once per group):",
    "",
    "| group | plugin | installed | flows | saved with the plugin missing |",
    "| --- | --- | --- | ---: | ---: |",
    ...s.groups.map((g) => `| \`${g.key}\` | ${cell(g.title)} | ${g.installed ? "yes" : "no"} | ${g.flows} | ${g.savedButMissing} |`),
    "",
    `Top refusal reasons (first problem of each refused flow, names blanked; ${s.refusals.length} distinct):`,
    "",
    "| flows | reason | example |",
    "| ---: | --- | --- |",
    ...s.refusals.slice(0, top).map((r) => `| ${r.flows} | ${cell(r.reason)} | ${cell(r.example)} |`),
  ];
  if (s.unknownTypes.length) {
    lines.push("", "Types named by the \"unknown type\" refusals, by group:", "", "| group | flows | types |", "| --- | ---: | --- |");
    lines.push(...s.unknownTypes.map((u) => `| \`${u.group}\` | ${u.flows} | ${u.types.map((t) => `\`${t}\``).join(", ")} |`));
  }
  if (s.withoutRunner.length) {
    lines.push("", "Task types of saved flows with no runner (not flowable):", "", "| type | flows |", "| --- | ---: |");
    lines.push(...s.withoutRunner.map((w) => `| \`${w.type}\` | ${w.flows} |`));
  }
  return `${lines.join("\n")}\n`;
}
