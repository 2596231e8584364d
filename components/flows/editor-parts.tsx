"use client";
import dynamic from "next/dynamic";
import type { ActionResult } from "@/lib/actions/result";
import type { ErrorDetail } from "@/lib/errors";
import { CATALOGUE_DOCS, splitSeeDocs } from "@/lib/flows/editor-help/see-docs";
import type { FlowProblem } from "@/lib/flows/validation";

export type Action<I, T> = (input: I) => Promise<ActionResult<T>>;

function EditorLoading({ height = 440 }: { height?: number }) {
  return (
    <div className="flex animate-pulse flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4" style={{ height }} aria-busy="true">
      {[60, 45, 70, 30, 55, 40].map((w, i) => (
        <div key={i} className="h-3 rounded bg-slate-100" style={{ width: `${w}%` }} />
      ))}
    </div>
  );
}

// CodeMirror runs in the browser only, bundled from the npm packages
export const YamlEditor = dynamic(() => import("./yaml-editor"), { ssr: false, loading: () => <EditorLoading /> });
export const DiffView = dynamic(() => import("./diff-view"), { ssr: false, loading: () => <EditorLoading height={240} /> });

/**
 * An action's error details as editor problems. A refusal about a top-level field without a
 * position (a changed namespace or id) is placed on the line that sets that field.
 */
export function toProblems(details: ErrorDetail[], source: string): FlowProblem[] {
  const lines = source.split("\n");
  return details.map((d) => {
    const problem = { path: d.path ?? "", line: d.line, column: d.column, message: d.message };
    if (problem.line === undefined && /^[A-Za-z_]+$/.test(problem.path)) {
      const at = lines.findIndex((l) => new RegExp(`^${problem.path}\\s*:`).test(l));
      if (at >= 0) return { ...problem, line: at + 1, column: 1 };
    }
    return problem;
  });
}

/** The problems below the editor, each with the line it is on. */
export function ProblemList({ problems, title }: { problems: FlowProblem[]; title?: string }) {
  if (problems.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-emerald-700" data-testid="problem-list-empty">
        <span aria-hidden className="flex h-4 w-4 items-center justify-center rounded-full bg-emerald-100 text-[10px]">✓</span>
        No problems: the flow is valid.
      </p>
    );
  }
  // warnings only (malformed expressions): the flow saves, so they are shown in amber, not red
  const warningsOnly = problems.every((p) => p.severity === "warning");
  return (
    <div className={`rounded-lg border bg-white ${warningsOnly ? "border-amber-200" : "border-red-200"}`} data-testid="problem-list">
      <p
        className={`border-b px-4 py-2 text-sm font-medium rounded-t-lg ${warningsOnly ? "border-amber-100 bg-amber-50 text-amber-800" : "border-red-100 bg-red-50 text-red-800"}`}
      >
        {title ??
          (warningsOnly
            ? `${problems.length} warning${problems.length === 1 ? "" : "s"}: the flow can be saved`
            : `${problems.length} problem${problems.length === 1 ? "" : "s"}`)}
      </p>
      <ul className="divide-y divide-slate-100 text-sm">
        {problems.map((p, i) => (
          <li key={i} className="flex gap-3 px-4 py-2">
            <span className={`w-28 shrink-0 font-mono text-xs leading-5 ${p.severity === "warning" ? "text-amber-700" : "text-red-700"}`}>
              {p.line ? `Line ${p.line}${p.column ? `:${p.column}` : ""}` : "Flow"}
            </span>
            <span className="min-w-0 text-slate-700">
              {p.path && <code className="mr-1.5 rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-600">{p.path}</code>}
              <MessageWithDocsLink message={p.message} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A problem's message, its "see docs" a link to the catalogue's documentation (in a new tab). */
function MessageWithDocsLink({ message }: { message: string }) {
  const parts = splitSeeDocs(message);
  if (!parts) return <>{message}</>;
  return (
    <>
      {parts.before}
      <a href={CATALOGUE_DOCS} target="_blank" rel="noopener noreferrer" className="text-indigo-700 underline hover:text-indigo-900">
        {parts.words}
      </a>
      {parts.after}
    </>
  );
}
