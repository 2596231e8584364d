import type { CheckContext } from "./catalogue/types";
import { isPlainObject, type PlainObject } from "./types";

type Node = { id: string; index: number; deps: string[] };

/**
 * A Dag task's `dependsOn` may only name tasks of the same Dag (as in Kestra), and the
 * dependencies must not loop. Each cycle is reported once, at the first task on it.
 */
export function checkDag(task: PlainObject, ctx: CheckContext): void {
  if (!Array.isArray(task.tasks)) return;
  const nodes: Node[] = [];
  task.tasks.forEach((entry, index) => {
    if (!isPlainObject(entry) || !isPlainObject(entry.task) || entry.task.id == null) return;
    const deps = Array.isArray(entry.dependsOn) ? entry.dependsOn.map(String) : [];
    nodes.push({ id: String(entry.task.id), index, deps });
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));

  for (const node of nodes) {
    node.deps.forEach((dep, j) => {
      if (!byId.has(dep)) {
        ctx.problems.add(
          [...ctx.path, "tasks", node.index, "dependsOn", j],
          `Dag task "${node.id}" depends on "${dep}", which is not a task of this Dag`,
        );
      }
    });
  }

  for (const cycle of findCycles(nodes, byId)) {
    const first = byId.get(cycle[0])!;
    ctx.problems.add([...ctx.path, "tasks", first.index, "dependsOn"], `Dag dependency cycle: ${cycle.join(" -> ")}`);
  }
}

/** Depth-first search with an explicit stack; returns each cycle as a path that ends where it starts. */
function findCycles(nodes: Node[], byId: Map<string, Node>): string[][] {
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[][] = [];
  for (const start of nodes) {
    if (state.has(start.id)) continue;
    const stack: { node: Node; next: number }[] = [{ node: start, next: 0 }];
    const trail: string[] = [start.id];
    state.set(start.id, "visiting");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.node.deps.length) {
        state.set(top.node.id, "done");
        stack.pop();
        trail.pop();
        continue;
      }
      const dep = byId.get(top.node.deps[top.next++]);
      if (!dep) continue;
      if (state.get(dep.id) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(dep.id)), dep.id]);
      } else if (!state.has(dep.id)) {
        state.set(dep.id, "visiting");
        stack.push({ node: dep, next: 0 });
        trail.push(dep.id);
      }
    }
  }
  return cycles;
}
