"use client";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** Shown when a list could not be fetched again, e.g. because the user's own access changed. */
export function RefreshFailed({ failed }: { failed: boolean }) {
  if (!failed) return null;
  return (
    <Notice
      tone="warning"
      title="This page could not be refreshed and may be out of date; your own access may have changed."
      testId="refresh-failed"
      className="mb-4"
      actions={
        <Button type="button" variant="secondary" onClick={() => window.location.reload()}>
          Reload
        </Button>
      }
    />
  );
}
