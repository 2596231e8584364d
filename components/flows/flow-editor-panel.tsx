"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { FlowProblem } from "@/lib/flows/validation";
import { AppliedDefaults } from "./applied-defaults";
import { ProblemList, YamlEditor } from "./editor-parts";
import { Notice } from "@/components/ui/notice";
import { useFlowValidation } from "./use-flow-validation";

/** What the last save attempt led to. */
export type SaveOutcome =
  | { kind: "saved"; revision: number }
  | { kind: "unchanged"; revision: number }
  | { kind: "conflict"; revision: number | null }
  | { kind: "refused"; message: string; problems: FlowProblem[]; source: string }
  | { kind: "error"; message: string };

/**
 * The YAML editor with its save bar, banners and problem list. The text is the parent's (it
 * survives tab switches and a refused save); a read-only user gets the editor without Save.
 */
export function FlowEditorPanel({
  tenant,
  text,
  onChange,
  base,
  dirty,
  canSave,
  readOnlyReason,
  saving,
  outcome,
  onSave,
  onDiscard,
  onLoadLatest,
  onDismiss,
  saveLabel = "Save",
}: {
  tenant: string;
  text: string;
  onChange: (t: string) => void;
  base: number | null;
  dirty: boolean;
  canSave: boolean;
  readOnlyReason?: string;
  saving: boolean;
  outcome: SaveOutcome | null;
  onSave: () => void;
  onDiscard?: () => void;
  onLoadLatest?: () => void;
  onDismiss: () => void;
  saveLabel?: string;
}) {
  const [problems, setProblems] = useState<FlowProblem[]>([]);
  const [copied, setCopied] = useState(false);
  const { validate, applied, revalidate } = useFlowValidation(tenant, text);
  const refused = outcome?.kind === "refused" && outcome.source === text ? outcome : null;

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-500">
          {base ? (
            <>
              {canSave ? "Editing from revision" : "Viewing revision"} <span className="font-mono font-medium text-slate-700">{base}</span>
            </>
          ) : (
            "New flow"
          )}
          {dirty && <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">Unsaved changes</span>}
        </p>
        {canSave && (
          <div className="flex gap-2">
            {dirty && onDiscard && (
              <Button variant="ghost" type="button" onClick={onDiscard} disabled={saving}>
                Discard changes
              </Button>
            )}
            <Button type="button" onClick={onSave} disabled={saving} title="Save (Ctrl+S)">
              {saving ? "Saving…" : saveLabel}
            </Button>
          </div>
        )}
      </div>

      {!canSave && readOnlyReason && (
        <Notice tone="info" title="Read only" testId="read-only-notice">
          {readOnlyReason}
        </Notice>
      )}
      {outcome?.kind === "saved" && (
        <Notice tone="success" title={`Saved revision ${outcome.revision}`} onDismiss={onDismiss} testId="save-notice" />
      )}
      {outcome?.kind === "unchanged" && (
        <Notice tone="info" title={`Nothing to save: the flow is already at revision ${outcome.revision} with this text`} onDismiss={onDismiss} />
      )}
      {outcome?.kind === "conflict" && (
        <Notice
          tone="warning"
          testId="conflict-banner"
          title={`This flow was changed by someone else${outcome.revision ? ` (now revision ${outcome.revision})` : ""}.`}
          actions={
            <>
              <Button variant="secondary" type="button" onClick={copy}>
                {copied ? "Copied" : "Copy my changes"}
              </Button>
              {onLoadLatest && (
                <Button variant="secondary" type="button" onClick={onLoadLatest}>
                  Reload their version{outcome.revision ? ` (revision ${outcome.revision})` : ""}
                </Button>
              )}
            </>
          }
        >
          Your text is kept; reload to see their version or copy your changes. Nothing was saved.
        </Notice>
      )}
      {refused && (
        <Notice tone="error" title="Save refused" testId="save-refused">
          {refused.message}. Fix the problems marked in the editor and listed below, then save again.
        </Notice>
      )}
      {outcome?.kind === "error" && <Notice tone="error" title="Not saved" onDismiss={onDismiss}>{outcome.message}</Notice>}

      <YamlEditor
        value={text}
        onChange={onChange}
        onProblems={setProblems}
        validate={validate}
        revalidate={revalidate}
        serverProblems={refused ? { source: refused.source, problems: refused.problems } : null}
        readOnly={!canSave}
        onSave={onSave}
        label="Flow YAML"
        help
      />
      <ProblemList problems={refused ? refused.problems : problems} />
      <AppliedDefaults applied={applied} />
    </div>
  );
}
