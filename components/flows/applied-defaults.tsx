import { type AppliedDefault, describeOrigin } from "@/lib/flows/validation";

/** Which properties of which task came from plugin defaults, and from where (the flow's or a namespace's). */
export function AppliedDefaults({ applied }: { applied: AppliedDefault[] }) {
  if (applied.length === 0) return null;
  return (
    <div className="rounded-lg border border-sky-200 bg-white" data-testid="applied-defaults">
      <p className="rounded-t-lg border-b border-sky-100 bg-sky-50 px-4 py-2 text-sm font-medium text-sky-900">
        Set by plugin defaults ({applied.length} propert{applied.length === 1 ? "y" : "ies"})
      </p>
      <ul className="divide-y divide-slate-100 text-sm">
        {applied.map((d) => (
          <li key={`${d.path}#${d.property}`} className="flex gap-3 px-4 py-2">
            <span className="w-28 shrink-0 font-mono text-xs leading-5 text-sky-800">{d.line ? `Line ${d.line}` : "Flow"}</span>
            <span className="min-w-0 text-slate-700">
              <code className="mr-1.5 rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-600">{d.id ?? d.path}</code>
              <span className="font-medium">{d.property}</span>: {describeOrigin(d)}
              {d.overrides && <span className="text-amber-700"> (replaces the value written in the flow)</span>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
