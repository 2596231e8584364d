"use client";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { stateTone } from "@/components/executions/state-badge";
import { Button } from "@/components/ui/button";
import type { State } from "@/lib/executions/types";
import { shortType } from "@/lib/flows/outline";
import type { FlowRef, Topology, TopologyEdgeKind } from "@/lib/flows/topology";
import { type Layout, type PlacedEdge, type PlacedNode, layoutTopology } from "./layout";

type View = { x: number; y: number; k: number };
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 2;
const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
/** below this a fitted graph is too small to read: it starts at this zoom from its start instead */
const READABLE_ZOOM = 0.55;
const MAX_HEIGHT = 640;

const EDGE_STYLE: Record<TopologyEdgeKind, { stroke: string; dash?: string; label: string }> = {
  flow: { stroke: "#94a3b8", label: "next" },
  dependsOn: { stroke: "#6366f1", label: "depends on" },
  error: { stroke: "#dc2626", dash: "6 4", label: "on failure" },
  finally: { stroke: "#d97706", dash: "6 4", label: "finally" },
  after: { stroke: "#64748b", dash: "2 4", label: "after the execution" },
  trigger: { stroke: "#b45309", label: "trigger" },
  calls: { stroke: "#0284c7", dash: "4 3", label: "other flows" },
  caller: { stroke: "#0284c7", dash: "4 3", label: "other flows" },
};
const LEGEND: TopologyEdgeKind[] = ["flow", "dependsOn", "error", "finally", "trigger", "calls"];

const flowHref = (tenant: string, f: FlowRef) => `/ui/${encodeURIComponent(tenant)}/flows/${encodeURIComponent(f.namespace)}/${encodeURIComponent(f.flowId)}`;

function Icon({ kind }: { kind: PlacedNode["kind"] }) {
  const path: Partial<Record<PlacedNode["kind"], string>> = {
    task: "M5 3.5v9l7-4.5z",
    cluster: "M2.5 3.5h4v4h-4zM9.5 3.5h4v4h-4zM6 10.5h4v4H6z",
    subflow: "M6 3h7v7M13 3 5 11M3 6v7h7",
    trigger: "M9 1.5 3.5 9H8l-1 5.5L12.5 7H8z",
    flow: "M4 2h5l3 3v9H4zM9 2v3h3",
    block: "M8 2.5 14 13H2z M8 6.5v3 M8 11.2v.3",
  };
  const d = path[kind];
  if (!d) return null;
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round">
      <path d={d} />
    </svg>
  );
}

const KIND_ACCENT: Record<string, string> = {
  task: "text-indigo-600 border-l-indigo-500",
  subflow: "text-teal-700 border-l-teal-500",
  trigger: "text-amber-700 border-l-amber-500",
  flow: "text-sky-700 border-l-sky-500",
};

function describe(n: PlacedNode, state?: State) {
  const what =
    n.kind === "trigger" ? "trigger" : n.kind === "flow" ? `flow ${n.target?.namespace}` : n.kind === "block" ? "block" : n.type ? shortType(n.type) : n.kind;
  return [n.label, what, n.disabled ? "disabled" : null, state ? `state ${state}` : null].filter(Boolean).join(", ");
}

function edgePath(points: { x: number; y: number }[]) {
  return points.map((p, i) => `${i ? "L" : "M"}${p.x},${p.y}`).join(" ");
}

/**
 * A flow as a graph: tasks left to right, flowable tasks as clusters around their children,
 * errors/finally branches dashed, triggers and the flows around it as entry and link nodes. With
 * `states` (taskId -> state), each task is coloured by its task run's state. Pan by dragging,
 * zoom with the wheel or the buttons.
 */
