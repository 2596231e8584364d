"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { namespaceSchema } from "@/lib/namespaces/schemas";
import type { SettingsAction } from "./settings-yaml-panel";
import { type SaveMessage, SaveBar } from "./save-bar";
import { errorMessage, unwrap } from "@/lib/actions/client";

/** Who may use this namespace's KV, files, secrets and flows (as subflows): everyone, or a list. */
export function AllowedNamespacesForm({
  tenant,
  namespace,
  initial,
  version,
  canEdit,
  save,
}: {
  tenant: string;
  namespace: string;
  initial: string[] | null;
  version: number;
  canEdit: boolean;
  save: SettingsAction;
}) {
  const router = useRouter();
  const [restricted, setRestricted] = useState(initial !== null);
  const [list, setList] = useState<string[]>(initial ?? []);
  const [entry, setEntry] = useState("");
  const [entryError, setEntryError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  // what was last loaded or saved, to tell unsaved changes (a name typed but not added counts too)
  const [saved, setSaved] = useState(() => JSON.stringify(initial));
  const dirty = JSON.stringify(restricted ? list : null) !== saved || entry.trim() !== "";
  useUnsavedChanges(canEdit && dirty);
  // a newer version from the server (this save's refresh, or someone else's) replaces what is shown
  // unless the user is editing; the form stays mounted, so "Saved." stays on screen
  const server = JSON.stringify(initial);
  const [shown, setShown] = useState(server);
  if (server !== shown) {
    setShown(server);
    if (!dirty) {
      setRestricted(initial !== null);
      setList(initial ?? []);
      setSaved(server);
    }
  }

  function add() {
    const r = namespaceSchema.safeParse(entry.trim());
    if (!r.success) return setEntryError(r.error.issues[0].message);
    if (!list.includes(r.data)) setList([...list, r.data].sort());
    setEntry("");
    setEntryError(null);
  }

  async function submit() {
    setBusy(true);
    setMessage(null);
    try {
      unwrap(await save({ tenant, name: namespace, version, changes: { allowedNamespaces: restricted ? list : null } }));
    } catch (e) {
      return setMessage({ tone: "error", text: errorMessage(e, { 412: "Someone else changed this namespace meanwhile: reload the page and try again." }) });
    } finally {
      setBusy(false);
    }
    setSaved(JSON.stringify(restricted ? list : null));
    setMessage({ tone: "ok", text: "Saved." });
    router.refresh();
  }

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="allowed-namespaces">
      <fieldset disabled={!canEdit} className="space-y-2">
        <legend className="sr-only">Allowed namespaces</legend>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="allowed" checked={!restricted} onChange={() => setRestricted(false)} />
          Every namespace of the tenant
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="allowed" checked={restricted} onChange={() => setRestricted(true)} />
          Only these namespaces (and their descendants)
        </label>
      </fieldset>
      {restricted && (
        <div className="space-y-2 pl-6">
          {list.length === 0 ? (
            <p className="text-sm text-amber-700">No namespace listed: only {namespace} itself may use its resources.</p>
          ) : (
            <ul className="flex flex-wrap gap-1.5" aria-label="Allowed namespaces">
              {list.map((n) => (
                <li key={n} className="flex items-center gap-1 rounded-md bg-slate-100 py-0.5 pl-2 pr-1 font-mono text-xs text-slate-700">
                  {n}
                  {canEdit && (
                    <button type="button" aria-label={`Remove ${n}`} onClick={() => setList(list.filter((x) => x !== n))} className="rounded px-1 text-slate-400 hover:text-red-600">
                      ×
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {canEdit && (
            <div className="flex max-w-md items-start gap-2">
              <div className="flex-1">
                <label htmlFor="allowed-entry" className="sr-only">
                  Namespace to allow
                </label>
                <TextInput
                  id="allowed-entry"
                  value={entry}
                  placeholder="e.g. company.data"
                  aria-invalid={!!entryError}
                  onChange={(e) => setEntry(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      add();
                    }
                  }}
                />
                {entryError && <p className="mt-1 text-sm text-red-600">{entryError}</p>}
              </div>
              <Button type="button" variant="secondary" onClick={add}>
                Add
              </Button>
            </div>
          )}
        </div>
      )}
      {canEdit && (
        <SaveBar label="Save allowed namespaces" onSave={submit} busy={busy} message={message} />
      )}
    </div>
  );
}
