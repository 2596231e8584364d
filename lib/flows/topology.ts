// A flow as a graph: nodes and edges built from the parsed YAML, ready for a layout library.
// Pure and browser-safe. A task's node id is its task id, so an execution's task runs can colour
// the graph by taskId; the nodes that are not tasks have ids no task can have (task ids match
// ^[a-zA-Z0-9][a-zA-Z0-9_-]*$, so a ":" never occurs in one).
import { shortType } from "./outline";
import { lookupCondition, lookupTask, lookupTrigger } from "./validation/catalogue";

export type FlowRef = { namespace: string; flowId: string };
export const sameFlow = (a: FlowRef, b: FlowRef) => a.namespace === b.namespace && a.flowId === b.flowId;

export type TopologyNodeKind =
  /** a task that runs on its own */
  | "task"
  /** a flowable task: a cluster holding its nested tasks */
  | "cluster"
  /** a task that runs another flow (Subflow, ForEachItem); `target` names it when it is static */
  | "subflow"
  /** errors, finally, afterExecution: a cluster of the tasks that run then */
  | "block"
  /** where a flow or a branching cluster starts or ends */
  | "start"
  | "end"
  | "trigger"
  /** another flow: one this flow calls or one that calls or triggers it */
  | "flow";

export type TopologyNode = {
  id: string;
  kind: TopologyNodeKind;
  label: string;
  /** the full type of a task or trigger */
  type?: string;
  /** the id of the cluster or block holding it; null at the top */
  parent: string | null;
  disabled?: boolean;
  target?: FlowRef;
  /** a Flow trigger's upstream flows */
  sources?: FlowRef[];
  /** how a cluster runs its children */
  mode?: ClusterMode;
};

export type TopologyEdgeKind = "flow" | "error" | "finally" | "after" | "trigger" | "dependsOn" | "calls" | "caller";

export type TopologyEdge = { id: string; source: string; target: string; kind: TopologyEdgeKind; label?: string };

export type Topology = { nodes: TopologyNode[]; edges: TopologyEdge[] };

export type ClusterMode = "sequence" | "parallel" | "loop" | "branches" | "dag";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (v == null ? "" : typeof v === "string" ? v : JSON.stringify(v));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const taskIdOf = (t: unknown) => (isObj(t) ? str(t.id) : "");

const PARALLEL = new Set(["flow.Parallel", "flow.EachParallel"]);
const LOOPS = new Set(["flow.ForEach", "flow.EachSequential", "flow.EachParallel"]);
const CHILD_FLOW = new Set(["flow.Subflow", "flow.ForEachItem"]);

/** The catalogue's name of a type, aliases resolved (`io.kestra.core.tasks.flows.If` -> `flow.If`). */
function canonical(type: string): string {
  return shortType(lookupTask(type)?.type ?? type);
}

function modeOf(type: string): ClusterMode {
  const t = canonical(type);
  if (t === "flow.If" || t === "flow.Switch") return "branches";
  if (t === "flow.Dag") return "dag";
  if (PARALLEL.has(t)) return "parallel";
  if (LOOPS.has(t)) return "loop";
  return "sequence";
}

/** Subflow / ForEachItem: the flow it runs, unless its name is an expression known only at run time. */
export function childFlowOf(task: unknown): FlowRef | null {
  if (!isObj(task) || !CHILD_FLOW.has(canonical(str(task.type)))) return null;
  return staticRef(task);
}

const isChildFlowTask = (task: Obj) => CHILD_FLOW.has(canonical(str(task.type)));

const FLOW_TRIGGER = "io.kestra.plugin.core.trigger.Flow";
const EXECUTION_FLOW = "io.kestra.plugin.core.condition.ExecutionFlow";

const staticRef = (v: Obj): FlowRef | null => {
  const namespace = str(v.namespace);
  const flowId = str(v.flowId);
  return namespace && flowId && !namespace.includes("{{") && !flowId.includes("{{") ? { namespace, flowId } : null;
};

/**
 * The flows a Flow trigger waits for: ExecutionFlow conditions (MultipleCondition's nested ones
 * included), `preconditions.flows` and `dependsOn` entries naming both a namespace and a flow.
 */
export function flowTriggerSources(trigger: unknown): FlowRef[] {
  if (!isObj(trigger) || lookupTrigger(str(trigger.type))?.type !== FLOW_TRIGGER) return [];
  const refs: FlowRef[] = [];
  const add = (r: FlowRef | null) => {
    if (r && !refs.some((x) => sameFlow(x, r))) refs.push(r);
  };
  const conditions = (v: unknown, depth: number): void => {
    if (depth > 8) return;
    for (const c of Array.isArray(v) ? v : isObj(v) ? Object.values(v) : []) {
      if (!isObj(c)) continue;
      if (lookupCondition(str(c.type))?.type === EXECUTION_FLOW) add(staticRef(c));
      if (c.conditions) conditions(c.conditions, depth + 1);
    }
  };
  conditions(trigger.conditions, 0);
  if (isObj(trigger.preconditions)) for (const f of list(trigger.preconditions.flows).filter(isObj)) add(staticRef(f));
  for (const f of list(trigger.dependsOn).filter(isObj)) add(staticRef(f));
  return refs;
}