export function FlowGraph({
  topology,
  tenant,
  states,
  label = "Flow topology",
}: {
  topology: Topology;
  tenant: string;
  states?: Record<string, State>;
  label?: string;
}) {
  const [layout, setLayout] = useState<Layout | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const frame = useRef<HTMLDivElement>(null);
  const viewRef = useRef(view);
  viewRef.current = view;

  useEffect(() => {
    let live = true;
    layoutTopology(topology).then(
      (l) => live && setLayout(l),
      (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [topology]);

  const height = layout ? Math.min(MAX_HEIGHT, Math.max(200, layout.height + 24)) : 240;

  const fit = useCallback(
    (readable: boolean) => {
      const el = frame.current;
      if (!layout || !el) return;
      const w = el.clientWidth;
      const h = el.clientHeight;
      const k = clampZoom(Math.min((w - 16) / layout.width, (h - 16) / layout.height, 1));
      if (readable && k < READABLE_ZOOM) {
        // too big to read whole: start readable, at the flow's start, vertically centred if it fits
        const y = layout.height * READABLE_ZOOM < h ? (h - layout.height * READABLE_ZOOM) / 2 : 8;
        setView({ x: 8, y, k: READABLE_ZOOM });
      } else {
        setView({ x: (w - layout.width * k) / 2, y: (h - layout.height * k) / 2, k });
      }
    },
    [layout],
  );
  useEffect(() => fit(true), [fit]);

  const zoomAt = useCallback((factor: number, px?: number, py?: number) => {
    const el = frame.current;
    if (!el) return;
    const v = viewRef.current;
    const cx = px ?? el.clientWidth / 2;
    const cy = py ?? el.clientHeight / 2;
    const k = clampZoom(v.k * factor);
    setView({ k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k });
  }, []);

  // the wheel zooms the graph, not the page (a passive React listener could not prevent scrolling)
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [zoomAt, layout]);

  // drag to pan; a drag that moved does not also click the link under it
  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean; id: number } | null>(null);
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false, id: e.pointerId };
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) frame.current?.setPointerCapture(d.id);
    d.moved = true;
    setView((v) => ({ ...v, x: d.vx + dx, y: d.vy + dy }));
  };
  const onPointerUp = () => {
    const d = drag.current;
    if (d?.moved) {
      // swallow the click that ends a drag
      const stop = (ev: MouseEvent) => {
        ev.stopPropagation();
        ev.preventDefault();
      };
      window.addEventListener("click", stop, { capture: true, once: true });
      setTimeout(() => window.removeEventListener("click", stop, { capture: true }), 0);
    }
    drag.current = null;
  };

  /** Keyboard focus on a node that is out of view brings it into view. */
  const reveal = (n: PlacedNode) => {
    const el = frame.current;
    if (!el) return;
    const v = viewRef.current;
    const left = v.x + n.x * v.k;
    const top = v.y + n.y * v.k;
    const right = left + n.width * v.k;
    const bottom = top + Math.min(n.height, 60) * v.k;
    let { x, y } = v;
    if (left < 8) x += 8 - left;
    else if (right > el.clientWidth - 8) x -= right - el.clientWidth + 8;
    if (top < 8) y += 8 - top;
    else if (bottom > el.clientHeight - 8) y -= bottom - el.clientHeight + 8;
    if (x !== v.x || y !== v.y) setView({ ...v, x, y });
  };

  const { groups, leaves } = useMemo(() => {
    const nodes = layout?.nodes ?? [];
    const holders = new Set(nodes.map((n) => n.parent).filter(Boolean));
    return {
      groups: nodes.filter((n) => holders.has(n.id)).sort((a, b) => a.depth - b.depth),
      leaves: nodes.filter((n) => !holders.has(n.id)),
    };
  }, [layout]);

  if (failed) return <p className="text-sm text-red-700">The graph could not be laid out: {failed}</p>;

  return (
    <figure data-testid="flow-graph" data-layout-ms={layout ? Math.round(layout.ms) : undefined} aria-label={label}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600" aria-label="Edges">
          {LEGEND.filter((k) => !layout || layout.edges.some((e) => e.kind === k || (k === "calls" && e.kind === "caller"))).map((k) => (
            <li key={k} className="flex items-center gap-1.5">
              <svg aria-hidden width="22" height="6">
                <line x1="0" y1="3" x2="22" y2="3" stroke={EDGE_STYLE[k].stroke} strokeWidth="2" strokeDasharray={EDGE_STYLE[k].dash} />
              </svg>
              {EDGE_STYLE[k].label}
            </li>
          ))}
        </ul>
        <div className="flex items-center gap-1" role="group" aria-label="Zoom">
          <Button variant="secondary" type="button" className="px-2!" onClick={() => zoomAt(1 / 1.25)} aria-label="Zoom out" title="Zoom out">
            −
          </Button>
          <span className="w-12 text-center text-xs tabular-nums text-slate-600" aria-live="polite" data-testid="zoom-level">
            {Math.round(view.k * 100)}%
          </span>
          <Button variant="secondary" type="button" className="px-2!" onClick={() => zoomAt(1.25)} aria-label="Zoom in" title="Zoom in">
            +
          </Button>
          <Button variant="secondary" type="button" onClick={() => fit(false)} title="Show the whole graph">
            Fit
          </Button>
        </div>
      </div>
      <div
        ref={frame}
        className="relative touch-none overflow-hidden rounded-lg border border-slate-200 bg-[radial-gradient(#e2e8f0_1px,transparent_1px)] [background-size:16px_16px] select-none cursor-grab active:cursor-grabbing"
        style={{ height }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
      >
        {!layout && <p className="p-4 text-sm text-slate-500">Laying out the graph…</p>}
        {layout && (
          <div
            className="absolute left-0 top-0 origin-top-left"
            style={{ width: layout.width, height: layout.height, transform: `translate(${view.x}px, ${view.y}px) scale(${view.k})` }}
          >
            {groups.map((n) => (
              <Group key={n.id} node={n} tenant={tenant} state={states?.[n.id]} onFocus={() => reveal(n)} />
            ))}
            <svg aria-hidden className="pointer-events-none absolute left-0 top-0 overflow-visible" width={layout.width} height={layout.height}>
              <defs>
                {Object.entries(EDGE_STYLE).map(([k, s]) => (
                  <marker key={k} id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0,1 L9,5 L0,9 z" fill={s.stroke} />
                  </marker>
                ))}
              </defs>
              {layout.edges.map((e) => (
                <EdgeLine key={e.id} edge={e} />
              ))}
            </svg>
            {leaves.map((n) => (
              <Leaf key={n.id} node={n} tenant={tenant} state={states?.[n.id]} onFocus={() => reveal(n)} />
            ))}
          </div>
        )}
      </div>
    </figure>
  );
}

