"use client";
import { useLinkStatus } from "next/link";

/** Inside a link: a small spinner while the page it leads to is being read. */
export function LinkPending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" data-testid="link-pending" className="inline-block size-3 animate-spin rounded-full border-2 border-indigo-300 border-t-indigo-700">
      <span className="sr-only">Loading</span>
    </span>
  ) : null;
}
