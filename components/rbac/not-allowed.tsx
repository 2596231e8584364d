/** Shown instead of an admin page the user may not read: says which permission is missing. */
export function NotAllowed({ permission, what, tenantName }: { permission: string; what: string; tenantName: string }) {
  return (
    <div data-testid="not-allowed" className="rounded-xl border border-slate-200 bg-white px-6 py-14 text-center">
      <div className="mx-auto flex h-10 w-10 items-center justify-center rounded-full bg-amber-50 text-amber-600">
        <svg viewBox="0 0 20 20" className="h-5 w-5" aria-hidden="true">
          <rect x="4.5" y="9" width="11" height="7.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M7 9V6.5a3 3 0 016 0V9" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </div>
      <h2 className="mt-3 text-sm font-semibold text-slate-900">Not allowed</h2>
      <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
        You need <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-700">{permission}</code> to see{" "}
        {what} in {tenantName}. Ask a tenant administrator for a role that grants it.
      </p>
    </div>
  );
}
