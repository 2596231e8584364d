export default function Loading() {
  return (
    <>
      <div className="mb-6">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Triggers</h1>
        <div className="mt-2 h-3 w-72 animate-pulse rounded bg-slate-200" />
      </div>
      <div className="mb-4 h-[62px] animate-pulse rounded-lg border border-slate-200 bg-white" />
      <div className="h-64 animate-pulse rounded-lg border border-slate-200 bg-white" />
    </>
  );
}
