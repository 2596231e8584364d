"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { parse } from "yaml";
import { Button } from "@/components/ui/button";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { flowOutline } from "@/lib/flows/outline";
import { missingPluginTypes, notInstalledMessage } from "@/lib/flows/validation/not-installed";
import { Badge } from "@/components/ui/badge";
import { flowKeys } from "@/lib/query-keys";
import { type FlowDetailData, type RevisionList, fetchFlow, fetchRevisions } from "./api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { type Action, toProblems } from "./editor-parts";
import { FlowEditorPanel, type SaveOutcome } from "./flow-editor-panel";
import { FlowOverview } from "./flow-overview";
import { FlowRevisions } from "./flow-revisions";
import { FlowTopology } from "@/components/topology/flow-topology";
import { Notice } from "@/components/ui/notice";
import { Tabs } from "@/components/ui/tabs";
import { When } from "./when";
import { errorMessage, failureOf, unwrap } from "@/lib/actions/client";
import { ExecuteButton } from "@/components/executions/execute-button";
import type { StartAction } from "@/components/executions/run-dialog";

type FlowRef = { tenant: string; namespace: string; id: string };
type Saved = FlowDetailData & { changed: boolean };
export type FlowActions = {
  save: Action<FlowRef & { source: string; baseRevision: number }, Saved>;
  restore: Action<FlowRef & { revision: number; baseRevision: number }, Saved>;
  remove: Action<FlowRef, unknown>;
};

const TABS = ["overview", "topology", "executions", "triggers", "editor", "revisions"] as const;
type TabKey = (typeof TABS)[number];

/**
 * The flow's outline, and what it uses whose plugin is not installed (it saved, but it cannot run
 * until they are), from one reading of its source.
 */
function readSource(source: string): { outline: ReturnType<typeof flowOutline>; missingPlugins: string[] } {
  let flow: unknown;
  try {
    flow = parse(source, { uniqueKeys: false });
  } catch {
    return { outline: flowOutline(null), missingPlugins: [] };
  }
  let missingPlugins: string[] = [];
  if (flow && typeof flow === "object") {
    try {
      missingPlugins = missingPluginTypes(flow as Record<string, unknown>).map((m) => notInstalledMessage(m.kind, m.type, m.group));
    } catch {
      missingPlugins = [];
    }
  }
  let outline: ReturnType<typeof flowOutline>;
  try {
    outline = flowOutline(flow);
  } catch {
    outline = flowOutline(null);
  }
  return { outline, missingPlugins };
}

