"use client";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * The one time a secret value is shown (a new API token, a reset password): a copyable box and a
 * clear warning. `id` names the section (its test id), its title (`-title`) and its box (`-value`).
 */
export function ShownOnce({
  id,
  title,
  warning,
  label,
  value,
  what,
  hint,
  onDone,
}: {
  id: string;
  title: ReactNode;
  warning: ReactNode;
  /** the box's accessible name */
  label: string;
  value: string;
  /** what the value is, in "select the … and copy it yourself" */
  what: string;
  /** shown under the box until something is copied */
  hint?: ReactNode;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} data-testid={id} className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 p-4">
      <h2 id={`${id}-title`} className="text-sm font-semibold text-emerald-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-emerald-800">{warning}</p>
      <div className="mt-3 flex flex-wrap gap-2 sm:flex-nowrap">
        <label htmlFor={`${id}-value`} className="sr-only">
          {label}
        </label>
        <input
          id={`${id}-value`}
          readOnly
          value={value}
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
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? `The browser refused the clipboard: select the ${what} and copy it yourself.` : (hint ?? null)}
      </p>
    </section>
  );
}
