import { lookupTask, unknownTypeMessage } from "./catalogue";
import type { NestedTasks } from "./catalogue/types";
import type { IdRegistry } from "./ids";
import type { PluginDefaults } from "./plugin-defaults";
import { taskIdProblem } from "./names";
import { checkedByServer, commonPropertiesSchema, notInstalledGroup, notInstalledWarning } from "./not-installed";
import { checkRunnableChild } from "./runnable-only";
import type { Problems } from "./problems";
import { checkSchema } from "./schema-check";
import { asName, isPlainObject, type Path, type PlainObject } from "./types";

export type TaskContext = {
  problems: Problems;
  flow: { id?: string; namespace?: string };
  /** Shared by every task of the flow: ids are unique across nesting levels and blocks. */
  taskIds: IdRegistry;
  /** applied to each task before its properties are checked */
  defaults: PluginDefaults;
};

/** Validates each task of a list and, through flowable tasks, every task nested below it. */
export function walkTasks(tasks: unknown, path: Path, ctx: TaskContext): void {
  if (!Array.isArray(tasks)) return;
  tasks.forEach((task, i) => walkTask(task, [...path, i], ctx));
}

export function walkTask(task: unknown, path: Path, ctx: TaskContext): void {
  const { problems } = ctx;
  if (!isPlainObject(task)) {
    problems.add(path, 'a task must be a mapping with an "id" and a "type"');
    return;
  }
  const id = asName(task.id);
  if (task.id == null || task.id === "") problems.add([...path, "id"], 'a task needs an "id"');
  else if (id === undefined) problems.add([...path, "id"], '"id" must be a string');
  else {
    const problem = taskIdProblem(id, "task");
    if (problem) problems.add([...path, "id"], problem);
    ctx.taskIds.add(id, [...path, "id"]);
  }

  if (task.type == null || task.type === "") {
    problems.add([...path, "type"], 'a task needs a "type"');
    return;
  }
  if (typeof task.type !== "string") {
    problems.add([...path, "type"], '"type" must be a string naming a task type');
    return;
  }
  const entry = lookupTask(task.type);
  if (!entry && checkedByServer(task.type)) {
    checkSchema(commonPropertiesSchema("task"), task, path, problems, task.type);
    return;
  }
  const missing = entry ? undefined : notInstalledGroup(task.type);
  if (missing) {
    problems.warn([...path, "type"], notInstalledWarning("task", task.type, missing));
    checkSchema(commonPropertiesSchema("task"), task, path, problems, task.type);
    return;
  }
  if (!entry) {
    problems.add([...path, "type"], unknownTypeMessage("task", task.type));
    return;
  }
  const names = [task.type, entry.type, ...(entry.aliases ?? [])];
  const at = { path, line: problems.position(path)?.line };
  const { value, origins } = ctx.defaults.apply(task, names, entry.properties, at);
  checkSchema(entry.schema, value, path, problems, entry.type, origins);
  entry.check?.(value, { path, problems, flow: ctx.flow });
  for (const nested of entry.nested ?? []) walkNested(value, nested, path, ctx);
}

function walkNested(task: PlainObject, nested: NestedTasks, path: Path, ctx: TaskContext): void {
  const value = task[nested.key];
  const here = [...path, nested.key];
  if (nested.shape === "cases") {
    if (!isPlainObject(value)) return;
    for (const [name, tasks] of Object.entries(value)) {
      if (!Array.isArray(tasks)) ctx.problems.add([...here, name], `case "${name}" must be a list of tasks`);
      else if (tasks.length === 0) ctx.problems.add([...here, name], `case "${name}" must hold at least one task`);
      else walkTasks(tasks, [...here, name], ctx);
    }
    return;
  }
  if (!Array.isArray(value)) return;
  if (nested.nonEmpty && value.length === 0) ctx.problems.add(here, `"${nested.key}" must hold at least one task`);
  if (nested.runnableOnly) value.forEach((child, i) => checkRunnableChild(child, [...here, i], ctx.problems));
  if (nested.shape === "list") walkTasks(value, here, ctx);
  else value.forEach((entry, i) => walkDagEntry(entry, [...here, i], ctx));
}

/** A Dag entry is `{task: {...}, dependsOn: [ids]}`; its task is an ordinary nested task. */
function walkDagEntry(entry: unknown, path: Path, ctx: TaskContext): void {
  const { problems } = ctx;
  if (!isPlainObject(entry)) {
    problems.add(path, 'a Dag entry must be a mapping with a "task" and an optional "dependsOn"');
    return;
  }
  for (const key of Object.keys(entry)) {
    if (key !== "task" && key !== "dependsOn") problems.add([...path, key], `unknown property "${key}" for a Dag entry`, "key");
  }
  if (entry.dependsOn != null && !(Array.isArray(entry.dependsOn) && entry.dependsOn.every((d) => typeof d === "string"))) {
    problems.add([...path, "dependsOn"], '"dependsOn" must be a list of task ids');
  }
  if (entry.task == null) problems.add([...path, "task"], 'missing required property "task" for a Dag entry');
  else walkTask(entry.task, [...path, "task"], ctx);
}
