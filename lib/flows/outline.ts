// A flow's overview as plain data: its inputs, its tasks as a tree (flowable tasks with their nested
// lists), its triggers. Built from the parsed YAML, and lenient: a stored flow is already valid,
// and the overview should show what it can even of an odd one. Browser-safe.
import { lookupTask } from "./validation/catalogue";
import type { NestedTasks } from "./validation/catalogue/types";

export type TaskNode = {
  id: string;
  type: string;
  disabled: boolean;
  /** a Dag entry's dependencies */
  dependsOn: string[];
  branches: { label: string; tasks: TaskNode[] }[];
};

export type FlowOutline = {
  description: string | null;
  labels: { key: string; value: string }[];
  inputs: { id: string; type: string; required: boolean; defaults: string | null; description: string | null }[];
  tasks: TaskNode[];
  /** flow-level blocks that run after the tasks */
  blocks: { label: string; tasks: TaskNode[] }[];
  triggers: { id: string; type: string; detail: string | null; disabled: boolean }[];
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// for a type outside the catalogue: the keys flowable tasks use
const GENERIC_NESTED: readonly NestedTasks[] = [
  { key: "tasks", shape: "list" },
  { key: "then", shape: "list" },
  { key: "else", shape: "list" },
  { key: "cases", shape: "cases" },
  { key: "defaults", shape: "list" },
  { key: "errors", shape: "list" },
  { key: "finally", shape: "list" },
];

/** `io.kestra.plugin.core.flow.If` -> `flow.If`: the part a reader recognises. */
export function shortType(type: string): string {
  const m = /^io\.kestra\.(?:plugin\.core|core\.tasks)\.(.+)$/.exec(type);
  return m ? m[1] : type;
}

function taskNode(raw: unknown, dependsOn: string[] = []): TaskNode | null {
  if (!isObj(raw)) return null;
  const type = str(raw.type);
  const nested = lookupTask(type)?.nested ?? GENERIC_NESTED;
  const branches: TaskNode["branches"] = [];
  for (const n of nested) {
    const value = raw[n.key];
    if (n.shape === "cases") {
      if (isObj(value)) for (const [name, tasks] of Object.entries(value)) branches.push({ label: `case ${name}`, tasks: taskList(tasks) });
    } else if (n.shape === "dag") {
      const tasks = list(value)
        .map((e) => (isObj(e) ? taskNode(e.task, list(e.dependsOn).map(str)) : null))
        .filter((t): t is TaskNode => t !== null);
      if (tasks.length) branches.push({ label: n.key, tasks });
    } else if (Array.isArray(value) && value.length) {
      branches.push({ label: n.key, tasks: taskList(value) });
    }
  }
  return { id: str(raw.id), type, disabled: raw.disabled === true, dependsOn, branches };
}

const taskList = (v: unknown): TaskNode[] => list(v).map((t) => taskNode(t)).filter((t): t is TaskNode => t !== null);

function labelsOf(v: unknown): FlowOutline["labels"] {
  if (Array.isArray(v)) return v.filter(isObj).map((l) => ({ key: str(l.key), value: str(l.value) }));
  if (isObj(v)) return Object.entries(v).map(([key, value]) => ({ key, value: str(value) }));
  return [];
}

function triggerDetail(t: Obj): string | null {
  if (t.cron) return `cron ${str(t.cron)}`;
  if (t.key && /Webhook$/.test(str(t.type))) return "webhook";
  const conditions = list(t.conditions).length;
  return conditions ? `${conditions} condition${conditions === 1 ? "" : "s"}` : null;
}

export function flowOutline(flow: unknown): FlowOutline {
  const f = isObj(flow) ? flow : {};
  return {
    description: typeof f.description === "string" && f.description.trim() ? f.description : null,
    labels: labelsOf(f.labels),
    inputs: list(f.inputs)
      .filter(isObj)
      .map((i) => ({
        id: str(i.id),
        type: str(i.type) || "STRING",
        // Kestra inputs are required unless they say otherwise
        required: i.required !== false,
        defaults: i.defaults === undefined ? null : str(i.defaults),
        description: typeof i.description === "string" ? i.description : null,
      })),
    tasks: taskList(f.tasks),
    blocks: (["errors", "finally", "afterExecution"] as const)
      .map((key) => ({ label: key, tasks: taskList(f[key]) }))
      .filter((b) => b.tasks.length > 0),
    triggers: list(f.triggers)
      .filter(isObj)
      .map((t) => ({ id: str(t.id), type: str(t.type), detail: triggerDetail(t), disabled: t.disabled === true })),
  };
}

/** Every task of the tree, nested ones included. */
export function countTasks(nodes: TaskNode[]): number {
  return nodes.reduce((n, t) => n + 1 + t.branches.reduce((m, b) => m + countTasks(b.tasks), 0), 0);
}
