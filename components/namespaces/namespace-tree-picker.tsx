"use client";
import { useEffect, useState } from "react";
import { plural } from "@/lib/rbac/grant-summary";
import { type NamespaceNode, ancestorsOf } from "@/lib/namespaces/tree";

/**
 * A collapsible namespace tree to pick one namespace. Each namespace is a radio button of one
 * group, so the arrow keys move between the visible ones; the toggles open and close branches.
 */
export function NamespaceTreePicker({
  nodes,
  selected,
  onSelect,
  name,
  label,
}: {
  nodes: NamespaceNode[];
  selected: string;
  onSelect: (namespace: string) => void;
  name: string;
  label: string;
}) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(ancestorsOf(selected)));
  // a namespace typed in the text box opens the branches that lead to it
  useEffect(() => {
    const path = ancestorsOf(selected);
    if (path.length) setExpanded((prev) => (path.every((p) => prev.has(p)) ? prev : new Set([...prev, ...path])));
  }, [selected]);
  const toggle = (ns: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(ns)) next.delete(ns);
      else next.add(ns);
      return next;
    });

  const render = (list: NamespaceNode[], depth: number) => (
    <ul className={depth ? "" : "py-1"}>
      {list.map((n) => {
        const open = expanded.has(n.name);
        const checked = selected === n.name;
        return (
          <li key={n.name}>
            <div
              className={`flex items-center gap-1 rounded-md py-0.5 pr-2 ${checked ? "bg-indigo-50" : "hover:bg-slate-50"}`}
              style={{ paddingLeft: `${0.25 + depth * 1.25}rem` }}
            >
              {n.children.length > 0 ? (
                <button
                  type="button"
                  aria-expanded={open}
                  aria-label={`${open ? "Collapse" : "Expand"} ${n.name}`}
                  onClick={() => toggle(n.name)}
                  className="flex h-6 w-6 shrink-0 items-center justify-center rounded text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  <svg viewBox="0 0 20 20" className={`h-3.5 w-3.5 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden="true">
                    <path d="M7 5l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2" />
                  </svg>
                </button>
              ) : (
                <span className="w-6 shrink-0" aria-hidden="true" />
              )}
              <label className="flex min-w-0 flex-1 cursor-pointer items-center gap-2 py-0.5">
                <input
                  type="radio"
                  name={name}
                  value={n.name}
                  aria-label={n.name}
                  checked={checked}
                  onChange={() => onSelect(n.name)}
                  className="h-3.5 w-3.5 shrink-0 accent-indigo-600"
                />
                <span
                  className={`truncate font-mono text-sm ${checked ? "font-medium text-indigo-700" : n.explicit ? "text-slate-800" : "text-slate-500"}`}
                  title={n.explicit ? n.name : `${n.name} (not created yet: exists through its flows)`}
                >
                  {n.label}
                </span>
              </label>
              <span className="shrink-0 text-xs text-slate-500">{plural(n.totalFlows, "flow")}</span>
            </div>
            {open && n.children.length > 0 && render(n.children, depth + 1)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <div role="group" aria-label={label} data-testid="namespace-tree" className="max-h-64 overflow-auto rounded-md border border-slate-200 bg-white px-1">
      {nodes.length ? render(nodes, 0) : <p className="px-2 py-3 text-sm text-slate-500">No namespaces yet: type one above.</p>}
    </div>
  );
}
