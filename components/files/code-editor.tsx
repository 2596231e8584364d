"use client";
import { yaml } from "@codemirror/lang-yaml";
import type { Extension } from "@codemirror/state";
import { useRef } from "react";
import { useCodeMirror } from "@/components/ui/use-code-mirror";

/** Highlighting by extension: YAML (and JSON, which YAML reads) where we have a grammar, plain text otherwise. */
function languageFor(path: string): Extension[] {
  return /\.(ya?ml|json)$/i.test(path) ? [yaml()] : [];
}

/** A namespace file in the flow editor's CodeMirror setup and look; Mod-s saves. */
export default function CodeEditor({
  path,
  value,
  onChange,
  onSave,
  readOnly = false,
}: {
  path: string;
  value: string;
  onChange: (text: string) => void;
  onSave?: () => void;
  readOnly?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  // one editor per file (its label names the path)
  useCodeMirror(host, { value, readOnly, label: `Content of ${path}`, onChange, onSave, extensions: () => languageFor(path) });
  return <div ref={host} data-testid="file-editor" className="overflow-hidden rounded-b-lg bg-white" />;
}
