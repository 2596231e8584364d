"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { flowKeys } from "@/lib/query-keys";
import type { FlowDetailData } from "./api";
import { type Action, toProblems } from "./editor-parts";
import { FlowEditorPanel, type SaveOutcome } from "./flow-editor-panel";
import { failureOf, unwrap } from "@/lib/actions/client";

/** The editor for a flow that does not exist yet: saving creates it, then opens its page. */
export function NewFlowEditor({
  tenant,
  template,
  create,
}: {
  tenant: string;
  template: string;
  create: Action<{ tenant: string; source: string }, FlowDetailData>;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState(template);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  // a created flow leaves by router.push, not by a link: no prompt then
  useUnsavedChanges(text !== template && !saving);

  async function save() {
    if (saving) return;
    const source = text;
    setSaving(true);
    setOutcome(null);
    let flow;
    try {
      flow = unwrap(await create({ tenant, source }));
    } catch (e) {
      setSaving(false);
      const failure = failureOf(e);
      if (failure.status === 422 || failure.status === 400) {
        setOutcome({ kind: "refused", message: failure.message, problems: toProblems(failure.details, source), source });
      } else {
        setOutcome({ kind: "error", message: failure.message });
      }
      return;
    }
    void queryClient.invalidateQueries({ queryKey: flowKeys.lists(tenant) });
    router.push(`/ui/${tenant}/flows/${encodeURIComponent(flow.namespace)}/${encodeURIComponent(flow.id)}?created=1`);
  }

  return (
    <FlowEditorPanel
      tenant={tenant}
      text={text}
      onChange={setText}
      base={null}
      dirty={false}
      canSave
      saving={saving}
      outcome={outcome}
      onSave={save}
      onDismiss={() => setOutcome(null)}
      saveLabel="Create flow"
    />
  );
}
