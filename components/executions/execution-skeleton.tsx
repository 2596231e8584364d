/** The execution page while it loads: the header, the tabs and the timeline's shape. */
export function ExecutionSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the execution">
      <div className="mb-6">
        <div className="h-6 w-64 animate-pulse rounded bg-slate-200" />
        <div className="mt-2 h-3 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <div className="mb-5 flex gap-3 border-b border-slate-200 pb-2">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-5 w-20 animate-pulse rounded bg-slate-200" />
        ))}
      </div>
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className="flex items-center gap-4">
            <div className="h-4 w-40 animate-pulse rounded bg-slate-200" />
            <div className="h-4 flex-1 animate-pulse rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