class Builder {
  nodes: TopologyNode[] = [];
  edges: TopologyEdge[] = [];
  private seen = new Set<string>();

  node(n: TopologyNode) {
    this.nodes.push(n);
    return n.id;
  }

  edge(source: string, target: string, kind: TopologyEdgeKind = "flow", label?: string) {
    let id = `${source}->${target}`;
    // two edges between the same nodes (an If without else: start -> end for "else" only once)
    for (let i = 2; this.seen.has(id); i++) id = `${source}->${target}#${i}`;
    this.seen.add(id);
    this.edges.push(label ? { id, source, target, kind, label } : { id, source, target, kind });
  }

  /** One task: a leaf, or a cluster with its nested tasks. Returns its node id. */
  task(raw: Obj, parent: string | null): string {
    const id = str(raw.id);
    const type = str(raw.type);
    const base = { id, label: id, type, parent, disabled: raw.disabled === true || undefined };
    const target = childFlowOf(raw) ?? undefined;
    const mode = modeOf(type);
    const groups = this.groups(raw, mode);
    const errors = list(raw.errors).filter(isObj);
    const fin = list(raw.finally).filter(isObj);
    if (groups.every((g) => g.tasks.length === 0) && errors.length === 0 && fin.length === 0) {
      return this.node({ ...base, kind: isChildFlowTask(raw) ? "subflow" : "task", target });
    }
    this.node({ ...base, kind: isChildFlowTask(raw) ? "subflow" : "cluster", target, mode });
    let exits: string[];
    if (mode === "sequence" || mode === "loop") {
      exits = this.chain(groups[0]?.tasks ?? [], id);
    } else {
      const start = this.node({ id: `${id}:start`, kind: "start", label: "start", parent: id });
      const end = this.node({ id: `${id}:end`, kind: "end", label: "end", parent: id });
      if (mode === "dag") this.dag(groups[0]?.entries ?? [], id, start, end);
      else {
        for (const g of groups) {
          if (g.tasks.length === 0) {
            // an If without else goes straight on when its condition is false
            if (g.label === "else") this.edge(start, end, "flow", "else");
            continue;
          }
          const ids = g.tasks.map((t) => this.task(t, id));
          if (mode === "parallel") {
            for (const c of ids) {
              this.edge(start, c);
              this.edge(c, end);
            }
          } else {
            this.edge(start, ids[0], "flow", g.label);
            this.link(ids);
            this.edge(ids[ids.length - 1], end);
          }
        }
      }
      exits = [end];
    }
    this.after(exits, errors, fin, `${id}:`, id);
    return id;
  }

  /** The nested lists of a flowable task, by how it runs them. */
  private groups(raw: Obj, mode: ClusterMode): { label: string; tasks: Obj[]; entries?: { task: Obj; dependsOn: string[] }[] }[] {
    const tasks = (v: unknown) => list(v).filter(isObj);
    if (mode === "dag") {
      const entries = list(raw.tasks)
        .filter(isObj)
        .filter((e) => isObj(e.task))
        .map((e) => ({ task: e.task as Obj, dependsOn: list(e.dependsOn).map(str) }));
      return [{ label: "tasks", tasks: entries.map((e) => e.task), entries }];
    }
    if (mode === "branches") {
      const out = [];
      if ("then" in raw || "else" in raw) out.push({ label: "then", tasks: tasks(raw.then) }, { label: "else", tasks: tasks(raw.else) });
      if (isObj(raw.cases)) for (const [name, t] of Object.entries(raw.cases)) out.push({ label: name, tasks: tasks(t) });
      if ("defaults" in raw || isObj(raw.cases)) out.push({ label: "defaults", tasks: tasks(raw.defaults) });
      return out;
    }
    return [{ label: "tasks", tasks: tasks(raw.tasks) }];
  }

  private dag(entries: { task: Obj; dependsOn: string[] }[], parent: string, start: string, end: string) {
    const ids = entries.map((e) => this.task(e.task, parent));
    const known = new Set(ids);
    const needed = new Set<string>();
    entries.forEach((e, i) => {
      const deps = e.dependsOn.filter((d) => known.has(d));
      if (deps.length === 0) this.edge(start, ids[i]);
      for (const d of deps) {
        this.edge(d, ids[i], "dependsOn");
        needed.add(d);
      }
    });
    for (const id of ids) if (!needed.has(id)) this.edge(id, end);
  }

  private link(ids: string[]) {
    for (let i = 1; i < ids.length; i++) this.edge(ids[i - 1], ids[i]);
  }