/** A flow's page in the browser: overview, editor and revisions, with what the user may do. */
export function FlowDetail({
  tenant,
  initialFlow,
  initialRevisions,
  can,
  actions,
  readOnlyReason,
  created,
  run,
  sections,
  executions,
  triggers,
}: {
  tenant: string;
  initialFlow: FlowDetailData;
  initialRevisions: RevisionList;
  can: { update: boolean; delete: boolean };
  actions: FlowActions;
  readOnlyReason: string;
  created?: boolean;
  /** the Execute button's action, and why the user may not run the flow (null when they may) */
  run?: { action: StartAction; refusal: string | null };
  /**
   * The tabs whose content the server reads when the page is opened on them (`?tab=executions`,
   * `?tab=triggers`): they are links, so a flow's page does not read its executions and triggers
   * for the tabs nobody opened.
   */
  sections: { executions: boolean; triggers: boolean };
  /** the flow's executions list, on its own tab */
  executions?: React.ReactNode;
  /** the flow's triggers, on their own tab */
  triggers?: React.ReactNode;
}) {
  const { namespace, id } = initialFlow;
  const ref = { tenant, namespace, id };
  const router = useRouter();
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const detailKey = flowKeys.detail(tenant, namespace, id);
  const revisionsKey = flowKeys.revisions(tenant, namespace, id);

  const { data: flow } = useQuery({
    queryKey: detailKey,
    queryFn: ({ signal }) => fetchFlow(tenant, namespace, id, signal),
    initialData: initialFlow,
  });
  const [revisionPage, setRevisionPage] = useState(1);
  const { data: revisions = initialRevisions } = useQuery({
    queryKey: flowKeys.revisionPage(tenant, namespace, id, revisionPage),
    queryFn: ({ signal }) => fetchRevisions(tenant, namespace, id, revisionPage, signal),
    initialData: revisionPage === 1 ? initialRevisions : undefined,
    placeholderData: (previous) => previous,
  });
  const { outline, missingPlugins } = useMemo(() => readSource(flow.source), [flow.source]);
  const runRefusal = run?.refusal ?? (missingPlugins.length ? `This flow cannot run: ${missingPlugins[0]}${missingPlugins.length > 1 ? ` (and ${missingPlugins.length - 1} more)` : ""}.` : null);

  const requested = searchParams.get("tab");
  const tab: TabKey = TABS.includes(requested as TabKey) ? (requested as TabKey) : "overview";
  // the editor is mounted on first visit and kept, so its text survives switching tabs
  const [editorOpened, setEditorOpened] = useState(tab === "editor");
  function selectTab(key: string) {
    if (key === "editor") setEditorOpened(true);
    window.history.pushState(null, "", key === "overview" ? window.location.pathname : `?tab=${key}`);
  }

  // the user's document and the revision it is based on: theirs until saved or explicitly reloaded
  const [draft, setDraft] = useState({ text: initialFlow.source, base: initialFlow.revision, baseSource: initialFlow.source });
  const dirty = draft.text !== draft.baseSource;
  useUnsavedChanges(dirty);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [notice, setNotice] = useState<string | null>(created ? `Created ${namespace}.${id} (revision ${initialFlow.revision})` : null);

  function afterWrite(saved: Saved) {
    const { changed: _changed, ...view } = saved;
    queryClient.setQueryData(detailKey, view);
    void queryClient.invalidateQueries({ queryKey: revisionsKey });
    void queryClient.invalidateQueries({ queryKey: flowKeys.lists(tenant) });
  }

  async function save() {
    if (saving || !can.update) return;
    const source = draft.text;
    setSaving(true);
    setOutcome(null);
    let saved;
    let failure = null;
    try {
      saved = unwrap(await actions.save({ ...ref, source, baseRevision: draft.base }));
    } catch (e) {
      failure = failureOf(e);
    }
    if (saved) {
      const { revision, changed } = saved;
      afterWrite(saved);
      setDraft((d) => ({ text: d.text, base: revision, baseSource: source }));
      setOutcome(changed ? { kind: "saved", revision } : { kind: "unchanged", revision });
    } else if (failure?.status === 412) {
      // someone else saved in between: learn which revision the flow is at, keep the user's text
      const latest = await queryClient.fetchQuery({ queryKey: detailKey, queryFn: () => fetchFlow(tenant, namespace, id), staleTime: 0 }).catch(() => null);
      void queryClient.invalidateQueries({ queryKey: revisionsKey });
      setOutcome({ kind: "conflict", revision: latest?.revision ?? null });
    } else if (failure && (failure.status === 422 || failure.status === 400)) {
      setOutcome({ kind: "refused", message: failure.message, problems: toProblems(failure.details, source), source });
    } else if (failure) {
      setOutcome({ kind: "error", message: failure.message });
    }
    setSaving(false);
  }

  function loadLatest() {
    setDraft({ text: flow.source, base: flow.revision, baseSource: flow.source });
    setOutcome(null);
  }

  async function restore(revision: number): Promise<string | null> {
    let restored;
    try {
      restored = unwrap(await actions.restore({ ...ref, revision, baseRevision: flow.revision }));
    } catch (e) {
      if (failureOf(e).status === 412) void queryClient.invalidateQueries({ queryKey: detailKey });
      return errorMessage(e);
    }
    afterWrite(restored);
    // an untouched editor follows; edits in progress stay (their save will meet the conflict check)
    if (!dirty) setDraft({ text: restored.source, base: restored.revision, baseSource: restored.source });
    setNotice(restored.changed ? `Restored revision ${revision} as revision ${restored.revision}` : `Revision ${revision} has the current text: nothing to restore`);
    return null;
  }

  const [deleting, setDeleting] = useState(false);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  async function remove() {
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      unwrap(await actions.remove(ref));
    } catch (e) {
      return setDeleteError(errorMessage(e));
    } finally {
      setDeleteBusy(false);
    }
    queryClient.removeQueries({ queryKey: detailKey });
    void queryClient.invalidateQueries({ queryKey: flowKeys.lists(tenant) });
    router.push(`/ui/${tenant}/flows?namespace=${encodeURIComponent(namespace)}`);
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1.5 text-sm text-slate-500">
        <Link href={`/ui/${tenant}/flows`} className="hover:text-indigo-600">
          Flows
        </Link>
        <span aria-hidden>/</span>
        <Link href={`/ui/${tenant}/namespaces/${encodeURIComponent(namespace)}`} className="font-mono hover:text-indigo-600">
          {namespace}
        </Link>
      </nav>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="font-mono text-xl font-semibold tracking-tight break-all text-slate-900">{id}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-500">
            <span>
              Revision <span className="font-mono font-medium text-slate-700" data-testid="current-revision">{flow.revision}</span>
            </span>
            <span aria-hidden>·</span>
            <span>
              changed <When date={flow.updated} />
            </span>
            {missingPlugins.length > 0 && (
              <span data-testid="not-runnable" title={missingPlugins.join("\n")}>
                <Badge tone="amber">Not runnable: plugin not installed</Badge>
              </span>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {run && <ExecuteButton tenant={tenant} namespace={namespace} flowId={id} source={flow.source} action={run.action} refusal={runRefusal} />}
          {can.delete && (
            <Button variant="secondary" type="button" className="text-red-700! hover:bg-red-50!" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          )}
        </div>
      </div>

      {notice && (
        <Notice tone="success" title={notice} onDismiss={() => setNotice(null)} className="mb-4" />
      )}

      <Tabs
        label="Flow sections"
        active={tab}
        onSelect={selectTab}
        tabs={[
          { key: "overview", label: "Overview" },
          { key: "topology", label: "Topology" },
          { key: "editor", label: "Editor" },
          { key: "revisions", label: "Revisions", count: revisions.total },
          ...(sections.executions ? [{ key: "executions", label: "Executions", href: "?tab=executions", keepsEditors: true }] : []),
          ...(sections.triggers ? [{ key: "triggers", label: "Triggers", href: "?tab=triggers", keepsEditors: true }] : []),
        ]}
      />

      <div role="tabpanel" hidden={tab !== "overview"}>
        {tab === "overview" && <FlowOverview outline={outline} />}
      </div>
      <div role="tabpanel" hidden={tab !== "topology"}>
        {tab === "topology" && <FlowTopology tenant={tenant} namespace={namespace} id={id} source={flow.source} revision={flow.revision} />}
      </div>
      <div role="tabpanel" hidden={tab !== "editor"}>
        {(editorOpened || tab === "editor") && (
          <FlowEditorPanel
            tenant={tenant}
            text={draft.text}
            onChange={(text) => setDraft((d) => ({ ...d, text }))}
            base={draft.base}
            dirty={dirty}
            canSave={can.update}
            readOnlyReason={readOnlyReason}
            saving={saving}
            outcome={outcome}
            onSave={save}
            onDiscard={() => {
              setDraft((d) => ({ ...d, text: d.baseSource }));
              setOutcome(null);
            }}
            onLoadLatest={loadLatest}
            onDismiss={() => setOutcome(null)}
          />
        )}
      </div>
      <div role="tabpanel" hidden={tab !== "revisions"}>
        {tab === "revisions" && (
          <FlowRevisions
            tenant={tenant}
            namespace={namespace}
            id={id}
            list={revisions}
            onPage={setRevisionPage}
            current={flow.revision}
            canRestore={can.update}
            onRestore={restore}
          />
        )}
      </div>

      {sections.executions && (
        <div role="tabpanel" hidden={tab !== "executions"}>
          {tab === "executions" && (executions ?? <ServerTabPending what="executions" />)}
        </div>
      )}
      {sections.triggers && (
        <div role="tabpanel" hidden={tab !== "triggers"}>
          {tab === "triggers" && (triggers ?? <ServerTabPending what="triggers" />)}
        </div>
      )}

      <ConfirmDialog
        open={deleting}
        title={`Delete ${id}?`}
        confirmLabel="Delete flow"
        pending={deleteBusy}
        error={deleteError}
        onConfirm={remove}
        onCancel={() => {
          setDeleting(false);
          setDeleteError(null);
        }}
      >
        The flow <span className="font-mono text-slate-900">{namespace}.{id}</span> disappears from lists and from the API. Its{" "}
        {revisions.total} revision{revisions.total === 1 ? " is" : "s are"} kept; creating the same id again continues the numbering.
      </ConfirmDialog>
    </>
  );
}

/**
 * A server-read tab shown without its content: reached through the browser's history from a view
 * of the page that did not read it. The page is read again for the current address.
 */
function ServerTabPending({ what }: { what: string }) {
  const router = useRouter();
  useEffect(() => router.refresh(), [router]);
  return <p className="py-6 text-sm text-slate-500">Loading the flow&apos;s {what}…</p>;
}