function EdgeLine({ edge }: { edge: PlacedEdge }) {
  const s = EDGE_STYLE[edge.kind];
  return (
    <g data-edge={edge.id} data-kind={edge.kind}>
      <path d={edgePath(edge.points)} fill="none" stroke={s.stroke} strokeWidth={1.5} strokeDasharray={s.dash} markerEnd={`url(#arrow-${edge.kind})`} />
      {edge.label && edge.labelBox && (
        <>
          <rect x={edge.labelBox.x} y={edge.labelBox.y} width={edge.labelBox.width} height={edge.labelBox.height} rx="3" fill="white" stroke={s.stroke} strokeWidth="0.75" />
          <text
            x={edge.labelBox.x + edge.labelBox.width / 2}
            y={edge.labelBox.y + edge.labelBox.height / 2 + 3.5}
            textAnchor="middle"
            fontSize="10.5"
            fill={edge.kind === "flow" ? "#475569" : s.stroke}
          >
            {edge.label}
          </text>
        </>
      )}
    </g>
  );
}

const boxStyle = (n: PlacedNode) => ({ left: n.x, top: n.y, width: n.width, height: n.height });

const GROUP_TONE: Record<string, string> = {
  errors: "border-red-300 bg-red-50/60",
  finally: "border-amber-300 bg-amber-50/60",
  afterExecution: "border-slate-300 bg-slate-100/60",
};

