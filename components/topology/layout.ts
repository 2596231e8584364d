// Lays a topology out with elkjs (layered, left to right, clusters as compound nodes), in the
// browser. elkjs's bundled build is loaded on first use, so pages without a graph never fetch it.
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { Topology, TopologyEdge, TopologyNode } from "@/lib/flows/topology";
import { shortType } from "@/lib/flows/outline";

export type Box = { x: number; y: number; width: number; height: number };
export type PlacedNode = TopologyNode & Box & { depth: number };
export type PlacedEdge = TopologyEdge & { points: { x: number; y: number }[]; labelBox?: Box };
export type Layout = { nodes: PlacedNode[]; edges: PlacedEdge[]; width: number; height: number; ms: number };

export const NODE_HEIGHT = 46;
const DOT = 14;
const EDGE_LABEL_HEIGHT = 16;

/** A node's box: wide enough for its id (12.5px monospace) and its short type (10.5px), plus icon and padding. */
export function nodeSize(n: TopologyNode): { width: number; height: number } {
  if (n.kind === "start" || n.kind === "end") return { width: DOT, height: DOT };
  const sub = n.kind === "flow" ? (n.target?.namespace ?? "") : n.type ? shortType(n.type) : "";
  const text = Math.max(n.label.length * 7.6, sub.length * 6.4 + (n.disabled ? 62 : 0));
  return { width: Math.round(Math.min(280, Math.max(110, text + 52))), height: NODE_HEIGHT };
}

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | null = null;

function loadElk(): Promise<Elk> {
  elk ??= import("elkjs/lib/elk.bundled.js").then((m) => new m.default());
  return elk;
}

/** The ELK graph of a topology: every cluster holds its children, every edge sits at the root. */
export function toElk(topology: Topology): ElkNode {
  const byId = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: ":root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.json.edgeCoords": "ROOT",
      "elk.json.shapeCoords": "ROOT",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.layered.spacing.nodeNodeBetweenLayers": "36",
      "elk.spacing.nodeNode": "18",
      "elk.spacing.edgeLabel": "2",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
      "elk.padding": "[top=16,left=16,bottom=16,right=16]",
    },
    children: [],
    edges: [],
  };
  for (const n of topology.nodes) {
    const clustered = n.kind === "cluster" || n.kind === "block" || (n.kind === "subflow" && topology.nodes.some((c) => c.parent === n.id));
    const node: ElkNode = clustered
      ? { id: n.id, children: [], layoutOptions: { "elk.padding": "[top=40,left=14,bottom=14,right=14]" }, width: nodeSize(n).width, height: NODE_HEIGHT }
      : { id: n.id, ...nodeSize(n) };
    byId.set(n.id, node);
  }
  for (const n of topology.nodes) {
    const parent = n.parent ? byId.get(n.parent) : root;
    (parent ?? root).children!.push(byId.get(n.id)!);
  }
  // ELK's model order places the targets of later edges higher up: reversed, a Parallel's children
  // and an If's then/else read top to bottom in the order the YAML lists them
  root.edges = [...topology.edges].reverse().map(
    (e): ElkExtendedEdge => ({
      id: e.id,
      sources: [e.source],
      targets: [e.target],
      ...(e.label ? { labels: [{ id: `${e.id}:label`, text: e.label, width: Math.round(e.label.length * 6.4 + 10), height: EDGE_LABEL_HEIGHT }] } : {}),
    }),
  );
  return root;
}

/** Lays the topology out; the time it took is in `ms`. */
export async function layoutTopology(topology: Topology): Promise<Layout> {
  const engine = await loadElk();
  const t0 = performance.now();
  const result = await engine.layout(toElk(topology));
  const ms = performance.now() - t0;
  const info = new Map(topology.nodes.map((n) => [n.id, n]));
  const nodes: PlacedNode[] = [];
  const walk = (children: ElkNode[] | undefined, depth: number) => {
    for (const c of children ?? []) {
      const n = info.get(c.id);
      if (n) nodes.push({ ...n, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0, depth });
      walk(c.children, depth + 1);
    }
  };
  walk(result.children, 0);
  const edgeInfo = new Map(topology.edges.map((e) => [e.id, e]));
  const edges: PlacedEdge[] = (result.edges ?? []).flatMap((e) => {
    const base = edgeInfo.get(e.id);
    const s = (e as ElkExtendedEdge).sections?.[0];
    if (!base || !s) return [];
    const label = e.labels?.[0];
    return [
      {
        ...base,
        points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint],
        labelBox: label ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : undefined,
      },
    ];
  });
  return { nodes, edges, width: result.width ?? 0, height: result.height ?? 0, ms };
}
