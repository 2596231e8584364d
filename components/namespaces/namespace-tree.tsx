"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import type { NamespaceNode } from "@/lib/namespaces/tree";

type Visible = { node: NamespaceNode; depth: number; parent: string | null };

function visibleNodes(nodes: NamespaceNode[], expanded: Set<string>, depth = 0, parent: string | null = null): Visible[] {
  return nodes.flatMap((node) => [
    { node, depth, parent },
    ...(expanded.has(node.name) ? visibleNodes(node.children, expanded, depth + 1, node.name) : []),
  ]);
}

const allNames = (nodes: NamespaceNode[]): string[] => nodes.flatMap((n) => [n.name, ...allNames(n.children)]);

/**
 * The namespaces as a collapsible tree (WAI-ARIA tree pattern): arrows move and open/close, Enter
 * opens the namespace's page, Home/End jump. Counts include descendants; implicit namespaces
 * (used by flows, never created) are greyed.
 */
export function NamespaceTree({ tenant, nodes }: { tenant: string; nodes: NamespaceNode[] }) {
  const router = useRouter();
  // roots start open: the first two levels show
  const [expanded, setExpanded] = useState(() => new Set(nodes.flatMap((n) => (n.children.length ? [n.name] : []))));
  const [focused, setFocused] = useState<string | null>(nodes[0]?.name ?? null);
  const items = useRef(new Map<string, HTMLLIElement>());
  const visible = useMemo(() => visibleNodes(nodes, expanded), [nodes, expanded]);
  const href = (name: string) => `/ui/${tenant}/namespaces/${encodeURIComponent(name)}`;

  function toggle(name: string, open?: boolean) {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(name)) next.add(name);
      else next.delete(name);
      return next;
    });
  }
  function focus(name: string) {
    setFocused(name);
    items.current.get(name)?.focus();
  }

  function onKeyDown(e: React.KeyboardEvent, v: Visible) {
    const i = visible.findIndex((x) => x.node.name === v.node.name);
    const hasChildren = v.node.children.length > 0;
    const open = expanded.has(v.node.name);
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    switch (e.key) {
      case "ArrowDown":
        handled();
        if (visible[i + 1]) focus(visible[i + 1].node.name);
        break;
      case "ArrowUp":
        handled();
        if (visible[i - 1]) focus(visible[i - 1].node.name);
        break;
      case "ArrowRight":
        handled();
        if (hasChildren && !open) toggle(v.node.name, true);
        else if (hasChildren) focus(v.node.children[0].name);
        break;
      case "ArrowLeft":
        handled();
        if (hasChildren && open) toggle(v.node.name, false);
        else if (v.parent) focus(v.parent);
        break;
      case "Home":
        handled();
        if (visible[0]) focus(visible[0].node.name);
        break;
      case "End":
        handled();
        if (visible.length) focus(visible[visible.length - 1].node.name);
        break;
      case "Enter":
        handled();
        router.push(href(v.node.name));
        break;
      case " ":
        handled();
        if (hasChildren) toggle(v.node.name);
        break;
    }
  }

  return (
    <div>
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
        <p className="text-xs text-slate-500">
          <kbd className="font-sans">↑↓</kbd> move · <kbd className="font-sans">←→</kbd> close/open · <kbd className="font-sans">Enter</kbd> open page
        </p>
        <div className="flex gap-1 text-xs">
          <button type="button" className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100" onClick={() => setExpanded(new Set(allNames(nodes)))}>
            Expand all
          </button>
          <button type="button" className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100" onClick={() => setExpanded(new Set())}>
            Collapse all
          </button>
        </div>
      </div>
      <ul role="tree" aria-label="Namespaces" className="py-1" data-testid="namespace-tree">
        {visible.map((v) => {
          const { node } = v;
          const hasChildren = node.children.length > 0;
          const open = expanded.has(node.name);
          return (
            <li
              key={node.name}
              ref={(el) => {
                if (el) items.current.set(node.name, el);
                else items.current.delete(node.name);
              }}
              role="treeitem"
              aria-level={v.depth + 1}
              aria-expanded={hasChildren ? open : undefined}
              // the full name, then what the row shows in its order (a speech-input user says what they see)
              aria-label={`${node.name}${node.explicit ? "" : ", implicit"}, ${node.totalFlows} flow${node.totalFlows === 1 ? "" : "s"}`}
              tabIndex={focused === node.name ? 0 : -1}
              onFocus={() => setFocused(node.name)}
              onKeyDown={(e) => onKeyDown(e, v)}
              data-namespace={node.name}
              className="group flex items-center gap-2 py-1.5 pr-4 outline-none hover:bg-slate-50 focus-visible:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500"
              style={{ paddingLeft: `${16 + v.depth * 20}px` }}
            >
              {hasChildren ? (
                <button
                  type="button"
                  tabIndex={-1}
                  aria-hidden
                  onClick={() => toggle(node.name)}
                  className="flex h-5 w-5 items-center justify-center rounded text-slate-400 hover:bg-slate-200 hover:text-slate-700"
                >
                  <svg viewBox="0 0 20 20" className={`h-3.5 w-3.5 transition-transform ${open ? "rotate-90" : ""}`} fill="currentColor">
                    <path d="M7.2 4.6a.75.75 0 0 1 1.06 0l4.9 4.87a.75.75 0 0 1 0 1.06l-4.9 4.87a.75.75 0 1 1-1.06-1.06L11.57 10 7.2 5.66a.75.75 0 0 1 0-1.06Z" />
                  </svg>
                </button>
              ) : (
                <span className="w-5" aria-hidden />
              )}
              <Link
                href={href(node.name)}
                tabIndex={-1}
                className={`font-mono text-sm hover:text-indigo-600 hover:underline ${node.explicit ? "text-slate-900" : "text-slate-500"}`}
                title={node.explicit ? node.name : `${node.name} (implicit: used by flows, not created)`}
              >
                {v.depth === 0 ? node.name : node.label}
              </Link>
              {/* spaces between the parts (a flex row draws none), so that the row's text reads as its name does */}{" "}
              {!node.explicit && (
                <span className="rounded border border-dashed border-slate-300 px-1.5 text-[11px] text-slate-500" title="implicit: used by flows, not created">
                  implicit
                </span>
              )}{" "}
              <span className="ml-auto shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs tabular-nums text-slate-600" title="flows here and below">
                {node.totalFlows} flow{node.totalFlows === 1 ? "" : "s"}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
