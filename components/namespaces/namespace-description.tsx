"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Action } from "@/components/flows/editor-parts";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { errorMessage, unwrap } from "@/lib/actions/client";

type Namespace = { name: string; explicit: boolean; description: string; version: number };

/**
 * A namespace's description: editable in place for an explicit namespace and a user with
 * NAMESPACE:UPDATE; an implicit one can be created (made explicit) by a user with NAMESPACE:CREATE.
 */
export function NamespaceDescription({
  tenant,
  namespace,
  canUpdate,
  canCreate,
  update,
  create,
}: {
  tenant: string;
  namespace: Namespace;
  canUpdate: boolean;
  canCreate: boolean;
  update: Action<{ tenant: string; name: string; description: string; version: number }, unknown>;
  create: Action<{ tenant: string; name: string }, unknown>;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(namespace.description);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      unwrap(await update({ tenant, name: namespace.name, description: text, version: namespace.version }));
    } catch (e) {
      return setError(errorMessage(e, { 412: "Someone else changed this namespace meanwhile: reload the page and edit again." }));
    } finally {
      setBusy(false);
    }
    setEditing(false);
    router.refresh();
  }

  async function makeExplicit() {
    setBusy(true);
    setError(null);
    try {
      unwrap(await create({ tenant, name: namespace.name }));
    } catch (e) {
      return setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
    router.refresh();
  }

  if (!namespace.explicit) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-500">
          This namespace is <span className="font-medium text-slate-600">implicit</span>: used by flows, not created. Create it to give it a
          description and, later, variables and settings of its own.
        </p>
        {canCreate && (
          <Button variant="secondary" type="button" onClick={makeExplicit} disabled={busy}>
            {busy ? "Creating…" : "Create namespace"}
          </Button>
        )}
        {error && <p role="alert" className="w-full text-sm text-red-600">{error}</p>}
      </div>
    );
  }

  if (editing) {
    return (
      <div className="space-y-3">
        <label htmlFor="ns-desc" className="sr-only">
          Description
        </label>
        <TextArea id="ns-desc" rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
        {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
        <div className="flex gap-2">
          <Button type="button" onClick={save} disabled={busy}>
            {busy ? "Saving…" : "Save description"}
          </Button>
          <Button
            variant="ghost"
            type="button"
            onClick={() => {
              setEditing(false);
              setText(namespace.description);
              setError(null);
            }}
          >
            Cancel
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="flex items-start justify-between gap-4">
      <p className={`whitespace-pre-line text-sm ${namespace.description ? "text-slate-700" : "text-slate-500"}`} data-testid="namespace-description">
        {namespace.description || "No description."}
      </p>
      {canUpdate && (
        <Button
          variant="secondary"
          type="button"
          onClick={() => {
            setText(namespace.description);
            setEditing(true);
          }}
        >
          Edit description
        </Button>
      )}
    </div>
  );
}
