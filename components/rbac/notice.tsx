"use client";

/** Success feedback: a polite live region that is always present, so screen readers announce it. */
export function Notice({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  return (
    <div role="status" aria-live="polite">
      {message && (
        <div className="mb-4 flex items-start justify-between gap-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          <span className="flex items-center gap-2">
            <svg viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-emerald-600" aria-hidden="true">
              <path d="M5 10l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" />
            </svg>
            <span data-testid="notice">{message}</span>
          </span>
          <button
            type="button"
            onClick={onDismiss}
            aria-label="Dismiss"
            className="rounded px-1 text-emerald-700 hover:bg-emerald-100 focus-visible:outline-2 focus-visible:outline-emerald-600"
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
