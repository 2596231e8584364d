export default function Loading() {
  return (
    <>
      <div className="mb-6">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Dashboard</h1>
        <div className="mt-2 h-3 w-72 animate-pulse rounded bg-slate-200" />
      </div>
      <div className="space-y-6" aria-busy="true" aria-label="Loading the dashboard">
        <div className="h-[330px] animate-pulse rounded-lg border border-slate-200 bg-white" />
        <div className="grid gap-6 lg:grid-cols-2">
          <div className="h-48 animate-pulse rounded-lg border border-slate-200 bg-white" />
          <div className="h-48 animate-pulse rounded-lg border border-slate-200 bg-white" />
        </div>
      </div>
    </>
  );
}
