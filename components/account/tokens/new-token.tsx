"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The one time a token is shown: a copyable box and a clear warning. */
export function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section
      aria-labelledby="new-token-title"
      data-testid="new-token"
      className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 p-4"
    >
      <h2 id="new-token-title" className="text-sm font-semibold text-emerald-900">
        Token “{name}” created
      </h2>
      <p className="mt-1 text-sm text-emerald-800">
        <strong>Store it now:</strong> this is the only time Tenantflow shows this token. Only its hash is kept, so it cannot be
        shown again; if you lose it, revoke it and create a new one.
      </p>
      <div className="mt-3 flex gap-2">
        <label htmlFor="new-token-value" className="sr-only">
          Your new API token
        </label>
        <input
          id="new-token-value"
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          className="block w-full rounded-md border-0 bg-white px-3 py-1.5 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-emerald-300 focus:ring-2 focus:ring-inset focus:ring-emerald-600"
        />
        <Button variant="secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
      <p className="mt-2 text-xs text-emerald-800" aria-live="polite">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "The browser refused the clipboard: select the token and copy it yourself."
            : (
              <>
                Send it in the header <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
              </>
            )}
      </p>
    </section>
  );
}
