"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, TextInput } from "@/components/ui/field";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { errorMessage, unwrap } from "@/lib/actions/client";
import type { SettingsAction } from "./settings-yaml-panel";
import { type SaveMessage, SaveBar } from "./save-bar";

/** How many executions under this namespace (its descendants included) may run at once; empty: no limit. */
export function ConcurrencyLimitForm({
  tenant,
  namespace,
  initial,
  version,
  canEdit,
  save,
}: {
  tenant: string;
  namespace: string;
  initial: number | null;
  version: number;
  canEdit: boolean;
  save: SettingsAction;
}) {
  const router = useRouter();
  const [value, setValue] = useState(initial === null ? "" : String(initial));
  const [saved, setSaved] = useState(initial === null ? "" : String(initial));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  useUnsavedChanges(canEdit && value.trim() !== saved);

  async function submit() {
    const text = value.trim();
    const limit = text === "" ? null : Number(text);
    if (limit !== null && (!Number.isInteger(limit) || limit < 1)) return setError("Enter a whole number of at least 1, or leave it empty for no limit.");
    setError(null);
    setBusy(true);
    setMessage(null);
    try {
      unwrap(await save({ tenant, name: namespace, version, changes: { concurrencyLimit: limit } }));
    } catch (e) {
      return setMessage({ tone: "error", text: errorMessage(e, { 412: "Someone else changed this namespace meanwhile: reload the page and try again." }) });
    } finally {
      setBusy(false);
    }
    setSaved(text);
    setMessage({ tone: "ok", text: "Saved." });
    router.refresh();
  }

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="namespace-concurrency">
      <div className="max-w-xs">
        <Field label="Executions at once" htmlFor="namespace-concurrency-limit" error={error ?? undefined} hint="Empty: no limit.">
          <TextInput
            id="namespace-concurrency-limit"
            inputMode="numeric"
            value={value}
            disabled={!canEdit}
            placeholder="No limit"
            aria-invalid={!!error}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
      </div>
      {canEdit && <SaveBar label="Save concurrency limit" onSave={submit} busy={busy} message={message} />}
    </div>
  );
}
