// The house table: a white card with a grey header row, as on the flows page. A wide table scrolls
// inside its card; the card is `relative` so that absolutely positioned content (the sr-only
// column labels) is clipped by it instead of widening the page on a phone. The card takes focus so
// that a keyboard can scroll it too (arrow keys), where the table holds no link or button to tab to.

export function Table({ children, testId, label }: { children: React.ReactNode; testId?: string; label?: string }) {
  return (
    <div tabIndex={0} className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId} aria-label={label}>
        {children}
      </table>
    </div>
  );
}

export function THead({ columns }: { columns: { label: string; srOnly?: boolean; align?: "right" }[] }) {
  return (
    <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
      <tr>
        {columns.map((c) => (
          <th key={c.label} scope="col" className={`px-4 py-2 ${c.align === "right" ? "text-right" : ""}`}>
            {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export const tbodyClass = "divide-y divide-slate-100";
export const tdClass = "px-4 py-2.5 align-middle";

/**
 * Placeholder rows while a table's first page loads: one grey bar per column, `cells` giving each
 * bar's classes (its width, height, shape and shade).
 */
export function TableSkeleton({ label, testId, cells, rows = 6 }: { label: string; testId: string; cells: string[]; rows?: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white" aria-busy="true" aria-label={label} data-testid={testId}>
      <div className="h-9 border-b border-slate-200 bg-slate-50" />
      <div className="divide-y divide-slate-100">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex animate-pulse items-center gap-6 px-4 py-3.5">
            {cells.map((c, j) => (
              <div key={j} className={c} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