  /** Tasks one after the other inside `parent`; returns the last one (as a list of exits). */
  chain(tasks: Obj[], parent: string | null): string[] {
    const ids = tasks.map((t) => this.task(t, parent));
    this.link(ids);
    return ids.length ? [ids[ids.length - 1]] : [];
  }

  /** A block of tasks (errors, finally, afterExecution) as a cluster of its own. */
  block(id: string, label: string, tasks: Obj[], parent: string | null): string {
    this.node({ id, kind: "block", label, parent });
    this.chain(tasks, id);
    return id;
  }

  /**
   * errors and finally after `exits`: errors when something failed, finally in any case (after
   * errors when both). Returns where the flow goes on from.
   */
  after(exits: string[], errors: Obj[], fin: Obj[], prefix: string, parent: string | null): string[] {
    const out = [...exits];
    let errorBlock: string | null = null;
    if (errors.length) {
      errorBlock = this.block(`${prefix}errors`, "errors", errors, parent);
      for (const e of exits) this.edge(e, errorBlock, "error", "on failure");
    }
    if (fin.length) {
      const finallyBlock = this.block(`${prefix}finally`, "finally", fin, parent);
      for (const e of exits) this.edge(e, finallyBlock, "finally");
      if (errorBlock) this.edge(errorBlock, finallyBlock, "finally");
      return [finallyBlock];
    }
    if (errorBlock) out.push(errorBlock);
    return out;
  }
}

/** The graph of a parsed flow: triggers, tasks, flowable clusters, errors/finally, afterExecution. */
export function flowTopology(flow: unknown): Topology {
  const f = isObj(flow) ? flow : {};
  const b = new Builder();
  const start = b.node({ id: ":start", kind: "start", label: "start", parent: null });
  for (const t of list(f.triggers).filter(isObj)) {
    const id = `trigger:${str(t.id)}`;
    const sources = flowTriggerSources(t);
    b.node({ id, kind: "trigger", label: str(t.id), type: str(t.type), parent: null, disabled: t.disabled === true || undefined, ...(sources.length ? { sources } : {}) });
    b.edge(id, start, "trigger");
  }
  const ids = list(f.tasks)
    .filter(isObj)
    .map((t) => b.task(t, null));
  if (ids.length) b.edge(start, ids[0]);
  for (let i = 1; i < ids.length; i++) b.edge(ids[i - 1], ids[i]);
  const exits = b.after(ids.length ? [ids[ids.length - 1]] : [start], list(f.errors).filter(isObj), list(f.finally).filter(isObj), ":", null);
  const end = b.node({ id: ":end", kind: "end", label: "end", parent: null });
  for (const e of exits) b.edge(e, end);
  const afterExecution = list(f.afterExecution).filter(isObj);
  if (afterExecution.length) b.edge(end, b.block(":afterExecution", "afterExecution", afterExecution, null), "after");
  return { nodes: b.nodes, edges: b.edges };
}

export type FlowDependencies = {
  /** flows this flow runs as subflows */
  calls: FlowRef[];
  /** flows that run this one as a subflow */
  callers: FlowRef[];
  /** flows whose executions start this one through its Flow triggers */
  triggeredBy: FlowRef[];
  /** flows whose Flow triggers start on this one's executions */
  triggers: FlowRef[];
};

export const flowNodeId = (f: FlowRef) => `flow:${f.namespace}/${f.flowId}`;

/**
 * The graph with the flows around it (only those listed in `deps`, i.e. that exist and the user
 * may read): callers lead into the start, upstream flows into the trigger naming them, subflow
 * tasks to the flows they run, and the end to the flows this one triggers.
 */
export function withDependencies(topology: Topology, deps: FlowDependencies): Topology {
  const nodes = [...topology.nodes];
  const edges = [...topology.edges];
  const added = new Set<string>();
  const flowNode = (f: FlowRef) => {
    const id = flowNodeId(f);
    if (!added.has(id)) {
      added.add(id);
      nodes.push({ id, kind: "flow", label: f.flowId, parent: null, target: f });
    }
    return id;
  };
  const edge = (source: string, target: string, kind: TopologyEdgeKind, label?: string) =>
    edges.push({ id: `${source}->${target}`, source, target, kind, ...(label ? { label } : {}) });
  for (const f of deps.callers) edge(flowNode(f), ":start", "caller", "runs it");
  for (const f of deps.triggeredBy) {
    const triggers = topology.nodes.filter((n) => n.kind === "trigger" && n.sources?.some((s) => sameFlow(s, f)));
    for (const t of triggers) edge(flowNode(f), t.id, "trigger", "ends");
  }
  for (const f of deps.calls) {
    for (const c of topology.nodes.filter((n) => n.kind === "subflow" && n.target && sameFlow(n.target, f))) edge(c.id, flowNode(f), "calls");
  }
  for (const f of deps.triggers) edge(":end", flowNode(f), "trigger", "triggers");
  return { nodes, edges };
}
