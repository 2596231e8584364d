"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type Action, ProblemList, YamlEditor } from "@/components/flows/editor-parts";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { FlowProblem } from "@/lib/flows/validation";
import { parseSettingsYaml, type SettingsKind } from "@/lib/namespaces/settings-yaml";
import { type SaveMessage, SaveBar } from "./save-bar";
import { errorMessage, unwrap } from "@/lib/actions/client";

export type SettingsAction = Action<
  { tenant: string; name: string; version: number; changes: Record<string, unknown> },
  { version: number }
>;

const problemsOf = (kind: SettingsKind) => (text: string) => {
  const r = parseSettingsYaml(kind, text);
  return r.ok ? [] : r.problems;
};

/**
 * A namespace's own variables or plugin defaults, edited as YAML with problems marked while typing;
 * saving sends the parsed value with the version it started from (a stale edit is refused).
 */
export function SettingsYamlPanel({
  tenant,
  namespace,
  kind,
  initial,
  version,
  canEdit,
  save,
  label,
}: {
  tenant: string;
  namespace: string;
  kind: SettingsKind;
  initial: string;
  version: number;
  canEdit: boolean;
  save: SettingsAction;
  label: string;
}) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FlowProblem[]>([]);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  // A newer version arrives after a save (the page refreshes): the editor takes its text, as the
  // server formats it, unless the user typed meanwhile. The panel stays mounted, so the outcome of
  // the save stays on screen.
  const [seen, setSeen] = useState({ version, initial, saved: null as string | null });
  if (seen.version !== version) {
    if (text === seen.initial || text === seen.saved) setText(initial);
    setSeen({ version, initial, saved: null });
  }
  // the text just saved is not unsaved, even before the page's refresh brings it back as `initial`
  const dirty = text !== initial && text !== seen.saved;
  useUnsavedChanges(canEdit && dirty);

  async function onSave() {
    const parsed = parseSettingsYaml(kind, text);
    if (!parsed.ok) {
      setProblems(parsed.problems);
      return setMessage({ tone: "error", text: "Fix the problems marked in the editor first." });
    }
    setBusy(true);
    setMessage(null);
    try {
      unwrap(await save({ tenant, name: namespace, version, changes: { [kind]: parsed.value } }));
    } catch (e) {
      return setMessage({
        tone: "error",
        text: errorMessage(e, { 412: "Someone else changed this namespace meanwhile. Copy your text, reload the page and apply it again." }),
      });
    } finally {
      setBusy(false);
    }
    setSeen((s) => ({ ...s, saved: text }));
    setMessage({ tone: "ok", text: "Saved." });
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <YamlEditor
        value={text}
        onChange={(t) => {
          setText(t);
          setMessage(null);
        }}
        onProblems={setProblems}
        validate={problemsOf(kind)}
        readOnly={!canEdit}
        onSave={canEdit ? onSave : undefined}
        label={label}
        testId={`${kind}-editor`}
      />
      {problems.length > 0 && <ProblemList problems={problems} />}
      {canEdit && (
        <SaveBar label="Save" onSave={onSave} busy={busy} disabled={!dirty} message={message}>
          {dirty && !busy && <span className="text-xs text-slate-500">Unsaved changes</span>}
        </SaveBar>
      )}
    </div>
  );
}
