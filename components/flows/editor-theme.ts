import { EditorView } from "@codemirror/view";

/** CodeMirror in the product's look: slate text, indigo selection and cursor, monospace 13px. */
export const editorTheme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6", minHeight: "420px", maxHeight: "70vh" },
  ".cm-content": { padding: "10px 0", caretColor: "#4f46e5" },
  ".cm-gutters": { backgroundColor: "#f8fafc", color: "#64748b", borderRight: "1px solid #e2e8f0" },
  ".cm-activeLine": { backgroundColor: "#eef2ff66" },
  ".cm-activeLineGutter": { backgroundColor: "#eef2ff", color: "#4f46e5" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "#c7d2fe !important" },
  ".cm-cursor": { borderLeftColor: "#4f46e5" },
  ".cm-tooltip": { border: "1px solid #e2e8f0", borderRadius: "6px", boxShadow: "0 4px 12px rgb(15 23 42 / 0.08)" },
  ".cm-diagnostic-error": { borderLeftColor: "#dc2626" },
});

/** The read-only variant used by the revision diff: no minimum height, no focus ring. */
export const diffTheme = EditorView.theme({
  "&": { fontSize: "12.5px" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.55" },
  ".cm-gutters": { backgroundColor: "#f8fafc", color: "#64748b", borderRight: "1px solid #e2e8f0" },
  "&.cm-focused": { outline: "none" },
});
