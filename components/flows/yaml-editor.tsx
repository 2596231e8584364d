"use client";
import { yaml } from "@codemirror/lang-yaml";
import { type Diagnostic, forceLinting, lintGutter, linter } from "@codemirror/lint";
import { StateEffect, type Text } from "@codemirror/state";
import { useEffect, useRef } from "react";
import { useCodeMirror } from "@/components/ui/use-code-mirror";
import { CATALOGUE_DOCS, splitSeeDocs } from "@/lib/flows/editor-help/see-docs";
import { type FlowProblem, validateFlowSource } from "@/lib/flows/validation";
import { flowHelp } from "./flow-help";

export type EditorProblem = FlowProblem;

// asks the linter to run again although the text did not change (new refusals from the server)
const relint = StateEffect.define<null>();

/** A problem's 1-based line and column as a range of the document: from the column to the line's end. */
function toDiagnostic(doc: Text, p: FlowProblem): Diagnostic {
  const line = doc.line(Math.min(Math.max(p.line ?? 1, 1), doc.lines));
  const from = Math.min(line.from + Math.max((p.column ?? 1) - 1, 0), line.to);
  const to = from < line.to ? line.to : Math.min(from + 1, doc.length);
  const message = p.path ? `${p.path}: ${p.message}` : p.message;
  return { from, to: Math.max(to, from), severity: p.severity ?? "error", message, renderMessage: () => withDocsLink(message), source: "flow" };
}

/** The message, its "see docs" a link to the catalogue's documentation. */
function withDocsLink(message: string): Node {
  const parts = splitSeeDocs(message);
  if (!parts) return document.createTextNode(message);
  const span = document.createElement("span");
  const link = document.createElement("a");
  link.href = CATALOGUE_DOCS;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  link.textContent = parts.words;
  link.style.textDecoration = "underline";
  span.append(parts.before, link, parts.after);
  return span;
}

function flowProblems(text: string): FlowProblem[] {
  const result = validateFlowSource(text);
  // a valid flow may still carry warnings (a malformed expression): marked, but it saves
  return result.ok ? (result.warnings ?? []) : result.problems;
}

/**
 * The flow's YAML in CodeMirror 6: highlighting, and the flow validator run while typing, its
 * problems marked at their line. `serverProblems` are the save's refusals, shown until the text
 * changes. The document is the parent's `value`; edits come back through `onChange`.
 */
export default function YamlEditor({
  value,
  onChange,
  onProblems,
  serverProblems,
  readOnly = false,
  onSave,
  label,
  validate = flowProblems,
  revalidate,
  testId = "flow-editor",
  help = false,
}: {
  value: string;
  onChange?: (text: string) => void;
  onProblems?: (problems: FlowProblem[]) => void;
  serverProblems?: { source: string; problems: FlowProblem[] } | null;
  readOnly?: boolean;
  onSave?: () => void;
  label: string;
  /** what the linter reports while typing (the flow validator unless told otherwise) */
  validate?: (text: string) => FlowProblem[];
  /** when this changes, the text is validated again (what `validate` checks with has changed) */
  revalidate?: unknown;
  testId?: string;
  /** completion and documentation of the flow catalogue's types and properties */
  help?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  // the linter reads the latest props without rebuilding the editor
  const props = useRef({ onProblems, serverProblems, validate });
  useEffect(() => {
    props.current = { onProblems, serverProblems, validate };
  });
  const view = useCodeMirror(host, {
    value,
    readOnly,
    label,
    onChange,
    onSave,
    extensions: () => [
      yaml(),
      linter(
        (v) => {
          const text = v.state.doc.toString();
          const problems = props.current.validate(text);
          props.current.onProblems?.(problems);
          const server = props.current.serverProblems;
          // the server's refusals that the validator cannot see (a changed namespace, say)
          const extra =
            server && server.source === text
              ? server.problems.filter((s) => !problems.some((p) => p.line === s.line && p.message === s.message))
              : [];
          return [...problems, ...extra].map((p) => toDiagnostic(v.state.doc, p));
        },
        { delay: 250, needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(relint))) },
      ),
      lintGutter(),
      ...(help ? flowHelp() : []),
    ],
  });

  // new refusals from the server, or new rules: mark them now rather than at the next keystroke
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch({ effects: relint.of(null) });
    forceLinting(v);
  }, [serverProblems, revalidate]);

  return <div ref={host} data-testid={testId} className="overflow-hidden rounded-lg border border-slate-200 bg-white" />;
}
