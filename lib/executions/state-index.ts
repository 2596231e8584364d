import type { State, TaskRun } from "./types";

// Lookups over an execution's task runs (by id, by position, the latest run of each scope key),
// kept per task-run list so that the executor's steps and the variables' renders do not rebuild
// them for every call: a step takes over the index of the list it is given (the list it returns
// shares its unchanged task runs) and keeps it up to date as it creates and changes task runs.
// An index belongs to one list object; a list without one gets it built on first use.

export type StateIndex = {
  /** the list this index describes */
  list: TaskRun[];
  byId: Map<string, TaskRun>;
  /** position of each task run in `list` */
  position: Map<string, number>;
  /** the latest task run (highest seq) of each scope key */
  latest: Map<string, TaskRun>;
  maxSeq: number;
  /** the iterations that have task runs, by parent task run (loop children) */
  iterations: Map<string, Set<number>>;
  /** what the executor remembers of a loop between steps: the groups that ended, by iteration */
  loops: Map<string, { values: string[]; ended: (State | undefined)[]; running: Set<number> }>;
  /** loop groups whose task runs were created or changed state since the loop last looked, by parent */
  dirty: Map<string, Set<number>>;
  /** the ids of the task runs the executor advances itself (flowables, Pause), for the flow they were read from */
  flowables?: { flow: object; ids: Set<string> };
};

const indexes = new WeakMap<TaskRun[], StateIndex>();
let builds = 0;

/** How many indexes were built from scratch since the process started (a work counter for tests). */
export const indexBuilds = () => builds;

/** The key of a task run's scope: its parent, task, loop value and iteration. */
export const scopeKey = (parentId: string | null, taskId: string, value: string | null, iteration: number | null) =>
  `${parentId ?? ""}\u0000${taskId}\u0000${iteration === null ? "" : iteration}\u0000${value === null ? "" : `v${value}`}`;

/** Adds (or replaces, same id) a task run in the index. */
export function indexTaskRun(index: StateIndex, taskRun: TaskRun, position: number) {
  index.byId.set(taskRun.id, taskRun);
  index.position.set(taskRun.id, position);
  const key = scopeKey(taskRun.parentTaskRunId, taskRun.taskId, taskRun.value, taskRun.iteration);
  const known = index.latest.get(key);
  if (!known || known.seq <= taskRun.seq) index.latest.set(key, taskRun);
  if (taskRun.seq > index.maxSeq) index.maxSeq = taskRun.seq;
  if (taskRun.parentTaskRunId !== null && taskRun.iteration !== null) {
    let set = index.iterations.get(taskRun.parentTaskRunId);
    if (!set) index.iterations.set(taskRun.parentTaskRunId, (set = new Set()));
    set.add(taskRun.iteration);
  }
}

/** Marks the loop group of a task run as changed (a loop child created or changing state). */
export function markDirty(index: StateIndex, taskRun: TaskRun) {
  if (taskRun.parentTaskRunId === null || taskRun.iteration === null) return;
  let set = index.dirty.get(taskRun.parentTaskRunId);
  if (!set) index.dirty.set(taskRun.parentTaskRunId, (set = new Set()));
  set.add(taskRun.iteration);
}

function build(list: TaskRun[]): StateIndex {
  builds++;
  const index: StateIndex = { list, byId: new Map(), position: new Map(), latest: new Map(), maxSeq: 0, iterations: new Map(), loops: new Map(), dirty: new Map() };
  for (let i = 0; i < list.length; i++) indexTaskRun(index, list[i], i);
  return index;
}

/**
 * The index of a list, built when it has none. A list grown by pushes since it was indexed gets the
 * new entries added; a list changed otherwise must be re-registered by whoever changed it.
 */
export function indexOf(list: TaskRun[]): StateIndex {
  let index = indexes.get(list);
  if (!index) {
    index = build(list);
    indexes.set(list, index);
  } else if (index.position.size < list.length) {
    for (let i = index.position.size; i < list.length; i++) indexTaskRun(index, list[i], i);
  }
  return index;
}

/**
 * Takes the index of `from` over for `to` (a copy of `from` that the caller is about to change):
 * `from` loses it (it is built again if `from` is used again).
 */
export function transferIndex(from: TaskRun[], to: TaskRun[]): StateIndex {
  const index = indexOf(from);
  indexes.delete(from);
  index.list = to;
  indexes.set(to, index);
  return index;
}

/** Forgets the index of a list (its content changed in a way the index does not follow). */
export function dropIndex(list: TaskRun[]) {
  indexes.delete(list);
}
