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

// each side's text is a read-only text box, named for assistive technology
// (focusable, so that a keyboard can scroll it)
const labelled = (label: string) => [...readOnly, EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" })];

/**
 * Two revisions side by side (@codemirror/merge), the older on the left, unchanged stretches
 * folded; `labelA` and `labelB` name the two sides (a screen reader has no "left" and "right").
 */
export default function DiffView({ a, b, labelA, labelB }: { a: string; b: string; labelA: string; labelB: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = new MergeView({
      a: { doc: a, extensions: labelled(labelA) },
      b: { doc: b, extensions: labelled(labelB) },
      parent: host.current!,
      highlightChanges: true,
      gutter: true,
      collapseUnchanged: { margin: 3, minSize: 6 },
    });
    return () => view.destroy();
  }, [a, b, labelA, labelB]);
  return <div ref={host} data-testid="revision-diff" className="overflow-hidden rounded-lg border border-slate-200 bg-white" />;
}
