"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { BackendFields, draftOf, toBackends } from "@/components/backends/backend-fields";
import { Field, TextInput } from "@/components/ui/field";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { SecretConfig, StorageConfig } from "@/lib/backends/config";
import type { SettingsAction } from "./settings-yaml-panel";
import { type SaveMessage, SaveBar } from "./save-bar";
import { errorMessage, failureOf, unwrap } from "@/lib/actions/client";

/** The namespace's own dedicated backends (a superadmin chooses them; others see them). */
export function NamespaceBackendsForm({
  tenant,
  namespace,
  storage,
  secrets,
  workerGroup,
  version,
  canEdit,
  save,
}: {
  tenant: string;
  namespace: string;
  storage: StorageConfig | null;
  secrets: SecretConfig | null;
  /** its own default worker group (null: inherited) */
  workerGroup: string | null;
  version: number;
  canEdit: boolean;
  save: SettingsAction;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState(() => ({ ...draftOf(storage, secrets), workerGroup: workerGroup ?? "" }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  // what was last loaded or saved, to tell unsaved changes
  const [saved, setSaved] = useState(() => JSON.stringify(draft));
  const dirty = JSON.stringify(draft) !== saved;
  useUnsavedChanges(canEdit && dirty);
  // a newer version from the server replaces what is shown unless the user is editing; the form
  // stays mounted, so "Saved." stays on screen
  const server = JSON.stringify({ ...draftOf(storage, secrets), workerGroup: workerGroup ?? "" });
  const [shown, setShown] = useState(server);
  if (server !== shown) {
    setShown(server);
    if (!dirty) {
      setDraft({ ...draftOf(storage, secrets), workerGroup: workerGroup ?? "" });
      setSaved(server);
    }
  }

  async function submit() {
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      unwrap(await save({ tenant, name: namespace, version, changes: { ...toBackends(draft), workerGroup: draft.workerGroup.trim() || null } }));
    } catch (e) {
      setErrors(Object.fromEntries(failureOf(e).details.filter((d) => d.path).map((d) => [d.path!, d.message])));
      return setMessage({ tone: "error", text: errorMessage(e, { 412: "Someone else changed this namespace meanwhile: reload the page and try again." }) });
    } finally {
      setBusy(false);
    }
    setSaved(JSON.stringify(draft));
    setMessage({ tone: "ok", text: "Saved." });
    router.refresh();
  }

  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="namespace-backends">
      <BackendFields value={draft} onChange={(d) => setDraft({ ...d, workerGroup: draft.workerGroup })} inheritLabel="Inherit (parent namespace, tenant or instance default)" errors={errors} disabled={!canEdit} />
      <Field
        label="Default worker group"
        htmlFor={`${namespace}-worker-group`}
        error={errors.workerGroup}
        hint="The group of the tasks here and below that name none (workerGroup.key). Empty: inherited from the parent namespace or the tenant."
      >
        <TextInput
          id={`${namespace}-worker-group`}
          value={draft.workerGroup}
          onChange={(e) => setDraft({ ...draft, workerGroup: e.target.value })}
          disabled={!canEdit}
          placeholder="inherit"
          className="font-mono"
          aria-invalid={!!errors.workerGroup}
        />
      </Field>
      {canEdit ? (
        <SaveBar label="Save backends" onSave={submit} busy={busy} message={message} />
      ) : (
        <p className="text-xs text-slate-500">Backends name the instance&apos;s infrastructure: only a superadmin can change them, and the default worker group.</p>
      )}
    </div>
  );
}
