// Client-safe: turns the flat namespace list into the nested tree the binding form picks from.
import { covers } from "../authz/namespaces";

export type NamespaceEntry = { name: string; explicit: boolean; flows: number };

export type NamespaceNode = {
  /** The full dotted name. */
  name: string;
  /** The last segment, what the tree shows. */
  segment: string;
  explicit: boolean;
  /** Listed itself; false for a parent that exists only because a descendant does. */
  listed: boolean;
  /** Flows in this namespace alone. */
  flows: number;
  /** Flows in this namespace and all its descendants. */
  totalFlows: number;
  children: NamespaceNode[];
};

/** Builds the tree on segment boundaries (`company` holds `company.team`, never `companyx`). */
export function buildNamespaceTree(entries: NamespaceEntry[]): NamespaceNode[] {
  const byName = new Map<string, NamespaceNode>();
  const roots: NamespaceNode[] = [];
  const nodeFor = (name: string): NamespaceNode => {
    const existing = byName.get(name);
    if (existing) return existing;
    const dot = name.lastIndexOf(".");
    const node: NamespaceNode = {
      name,
      segment: dot < 0 ? name : name.slice(dot + 1),
      explicit: false,
      listed: false,
      flows: 0,
      totalFlows: 0,
      children: [],
    };
    byName.set(name, node);
    (dot < 0 ? roots : nodeFor(name.slice(0, dot)).children).push(node);
    return node;
  };
  for (const e of entries) {
    const node = nodeFor(e.name);
    node.listed = true;
    node.explicit = node.explicit || e.explicit;
    node.flows += e.flows;
  }
  const finish = (nodes: NamespaceNode[]): number => {
    nodes.sort((a, b) => a.segment.localeCompare(b.segment));
    let sum = 0;
    for (const n of nodes) {
      n.totalFlows = n.flows + finish(n.children);
      sum += n.totalFlows;
    }
    return sum;
  };
  finish(roots);
  return roots;
}

/** The strict ancestors of a namespace, outermost first: `a.b.c` -> [`a`, `a.b`]. */
export function ancestorsOf(namespace: string): string[] {
  const parts = namespace.split(".");
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("."));
}

/** Finds a node by its full name. */
export function findNamespace(nodes: NamespaceNode[], name: string): NamespaceNode | undefined {
  for (const n of nodes) {
    if (n.name === name) return n;
    if (covers(n.name, name)) return findNamespace(n.children, name);
  }
  return undefined;
}
