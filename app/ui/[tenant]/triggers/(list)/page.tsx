import type { Metadata } from "next";
import Link from "next/link";
import { TriggersTable } from "@/components/triggers/triggers-table";
import { toTriggerRow } from "@/components/triggers/rows";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { parsePaging } from "@/lib/api/paging";
import { pageTenant } from "@/lib/auth/page";
import { paramsFromRecord } from "@/lib/flows/filters";
import { namespaceTree } from "@/lib/namespaces/namespaces";
import { flattenTree } from "@/lib/namespaces/tree";
import { deleteBackfillAction, pauseBackfillAction, setBackfillAction, setTriggerDisabledAction, unlockTriggerAction } from "@/lib/triggers/actions";
import { listTriggerDetails } from "@/lib/triggers/triggers";

export const metadata: Metadata = { title: "Triggers" };

const ACTIONS = {
  setDisabled: setTriggerDisabledAction,
  unlock: unlockTriggerAction,
  setBackfill: setBackfillAction,
  pauseBackfill: pauseBackfillAction,
  deleteBackfill: deleteBackfillAction,
};

const inputClass = "block w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

export default async function TriggersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant } = await params;
  // no permission declared: the list holds only the triggers of flows the caller may read (filtered in its query)
  const ctx = await pageTenant(tenant);
  const search = await searchParams;
  const query = paramsFromRecord(search);
  const namespace = query.get("namespace")?.trim() || undefined;
  const flowId = query.get("flowId")?.trim() || undefined;
  let paging;
  try {
    paging = parsePaging(query);
  } catch {
    paging = { page: 1, size: 25 };
  }
  const [page, tree] = await Promise.all([listTriggerDetails(ctx, { namespace, flowId }, paging), namespaceTree(ctx)]);
  const namespaces = flattenTree(tree);
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  const filtered = !!(namespace || flowId);
  return (
    <>
      <PageHeader title="Triggers" description={`The Schedule triggers of the flows you can read in ${ctx.tenant.name}: when each fires next, and its backfill.`} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" aria-label="Filter triggers">
        <label className="min-w-48 flex-1 text-xs font-medium text-slate-600">
          Namespace
          <select name="namespace" defaultValue={namespace ?? ""} className={`mt-1 ${inputClass}`}>
            <option value="">All namespaces</option>
            {namespaces.map((n) => (
              <option key={n.name} value={n.name}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-48 flex-1 text-xs font-medium text-slate-600">
          Flow id
          <input name="flowId" defaultValue={flowId ?? ""} className={`mt-1 ${inputClass}`} placeholder="Any flow" />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        {filtered && (
          <Link href={`/ui/${ctx.tenantId}/triggers`} className={buttonClass("ghost")}>
            Clear
          </Link>
        )}
      </form>
      {page.results.length === 0 ? (
        <EmptyState title={filtered ? "No trigger matches these filters" : "No Schedule trigger yet"}>
          <p>
            A flow fires on a schedule when its YAML has a Schedule trigger, for instance{" "}
            <code className="text-slate-700">{'triggers: [{ id: daily, type: io.kestra.plugin.core.trigger.Schedule, cron: "0 9 * * *" }]'}</code>. Add
            one in a flow&apos;s editor and save: it is listed here with its next date.
          </p>
        </EmptyState>
      ) : (
        <>
          <TriggersTable tenant={ctx.tenantId} rows={page.results.map((t) => toTriggerRow(ctx, t))} showFlow actions={ACTIONS} />
          <Pager page={page.page} pages={pages} total={page.total} query={search} />
        </>
      )}
    </>
  );
}
