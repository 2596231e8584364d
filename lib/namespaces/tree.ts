// Client-safe. The namespace tree: dotted names nested on segment boundaries (`company` holds
// `company.team`, never `companyx`), each node with the flows of its own and with those of its
// descendants. The namespaces page, the flows list's namespace filter and the binding form's
// namespace picker all build their tree here.
import { covers, lineage } from "../authz/namespaces";

/** One namespace as listed: `flows` counts the flows in this namespace alone. */
export type NamespaceEntry = { name: string; explicit: boolean; flows: number };

export type NamespaceNode = {
  /** The full dotted name. */
  name: string;
  /** What the tree shows: the last segment, or the full name for a root whose parent is not shown. */
  label: string;
  /** Created as a namespace; false for one that exists only through its flows or descendants. */
  explicit: boolean;
  /** Given in the entries; false for an ancestor added to hold its descendants. */
  listed: boolean;
  /** Flows in this namespace alone. */
  ownFlows: number;
  /** Flows in this namespace and all its descendants. */
  totalFlows: number;
  children: NamespaceNode[];
};

const parentOf = (name: string): string | null => (name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : null);

/**
 * Only the given namespaces and the ancestors `showAncestor` admits appear (by default those
 * between two given namespaces: `a` and `a.b.c` given -> `a.b` shown too), so a namespace the user
 * may not read never appears; a node whose parent is not shown becomes a root under its full name.
 * The binding form, which lists every namespace, passes `() => true`. Duplicate entries add up.
 */
export function buildNamespaceTree(entries: NamespaceEntry[], showAncestor: (namespace: string) => boolean = () => false): NamespaceNode[] {
  const byName = new Map<string, NamespaceNode>();
  const node = (name: string): NamespaceNode => {
    let n = byName.get(name);
    if (!n) byName.set(name, (n = { name, label: name, explicit: false, listed: false, ownFlows: 0, totalFlows: 0, children: [] }));
    return n;
  };
  for (const e of entries) {
    const n = node(e.name);
    n.listed = true;
    n.explicit ||= e.explicit;
    n.ownFlows += e.flows;
  }
  const given = new Set(byName.keys());
  for (const name of given) {
    const parts = name.split(".");
    for (let i = parts.length - 1; i > 0; i--) {
      const ancestor = parts.slice(0, i).join(".");
      const underGiven = parts.slice(0, i).some((_, j) => given.has(parts.slice(0, j + 1).join(".")));
      if (underGiven || showAncestor(ancestor)) node(ancestor);
    }
  }
  const roots: NamespaceNode[] = [];
  for (const n of [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const parentName = parentOf(n.name);
    const parent = parentName === null ? undefined : byName.get(parentName);
    if (parent) {
      n.label = n.name.slice(parentName!.length + 1);
      parent.children.push(n);
    } else {
      roots.push(n);
    }
  }
  const rollUp = (n: NamespaceNode): number => (n.totalFlows = n.ownFlows + n.children.reduce((s, c) => s + rollUp(c), 0));
  roots.forEach(rollUp);
  return roots;
}

export type FlatNamespace = { name: string; label: string; depth: number; explicit: boolean; totalFlows: number };

/** The tree in display order (parents before their children), e.g. for a namespace select. */
export function flattenTree(nodes: NamespaceNode[], depth = 0): FlatNamespace[] {
  return nodes.flatMap((n) => [
    { name: n.name, label: n.label, depth, explicit: n.explicit, totalFlows: n.totalFlows },
    ...flattenTree(n.children, depth + 1),
  ]);
}

/** The strict ancestors of a namespace, outermost first: `a.b.c` -> [`a`, `a.b`]. */
export function ancestorsOf(namespace: string): string[] {
  return lineage(namespace).slice(1).reverse();
}

/** Finds a node by its full name. */
export function findNamespace(nodes: NamespaceNode[], name: string): NamespaceNode | undefined {
  for (const n of nodes) {
    if (n.name === name) return n;
    if (covers(n.name, name)) return findNamespace(n.children, name);
  }
  return undefined;
}
