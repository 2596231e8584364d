"use client";
import { yaml } from "@codemirror/lang-yaml";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { MergeView } from "@codemirror/merge";
import { EditorState } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { diffTheme } from "./editor-theme";

const readOnly = [
  lineNumbers(),
  syntaxHighlighting(defaultHighlightStyle),
  yaml(),
  diffTheme,
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
];

/** Two revisions side by side (@codemirror/merge), the older on the left, unchanged stretches folded. */
export default function DiffView({ a, b }: { a: string; b: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = new MergeView({
      a: { doc: a, extensions: readOnly },
      b: { doc: b, extensions: readOnly },
      parent: host.current!,
      highlightChanges: true,
      gutter: true,
      collapseUnchanged: { margin: 3, minSize: 6 },
    });
    return () => view.destroy();
  }, [a, b]);
  return <div ref={host} data-testid="revision-diff" className="overflow-hidden rounded-lg border border-slate-200 bg-white" />;
}
