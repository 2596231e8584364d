"use client";
import { useState } from "react";
import { DiffView } from "@/components/flows/editor-parts";

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <p className="text-xs italic text-slate-500">nothing</p>;
  return (
    <pre className="max-h-80 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-all text-slate-700">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

const sourceOf = (v: unknown) =>
  v && typeof v === "object" && typeof (v as { source?: unknown }).source === "string" ? (v as { source: string }).source : null;

/**
 * An entry's before and after, opened on demand. A flow's change is its YAML side by side (the
 * editor loads only when opened); anything else is the stored JSON, before beside after.
 */
export function ChangeDetails({ resourceType, before, after, masked }: { resourceType: string; before: unknown; after: unknown; masked?: string }) {
  const [open, setOpen] = useState(false);
  const yamlBefore = sourceOf(before);
  const yamlAfter = sourceOf(after);
  const flowDiff = resourceType === "FLOW" && (yamlBefore !== null || yamlAfter !== null);
  const revisionOf = (v: unknown) => (v && typeof v === "object" && "revision" in v ? ` (revision ${String((v as { revision: unknown }).revision)})` : "");
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer text-xs font-medium text-indigo-700 select-none hover:text-indigo-600">Show change</summary>
      {masked && (
        <p className="mt-2 text-xs text-slate-600 italic" data-testid="audit-masked">
          Hidden: {masked}
        </p>
      )}
      {open && flowDiff ? (
        <div className="mt-2 min-w-[36rem]" data-testid="audit-flow-diff">
          <div className="mb-1 grid grid-cols-2 gap-2 text-xs font-semibold text-slate-600">
            <p>Before{revisionOf(before)}</p>
            <p>After{revisionOf(after)}</p>
          </div>
          <DiffView a={yamlBefore ?? ""} b={yamlAfter ?? ""} labelA={`Before${revisionOf(before)}`} labelB={`After${revisionOf(after)}`} />
        </div>
      ) : (
        open && (
          <div className="mt-2 grid min-w-[28rem] grid-cols-2 gap-2" data-testid="audit-diff">
            <div>
              <p className="mb-1 text-xs font-semibold text-slate-600">Before</p>
              <Json value={before} />
            </div>
            <div>
              <p className="mb-1 text-xs font-semibold text-slate-600">After</p>
              <Json value={after} />
            </div>
          </div>
        )
      )}
    </details>
  );
}
