// The namespace tree: dotted names nested by segment, flow counts rolled up to ancestors. Only
// namespaces the user may read are given; a node whose parent is not among them becomes a root
// (shown with its full name), so a namespace the user may not read never appears.

export type NamespaceEntry = { name: string; explicit: boolean; flows: number };
export type NamespaceNode = {
  name: string;
  label: string;
  explicit: boolean;
  /** flows in this namespace alone */
  ownFlows: number;
  /** flows in this namespace and all its descendants */
  flows: number;
  children: NamespaceNode[];
};

/**
 * `canRead` adds the ancestors the user may read even where nothing uses them (an admin sees
 * `company` above `company.team`), as implicit namespaces.
 */
export function buildNamespaceTree(entries: NamespaceEntry[], canRead: (namespace: string) => boolean = () => false): NamespaceNode[] {
  const byName = new Map<string, NamespaceNode>();
  const readable = new Set(entries.map((e) => e.name));
  // ancestors between two readable namespaces are structural: `a` readable, `a.b.c` readable -> `a.b` shown too
  const all = new Map(entries.map((e) => [e.name, e] as const));
  for (const e of entries) {
    const parts = e.name.split(".");
    for (let i = parts.length - 1; i > 0; i--) {
      const ancestor = parts.slice(0, i).join(".");
      const coveredByReadable = parts.slice(0, i).some((_, j) => readable.has(parts.slice(0, j + 1).join(".")));
      if ((coveredByReadable || canRead(ancestor)) && !all.has(ancestor)) all.set(ancestor, { name: ancestor, explicit: false, flows: 0 });
    }
  }
  for (const e of [...all.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    byName.set(e.name, { name: e.name, label: e.name, explicit: e.explicit, ownFlows: e.flows, flows: e.flows, children: [] });
  }
  const roots: NamespaceNode[] = [];
  for (const node of byName.values()) {
    const parentName = node.name.includes(".") ? node.name.slice(0, node.name.lastIndexOf(".")) : null;
    const parent = parentName ? byName.get(parentName) : undefined;
    if (parent) {
      node.label = node.name.slice(parentName!.length + 1);
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const rollUp = (n: NamespaceNode): number => (n.flows = n.ownFlows + n.children.reduce((s, c) => s + rollUp(c), 0));
  roots.forEach(rollUp);
  return roots;
}

export type FlatNamespace = { name: string; label: string; depth: number; explicit: boolean; flows: number };

/** The tree in display order (parents before their children), e.g. for a namespace picker. */
export function flattenTree(nodes: NamespaceNode[], depth = 0): FlatNamespace[] {
  return nodes.flatMap((n) => [
    { name: n.name, label: n.label, depth, explicit: n.explicit, flows: n.flows },
    ...flattenTree(n.children, depth + 1),
  ]);
}
