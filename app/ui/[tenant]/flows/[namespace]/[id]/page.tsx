import type { Metadata } from "next";
import { Suspense } from "react";
import { FlowDetail } from "@/components/flows/flow-detail";
import { orNotFound, pageTenant } from "@/lib/auth/page";
import { flowPage } from "@/lib/flows/page";
import { toFlowSummary, toRevisionList } from "@/lib/flows/serialize";
import { deleteFlowAction, restoreRevisionAction, saveFlowAction } from "@/lib/flows/actions";
import { toSummary } from "@/components/executions/api";
import { ExecutionsList } from "@/components/executions/executions-list";
import { searchQuery } from "@/lib/api/execution-query";
import { parsePaging } from "@/lib/api/paging";
import type { TenantContext } from "@/lib/authz/context";
import { deleteExecutionsAction, killExecutionsAction, restartExecutionsAction, startExecutionAction } from "@/lib/executions/actions";
import { searchExecutions } from "@/lib/executions/executions";
import { readExecutionFilters, searchParamsOf } from "@/lib/executions/filters";
import { paramsFromRecord } from "@/lib/flows/filters";
import { FlowTriggers } from "@/components/triggers/flow-triggers";
import { flowTriggerRows } from "@/components/triggers/rows";
import { deleteBackfillAction, pauseBackfillAction, setBackfillAction, setTriggerDisabledAction, unlockTriggerAction } from "@/lib/triggers/actions";
import { listTriggerDetails } from "@/lib/triggers/triggers";

type Params = { tenant: string; namespace: string; id: string };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { namespace, id } = await params;
  return { title: `${decode(id)} · ${decode(namespace)}` };
}

export default async function FlowPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const p = await params;
  const namespace = decode(p.namespace);
  const id = decode(p.id);
  // not found and not readable look the same: the 404 page
  const ctx = await pageTenant(p.tenant, { permission: "FLOW", namespace });
  const { flow, revisions, fromGit } = await orNotFound(() => flowPage(ctx, namespace, id));
  const search = await searchParams;
  const { created, tab } = search;
  // the Executions and Triggers tabs are links: their data is read when one of them is the page's tab
  const [executions, triggers] = await Promise.all([
    readsExecutions(ctx, namespace) && tab === "executions" ? flowExecutions(ctx, namespace, id, search) : undefined,
    tab === "triggers" ? flowTriggers(ctx, namespace, id, flow.source) : undefined,
  ]);
  const { disabled, ...view } = toFlowSummary(flow);
  const refusal = !ctx.can("EXECUTION", "CREATE", namespace)
    ? `Running this flow needs EXECUTION:CREATE in namespace ${namespace}.`
    : disabled
      ? "This flow is disabled: a disabled flow runs nothing."
      : null;
  return (
    <Suspense>
      {fromGit && (
        <p data-testid="flow-from-git" className="mb-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600">
          From Git: <span className="font-mono break-all">{fromGit.url}</span>, branch <span className="font-mono">{fromGit.branch}</span>, directory{" "}
          <span className="font-mono">{fromGit.gitDirectory || "/"}</span> (synced by flow <span className="font-mono">{fromGit.flowNamespace}.{fromGit.flowId}</span>; a change
          made here is overwritten by the next sync)
        </p>
      )}
      <FlowDetail
        key={`${namespace}/${id}`}
        tenant={ctx.tenantId}
        initialFlow={view}
        initialRevisions={toRevisionList(revisions)}
        can={{ update: ctx.can("FLOW", "UPDATE", namespace), delete: ctx.can("FLOW", "DELETE", namespace) }}
        actions={{ save: saveFlowAction, restore: restoreRevisionAction, remove: deleteFlowAction }}
        readOnlyReason={`You can read this flow but not change it: saving needs FLOW:UPDATE in namespace ${namespace}.`}
        created={created === "1"}
        run={{ action: startExecutionAction, refusal }}
        sections={{ executions: readsExecutions(ctx, namespace), triggers: true }}
        executions={executions}
        triggers={triggers}
      />
    </Suspense>
  );
}

const readsExecutions = (ctx: TenantContext, namespace: string) => ctx.can("EXECUTION", "READ", namespace);

/** The flow's Executions tab: the executions list fixed to this flow, its first page read here. */
async function flowExecutions(ctx: TenantContext, namespace: string, flowId: string, search: Record<string, string | string[] | undefined>) {
  const fixed = { namespace, flowId };
  const filters = { ...readExecutionFilters(paramsFromRecord(search)), ...fixed };
  const query = searchParamsOf(filters);
  const page = await searchExecutions(ctx, searchQuery(query), parsePaging(query));
  return (
    <ExecutionsList
      tenant={ctx.tenantId}
      initial={{ filters, data: { results: page.results.map(toSummary), total: page.total } }}
      namespaces={[]}
      fixed={fixed}
      can={{ kill: ctx.can("EXECUTION", "UPDATE", namespace), restart: ctx.can("EXECUTION", "CREATE", namespace), remove: ctx.can("EXECUTION", "DELETE", namespace) }}
      actions={{ kill: killExecutionsAction, restart: restartExecutionsAction, remove: deleteExecutionsAction }}
      empty={null}
    />
  );
}

/** The flow's Triggers tab: its Schedules with their state, its other triggers by type. */
async function flowTriggers(ctx: TenantContext, namespace: string, flowId: string, source: string) {
  const page = await listTriggerDetails(ctx, { namespace, flowId }, { page: 1, size: 100 });
  return <FlowTriggers tenant={ctx.tenantId} rows={flowTriggerRows(ctx, namespace, flowId, source, page.results)} actions={TRIGGER_ACTIONS} />;
}

const TRIGGER_ACTIONS = {
  setDisabled: setTriggerDisabledAction,
  unlock: unlockTriggerAction,
  setBackfill: setBackfillAction,
  pauseBackfill: pauseBackfillAction,
  deleteBackfill: deleteBackfillAction,
};
