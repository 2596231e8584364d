"use client";
import { Button } from "@/components/ui/button";

/** Shown when a list could not be fetched again, e.g. because the user's own access changed. */
export function RefreshFailed({ failed }: { failed: boolean }) {
  if (!failed) return null;
  return (
    <div role="alert" className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <span>This page could not be refreshed and may be out of date; your own access may have changed.</span>
      <Button type="button" variant="secondary" onClick={() => window.location.reload()}>
        Reload
      </Button>
    </div>
  );
}
