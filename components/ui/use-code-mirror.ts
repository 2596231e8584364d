"use client";
import { indentWithTab } from "@codemirror/commands";
import { Annotation, EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { type RefObject, useEffect, useRef } from "react";
import { editorTheme } from "@/components/flows/editor-theme";

// marks the caller's own replacements of the text, which are not edits to report back
const fromCaller = Annotation.define<boolean>();

/**
 * The product's CodeMirror 6 editor in `host`: basic setup, Tab indents, Mod-s saves, the shared
 * theme, read-only when asked, labelled for assistive technology. The document is the caller's
 * `value`; the user's edits come back through `onChange` (the caller's own changes of `value` do not). The editor is built again when `readOnly` or
 * `label` changes; `extensions` (a language, a linter) are read then, and the callbacks always
 * reach the latest props.
 */
export function useCodeMirror(
  host: RefObject<HTMLDivElement | null>,
  opts: {
    value: string;
    readOnly: boolean;
    label: string;
    onChange?: (text: string) => void;
    onSave?: () => void;
    extensions?: () => Extension[];
  },
): RefObject<EditorView | null> {
  const { value, readOnly, label } = opts;
  const view = useRef<EditorView | null>(null);
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab, { key: "Mod-s", preventDefault: true, run: () => (latest.current.onSave?.(), true) }]),
          ...(latest.current.extensions?.() ?? []),
          editorTheme,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          // a read-only editor takes focus too, so that a keyboard can scroll and select its text
          EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !u.transactions.some((tr) => tr.annotation(fromCaller))) latest.current.onChange?.(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [host, readOnly, label]);

  // the caller replaced the text (another revision or file was loaded): apply it
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value }, annotations: fromCaller.of(true) });
    }
  }, [value]);

  return view;
}