function Group({ node: n, tenant, state, onFocus }: { node: PlacedNode; tenant: string; state?: State; onFocus: () => void }) {
  const tone = state ? stateTone(state) : null;
  const frameClass =
    n.kind === "block"
      ? `border-dashed ${GROUP_TONE[n.label] ?? GROUP_TONE.afterExecution}`
      : n.depth % 2
        ? "border-slate-300 bg-white/80"
        : "border-slate-300 bg-slate-50/80";
  const header = (
    <>
      <span className={n.kind === "block" ? (n.label === "errors" ? "text-red-700" : n.label === "finally" ? "text-amber-800" : "text-slate-600") : "text-indigo-600"}>
        <Icon kind={n.kind === "subflow" ? "subflow" : n.kind === "block" ? "block" : "cluster"} />
      </span>
      <span className={`truncate font-mono text-xs font-semibold ${n.kind === "block" ? "uppercase tracking-wide text-slate-700" : "text-slate-900"}`}>{n.label}</span>
      {n.type && <span className="truncate font-mono text-[10.5px] text-slate-500">{shortType(n.type)}</span>}
      {state && (
        <span className={`ml-auto shrink-0 rounded px-1 text-[10px] font-medium ring-1 ring-inset ${tone!.badge}`} data-state={state}>
          {state}
        </span>
      )}
    </>
  );
  const headerClass = "flex h-8 items-center gap-1.5 rounded-t-lg px-2.5 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";
  return (
    <div
      className={`absolute rounded-lg border ${frameClass} ${tone ? `ring-2 ring-inset ${tone.badge.split(" ").find((c) => c.startsWith("ring-"))}` : ""} ${n.disabled ? "opacity-60" : ""}`}
      style={boxStyle(n)}
      data-node={n.id}
      data-kind={n.kind}
      data-state={state}
    >
      {n.target ? (
        <Link href={flowHref(tenant, n.target)} className={`${headerClass} hover:bg-teal-50`} aria-label={`${describe(n, state)}: open flow ${n.target.namespace}.${n.target.flowId}`} onFocus={onFocus}>
          {header}
        </Link>
      ) : (
        <div className={headerClass} tabIndex={0} role="img" aria-label={describe(n, state)} onFocus={onFocus}>
          {header}
        </div>
      )}
    </div>
  );
}

function Leaf({ node: n, tenant, state, onFocus }: { node: PlacedNode; tenant: string; state?: State; onFocus: () => void }) {
  if (n.kind === "start" || n.kind === "end") {
    return (
      <div
        aria-hidden
        title={n.kind}
        data-node={n.id}
        className={`absolute rounded-full border-2 ${n.kind === "start" ? "border-slate-400 bg-white" : "border-slate-500 bg-slate-500"}`}
        style={boxStyle(n)}
      />
    );
  }
  const tone = state ? stateTone(state) : null;
  const accent = KIND_ACCENT[n.kind] ?? KIND_ACCENT.task;
  const className = `absolute flex items-center gap-2 rounded-md border border-l-4 px-2.5 shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${accent} ${
    tone ? `${tone.badge} ring-1 ring-inset` : "border-slate-300 bg-white"
  } ${n.kind === "flow" ? "border-dashed" : ""} ${n.disabled ? "opacity-60" : ""}`;
  const sub = n.kind === "flow" ? n.target?.namespace : n.kind === "trigger" ? shortType(n.type ?? "") : n.type ? shortType(n.type) : "";
  const body = (
    <>
      <Icon kind={n.kind} />
      <span className="min-w-0 flex-1 leading-tight">
        <span className="block truncate font-mono text-[12.5px] font-semibold text-slate-900">{n.label}</span>
        <span className="block truncate font-mono text-[10.5px] text-slate-500">
          {sub}
          {n.disabled ? " · disabled" : ""}
        </span>
      </span>
      {state && <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${tone!.dot} ${state === "RUNNING" ? "animate-pulse" : ""}`} />}
    </>
  );
  const common = { style: boxStyle(n), "data-node": n.id, "data-kind": n.kind, "data-state": state, title: n.type ?? n.label, onFocus };
  if (n.target) {
    return (
      <Link
        href={flowHref(tenant, n.target)}
        className={`${className} hover:border-teal-500 hover:bg-teal-50`}
        aria-label={`${describe(n, state)}: open flow ${n.target.namespace}.${n.target.flowId}`}
        {...common}
      >
        {body}
      </Link>
    );
  }
  return (
    <div className={className} tabIndex={0} role="img" aria-label={describe(n, state)} {...common}>
      {body}
    </div>
  );
}
