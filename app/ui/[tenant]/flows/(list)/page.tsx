import type { Metadata } from "next";
import { Suspense } from "react";
import { FlowsBrowser, NewFlowLink } from "@/components/flows/flows-browser";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { FLOWS_PAGE_SIZE, paramsFromRecord, parseLabelFilter, readFlowFilters } from "@/lib/flows/filters";
import { searchFlows } from "@/lib/flows/list";
import { namespaceTree } from "@/lib/namespaces/namespaces";
import { flattenTree } from "@/lib/namespaces/tree";
import { toFlowPage } from "@/lib/flows/serialize";
import { startExecutionAction } from "@/lib/executions/actions";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant } = await params;
  // no permission declared: the search returns only the flows the caller may read (filtered in its query)
  const ctx = await pageTenant(tenant);
  const filters = readFlowFilters(paramsFromRecord(await searchParams));
  const [page, tree] = await Promise.all([
    searchFlows(
      ctx,
      { q: filters.q, namespace: filters.namespace, labels: filters.labels.map((l) => parseLabelFilter(l)!), sort: filters.sort },
      { page: filters.page, size: FLOWS_PAGE_SIZE },
    ),
    namespaceTree(ctx),
  ]);
  const canCreate = ctx.canSomewhere("FLOW", "CREATE");
  return (
    <>
      <PageHeader
        title="Flows"
        description={`The flows you can read in ${ctx.tenant.name}, across all their namespaces.`}
        actions={canCreate && <Suspense><NewFlowLink tenant={ctx.tenantId} /></Suspense>}
      />
      <Suspense>
        <FlowsBrowser
          tenant={ctx.tenantId}
          initial={{ filters, data: toFlowPage(page) }}
          namespaces={flattenTree(tree)}
          newFlow={canCreate ? <NewFlowLink tenant={ctx.tenantId} /> : undefined}
          run={{ action: startExecutionAction, scope: ctx.scope("EXECUTION", "CREATE") }}
        />
      </Suspense>
    </>
  );
}
