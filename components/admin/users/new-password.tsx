"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The one time a reset password is shown: a copyable box and a clear warning. */
export function NewPassword({ username, password, onDone }: { username: string; password: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(password);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section aria-labelledby="new-password-title" data-testid="new-password" className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 p-4">
      <h2 id="new-password-title" className="text-sm font-semibold text-emerald-900">
        New password for {username}
      </h2>
      <p className="mt-1 text-sm text-emerald-800">
        <strong>Give it to the user now:</strong> this is the only time Tenantflow shows it. They can change it from their account page.
      </p>
      <div className="mt-3 flex flex-wrap gap-2 sm:flex-nowrap">
        <label htmlFor="new-password-value" className="sr-only">
          New password
        </label>
        <input
          id="new-password-value"
          readOnly
          value={password}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          className="block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-emerald-300 focus:ring-2 focus:ring-inset focus:ring-emerald-600"
        />
        <Button variant="secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
      <p className="mt-2 text-xs text-emerald-800" aria-live="polite">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "The browser refused the clipboard: select the password and copy it yourself." : null}
      </p>
    </section>
  );
}
